import type * as W from '../../server/api/contracts';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call, parseCsv } from './apiClient';

interface RawPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** The users list and the data sources list over a time range: the rows active (used) in it, counts all-time. */
describe('GET /api/users and /api/data-sources with from/to', () => {
  let h: AppHarness;
  let admin: string;
  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });

  /** Every row of a list (pages of 200). */
  async function all<T>(path: string): Promise<{ items: T[]; total: number }> {
    const items: T[] = [];
    let cursor: string | null = null;
    let total: number;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const answer: Awaited<ReturnType<typeof get<RawPage<T>>>> = await get<RawPage<T>>(
        `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(answer.status).toBe(200);
      items.push(...answer.body.items);
      total = answer.body.total;
      cursor = answer.body.nextCursor;
    } while (cursor);
    return { items, total };
  }

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 20 });
    admin = await h.tokens.admin();
  });
  afterAll(async () => h.close());

  const FROM = '2026-11-18';
  const TO = '2026-11-20';
  const from = Date.parse(`${FROM}T00:00:00Z`);
  const to = Date.parse(`${TO}T00:00:00Z`);

  it('keeps the users active in the range (last active on or after from, first active before to), all-time counts', async () => {
    const everyone = await all<W.UserRow>('/api/users');
    const expected = everyone.items.filter(
      (u) => Date.parse(u.lastActiveAt) >= from && Date.parse(u.firstActiveAt) < to,
    );
    const ranged = await all<W.UserRow>(`/api/users?from=${FROM}&to=${TO}`);
    // The range must make a difference on this tenant, or the test shows nothing.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(everyone.items.length);
    expect(ranged.total).toBe(expected.length);
    expect(ranged.items.map((u) => u.userId).sort()).toEqual(expected.map((u) => u.userId).sort());
    // The rows are the all-time rows (counts are all-time), in the requested order.
    const byId = new Map(everyone.items.map((u) => [u.userId, u]));
    for (const row of ranged.items) expect({ ...row, trend: [] }).toEqual({ ...byId.get(row.userId), trend: [] });
    const sorted = await all<W.UserRow>(`/api/users?from=${FROM}&to=${TO}&sort=promptCount&direction=desc`);
    const counts = sorted.items.map((u) => u.promptCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(sorted.total).toBe(expected.length);
  });

  it('keeps the data sources referenced in the range, and exports the same rows as CSV', async () => {
    const every = await all<W.DataSourceRow>('/api/data-sources');
    const expected = every.items.filter((s) => Date.parse(s.lastAt) >= from && Date.parse(s.firstAt) < to);
    const ranged = await all<W.DataSourceRow>(`/api/data-sources?from=${FROM}&to=${TO}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(every.items.length);
    expect(ranged.total).toBe(expected.length);
    expect(ranged.items.map((s) => s.key).sort()).toEqual(expected.map((s) => s.key).sort());
    const csv = await get(`/api/data-sources?from=${FROM}&to=${TO}&format=csv`);
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.text).length - 1).toBe(expected.length);
  });

  it('refuses bad ranges with a 400 naming the parameter: not a date, not on the calendar, reversed, too long', async () => {
    for (const list of ['/api/users', '/api/data-sources']) {
      for (const [query, names] of [
        ['from=yesterday', /'from'/],
        ['to=2026-13-45', /'to'/],
        ['from=2026-02-30', /'from'/],
        ['from=2026-11-10&to=2026-11-01', /./],
        ['from=2025-01-01&to=2026-11-01', /./],
        ['from=2026-11-01&from=2026-11-02', /'from'/],
      ] as const) {
        const answer = await get<W.ApiError>(`${list}?${query}`);
        expect({ list, query, status: answer.status, code: answer.body.error.code }).toEqual({
          list,
          query,
          status: 400,
          code: 'validation_failed',
        });
        expect(answer.body.error.message).toMatch(names);
      }
    }
  });
});
