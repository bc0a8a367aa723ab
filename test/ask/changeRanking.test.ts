import { MongoClient } from 'mongodb';
import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { createStore } from '../../server/store/Store';
import { allRows, fixedEngineDeps } from './askKit';
import { NOW, syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';

/**
 * "Which app had the biggest drop": rows ranked by their change against the period before (the biggest fall, rise or
 * change first), the summary naming that row, the figures those of the plain comparison; and a change between periods
 * of different lengths said to be one.
 */
describe('ranking by change against the period before', () => {
  let s: SyncedTenant;
  let client: MongoClient;
  let deps: EngineDeps;

  beforeAll(async () => {
    s = await syncedTenant('changeRanking');
    client = new MongoClient(s.t.uri);
    await client.connect();
    deps = await fixedEngineDeps(createStore(client.db(s.t.dbName)), s.tenantId, NOW);
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
  });

  const change = (row: Record<string, unknown>) => {
    const [value, before] = [Number(row.value), Number(row.previous)];
    return before === 0 ? (value === 0 ? 0 : Number.POSITIVE_INFINITY) : (value - before) / before;
  };
  /** The plain comparison's rows by app: the same figures, ordered by this period's figure. */
  async function compared(): Promise<Map<string, [number, number]>> {
    const plain = await ask(deps, 'change in prompts by app in the last 14 days');
    expect(plain.kind).toBe('table');
    return new Map((await allRows(deps, plain)).map((r) => [String(r.app), [Number(r.value), Number(r.previous)]]));
  }

  it('puts the biggest fall first and names it, with the figures of the plain comparison', async () => {
    const plain = await compared();
    const moved = [...plain.values()].filter(([now, before]) => now !== before);
    expect(moved.some(([now, before]) => now < before)).toBe(true);
    const answer = await ask(deps, 'which app had the biggest drop in prompts in the last 14 days');
    expect(answer.interpretation).toContain('biggest fall first');
    expect(answer.interpretation).toContain('vs the period before');
    const rows = await allRows(deps, answer);
    expect(rows).toHaveLength(plain.size);
    const changes = rows.map(change);
    expect(changes).toEqual([...changes].sort((a, b) => a - b));
    for (const row of rows) expect(plain.get(String(row.app))).toEqual([Number(row.value), Number(row.previous)]);
    const first = rows[0]!;
    expect(Number(first.value)).toBeLessThan(Number(first.previous));
    expect(answer.summary).toContain(
      `Biggest fall: ${String(first.app)}, from ${Number(first.previous)} to ${Number(first.value)} (${String(first.change)})`,
    );
  });

  it('puts the biggest rise first, and the biggest change either way first when no way is said', async () => {
    const rise = await ask(deps, 'which app grew the most in prompts in the last 14 days');
    expect(rise.interpretation).toContain('biggest rise first');
    // Rows new in the period (no share to rise by) come after every row that rose by a share of what it had.
    const newLast = (changes: number[]) => {
      const shared = changes.filter(Number.isFinite);
      expect(changes).toEqual([...shared.sort((a, b) => b - a), ...changes.filter((c) => !Number.isFinite(c))]);
    };
    const up = (await allRows(deps, rise)).map(change);
    expect(up.some((c) => !Number.isFinite(c))).toBe(true);
    newLast(up);
    const size = await ask(deps, 'which app changed the most in prompts in the last 14 days');
    expect(size.interpretation).toContain('biggest change first');
    newLast((await allRows(deps, size)).map((r) => Math.abs(change(r))));
  });

  it('puts the smallest rise first when the least growth is asked, among the rows that rose', async () => {
    const plain = await compared();
    const rose = [...plain].filter(([, [now, before]]) => now > before);
    expect(rose.length).toBeGreaterThan(1);
    for (const question of [
      'which apps grew the least in prompts in the last 14 days',
      'what apps increased the least in prompts over the last 14 days',
    ]) {
      const answer = await ask(deps, question);
      expect(answer.interpretation).toContain('smallest rise first');
      const rows = await allRows(deps, answer);
      expect(rows.map((r) => String(r.app)).sort()).toEqual(rose.map(([app]) => app).sort());
      const changes = rows.map(change);
      expect(changes).toEqual([...changes].sort((a, b) => a - b));
      for (const row of rows) expect(plain.get(String(row.app))).toEqual([Number(row.value), Number(row.previous)]);
      const first = rows[0]!;
      expect(answer.summary).toContain(`Smallest rise: ${String(first.app)}, from ${Number(first.previous)}`);
    }
  });

  it('says when the two periods compared differ in length', async () => {
    // This week so far (Monday 16 to Friday 20 November) against the whole of last week.
    const answer = await ask(deps, 'prompts by app this week compared to last week');
    expect(answer.kind).toBe('table');
    expect(answer.summary).toContain(
      'The periods differ in length (16 Nov 2026 – 20 Nov 2026: 5 days; 9 Nov 2026 – 15 Nov 2026: 7 days)',
    );
    const even = await ask(deps, 'change in prompts by app in the last 14 days');
    expect(even.kind).toBe('table');
    expect(even.summary).not.toContain('differ in length');
  });
});
