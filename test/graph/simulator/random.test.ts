import { Random, WeightedTable, hashSeed, hashUnit, zipfTable } from '../../../server/graph/simulator/random';

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const draw = (seed: number): number[] => {
      const r = new Random(seed);
      return Array.from({ length: 20 }, () => r.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps integers, floats and picks inside their bounds', () => {
    const r = new Random(1);
    const ints = new Set<number>();
    let floatsOutside = 0;
    for (let i = 0; i < 10_000; i++) {
      ints.add(r.int(3, 7));
      const f = r.next();
      if (f < 0 || f >= 1) floatsOutside++;
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(floatsOutside).toBe(0);
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
  });

  it('makes GUID-shaped ids and base64url text', () => {
    const r = new Random(9);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.base64url(43)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('shuffles into a permutation of the input', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(5).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });

  it('draws weighted items in proportion to their weights', () => {
    const table = new WeightedTable([
      ['rare', 1],
      ['common', 9],
    ] as const);
    const r = new Random(3);
    let common = 0;
    for (let i = 0; i < 20_000; i++) if (table.draw(r) === 'common') common++;
    expect(common / 20_000).toBeGreaterThan(0.87);
    expect(common / 20_000).toBeLessThan(0.93);
  });

  it('makes the first items of a Zipf table far more popular than the tail', () => {
    const table = zipfTable(Array.from({ length: 1_000 }, (_, i) => i));
    const r = new Random(4);
    const counts = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const item = table.draw(r);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect(counts.get(0) ?? 0).toBeGreaterThan(20 * (counts.get(500) ?? 1));
  });

  it('hashes parts to stable seeds and unit numbers', () => {
    expect(hashSeed('a', 1)).toBe(hashSeed('a', 1));
    expect(hashSeed('a', 1)).not.toBe(hashSeed('a', 2));
    expect(hashSeed('1')).not.toBe(hashSeed(1));
    const u = hashUnit('url', 0);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  });
});
