import {
  activeDaysByUser,
  activeUsersSince,
  departmentsOf,
  departmentTotals,
  interactionCount,
  openRangeStart,
  referenceCounts,
  sessionsSince,
  sourceLeaders,
  userTotals,
  usersInactiveSince,
} from '../../../server/core/insights/askCounts';
import { sourceFacts } from '../../../server/core/insights/askFacts';
import { userRefs } from '../../../server/core/insights/userDirectory';
import type { TimeRange } from '../../../server/core/insights/types';
import { resolveApp } from '../../../server/core/appCatalog';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { departmentKey } from '../../../server/store/departmentKey';
import { DAY, NOW, syncedTenant, tally, type SyncedTenant } from './syncedTenant';

const HOUR = 3_600_000;
const day = (at: string) => at.slice(0, 10);
const dayStart = (at: Date) => new Date(`${at.toISOString().slice(0, 10)}T00:00:00.000Z`);

describe('Ask figures read as counts and per-person totals', () => {
  let s: SyncedTenant;
  // Whole UTC days ending now, an exact rolling window ending now, and a past range.
  const month: TimeRange = {
    from: dayStart(new Date(NOW.getTime() - 29 * DAY)),
    to: dayStart(new Date(NOW.getTime() + DAY)),
  };
  const rolling: TimeRange = { from: new Date(NOW.getTime() - 48 * HOUR), to: NOW };
  const past: TimeRange = {
    from: dayStart(new Date(NOW.getTime() - 40 * DAY)),
    to: dayStart(new Date(NOW.getTime() - 12 * DAY)),
  };
  beforeAll(async () => {
    s = await syncedTenant('askCounts');
  });
  afterAll(async () => s.close());

  const within = (r: TimeRange, at: string) => Date.parse(at) >= r.from.getTime() && Date.parse(at) < r.to.getTime();
  const rowsIn = (r: TimeRange) => s.rows.filter(({ interaction: i }) => within(r, i.createdDateTime));

  it('knows when a range ends after the newest activity, in whole days and in exact times', async () => {
    expect(await openRangeStart(s.t.store, s.tenantId, month, true)).toEqual(month.from);
    expect(await openRangeStart(s.t.store, s.tenantId, rolling, false)).toEqual(rolling.from);
    expect(await openRangeStart(s.t.store, s.tenantId, past, true)).toBeNull();
    // A range ending at the newest interaction (exclusive) is not open: that interaction lies after it.
    const newest = Math.max(...s.rows.map(({ interaction: i }) => Date.parse(i.createdDateTime)));
    expect(await openRangeStart(s.t.store, s.tenantId, { from: rolling.from, to: new Date(newest) }, false)).toBeNull();
    expect(
      await openRangeStart(s.t.store, s.tenantId, { from: rolling.from, to: new Date(newest + 1) }, false),
    ).toEqual(rolling.from);
  });

  it.each([
    ['whole days', month],
    ['a rolling window', rolling],
  ] as const)('counts active users per app and in all from the lastAt indexes (%s)', async (_, range) => {
    const perApp: Record<string, Set<string>> = {};
    const all = new Set<string>();
    for (const { userId, interaction: i } of rowsIn(range)) {
      (perApp[resolveApp(i.appClass).key] ??= new Set()).add(userId);
      all.add(userId);
    }
    const reads = jest.spyOn(s.t.store.dailyUserActivity, 'find');
    const counted = await activeUsersSince(s.t.store, s.tenantId, range, range.from, []);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(all.size).toBeGreaterThan(2);
    expect(counted.all).toBe(all.size);
    expect(Object.fromEntries([...counted.perApp].filter(([, n]) => n > 0))).toEqual(
      Object.fromEntries(Object.entries(perApp).map(([app, users]) => [app, users.size])),
    );
    const word = await activeUsersSince(s.t.store, s.tenantId, range, range.from, ['word']);
    expect([...word.perApp]).toEqual([['word', perApp.word?.size ?? 0]]);
    expect((await activeUsersSince(s.t.store, s.tenantId, range, range.from, null)).perApp.size).toBe(0);
  });

  it('counts the sessions of each app active in a rolling window', async () => {
    const spans = new Map<string, { first: number; last: number; app: string }>();
    for (const { userId, interaction: i } of s.rows) {
      const key = `${userId}|${i.sessionId}`;
      const at = Date.parse(i.createdDateTime);
      const span = spans.get(key) ?? { first: at, last: at, app: resolveApp(i.appClass).key };
      spans.set(key, { ...span, first: Math.min(span.first, at), last: Math.max(span.last, at) });
    }
    const expected: Record<string, number> = {};
    for (const x of spans.values())
      if (x.last >= rolling.from.getTime() && x.first < rolling.to.getTime()) tally(expected, x.app);
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(Object.fromEntries(await sessionsSince(s.t.store, s.tenantId, rolling, []))).toEqual(expected);
  });

  it('counts prompts, responses and interactions of an exact range in the store', async () => {
    const rows = rowsIn(rolling);
    const word = rows.filter(({ interaction: i }) => resolveApp(i.appClass).key === 'word');
    const count = (type: 'userPrompt' | 'aiResponse' | null, appKeys: string[] = []) =>
      interactionCount(s.t.store, s.tenantId, rolling, { appKeys, type });
    expect(rows.length).toBeGreaterThan(10);
    expect(await count(null)).toBe(rows.length);
    expect(await count('userPrompt')).toBe(rows.filter((r) => r.interaction.interactionType === 'userPrompt').length);
    expect(await count('aiResponse')).toBe(rows.filter((r) => r.interaction.interactionType === 'aiResponse').length);
    expect(await count(null, ['word'])).toBe(word.length);
  });

  it('sums each person over whole days, in all apps or some, for everyone or some people', async () => {
    const all: Record<string, { prompts: number; responses: number; interactions: number }> = {};
    const inApps: Record<string, { prompts: number; interactions: number }> = {};
    const days: Record<string, Set<string>> = {};
    for (const { userId, interaction: i } of s.rows) {
      if (day(i.createdDateTime) < day(past.from.toISOString()) || Date.parse(i.createdDateTime) >= past.to.getTime())
        continue;
      const t = (all[userId] ??= { prompts: 0, responses: 0, interactions: 0 });
      const prompt = i.interactionType === 'userPrompt' ? 1 : 0;
      t.interactions += 1;
      t.prompts += prompt;
      t.responses += i.interactionType === 'aiResponse' ? 1 : 0;
      (days[userId] ??= new Set()).add(day(i.createdDateTime));
      if (['word', 'excel'].includes(resolveApp(i.appClass).key)) {
        const a = (inApps[userId] ??= { prompts: 0, interactions: 0 });
        a.interactions += 1;
        a.prompts += prompt;
      }
    }
    const byUser = <T extends { userId: string }>(rows: T[]) =>
      Object.fromEntries(rows.map(({ userId, ...rest }) => [userId, rest]));
    expect(Object.keys(all).length).toBeGreaterThan(5);
    expect(byUser(await userTotals(s.t.store, s.tenantId, past, { userIds: null, appKeys: [] }))).toEqual(all);
    const apps = byUser(await userTotals(s.t.store, s.tenantId, past, { userIds: null, appKeys: ['word', 'excel'] }));
    // Only the people with activity in those apps: the store groups and returns no one else.
    expect(apps).toEqual(Object.fromEntries(Object.entries(inApps).map(([id, t]) => [id, { ...t, responses: 0 }])));
    expect(Object.keys(apps).length).toBeLessThan(Object.keys(all).length);
    const some = Object.keys(all).slice(0, 3);
    expect(
      Object.keys(byUser(await userTotals(s.t.store, s.tenantId, past, { userIds: some, appKeys: [] }))).sort(),
    ).toEqual([...some].sort());
    const active = await activeDaysByUser(s.t.store, s.tenantId, past, null);
    expect(Object.fromEntries(active.map((a) => [a.userId, [...a.days].sort()]))).toEqual(
      Object.fromEntries(Object.entries(days).map(([id, set]) => [id, [...set].sort()])),
    );
  });

  it("sums each department over whole days by the key its people's days carry, as the raw interactions grouped by the directory's department", async () => {
    const keyOf = new Map(s.h.tenant.users.map((u) => [u.graph.id, String(departmentKey(u.graph.department))]));
    type Sums = { prompts: number; responses: number; interactions: number; people: Set<string> };
    const expect_ = (apps: string[] | null, people: Set<string> | null) => {
      const out: Record<string, Sums> = {};
      for (const { userId, interaction: i } of s.rows) {
        const d = day(i.createdDateTime);
        if (d < day(past.from.toISOString()) || Date.parse(i.createdDateTime) >= past.to.getTime()) continue;
        if ((apps && !apps.includes(resolveApp(i.appClass).key)) || (people && !people.has(userId))) continue;
        const t = (out[keyOf.get(userId)!] ??= { prompts: 0, responses: 0, interactions: 0, people: new Set() });
        t.prompts += i.interactionType === 'userPrompt' ? 1 : 0;
        t.responses += !apps && i.interactionType === 'aiResponse' ? 1 : 0;
        t.interactions += 1;
        t.people.add(userId);
      }
      return Object.fromEntries(
        Object.entries(out).map(([k, { people: p, ...t }]) => [k, { ...t, activeUsers: p.size }]),
      );
    };
    const read = async (appKeys: string[], userIds: string[] | null, people = true) =>
      Object.fromEntries(
        (await departmentTotals(s.t.store, s.tenantId, past, { userIds, appKeys, people })).map(
          ({ departmentKey: k, ...t }) => [String(k), t],
        ),
      );
    const all = expect_(null, null);
    expect(Object.keys(all).length).toBeGreaterThan(2);
    expect(await read([], null)).toEqual(all);
    // Without the people, the same sums straight from the days.
    const sums = Object.fromEntries(Object.entries(all).map(([k, t]) => [k, { ...t, activeUsers: null }]));
    expect(await read([], null, false)).toEqual(sums);
    expect(await read(['word', 'excel'], null)).toEqual(expect_(['word', 'excel'], null));
    const some = [...new Set(s.rows.map((r) => r.userId))].slice(0, 5);
    expect(await read([], some)).toEqual(expect_(null, new Set(some)));
  });

  it('lists people last active before a moment, and gives departments as userRefs does', async () => {
    const last: Record<string, number> = {};
    for (const { userId, interaction: i } of s.rows)
      last[userId] = Math.max(last[userId] ?? 0, Date.parse(i.createdDateTime));
    const since = new Date(NOW.getTime() - 10 * DAY);
    const expected = Object.keys(last).filter((id) => last[id]! < since.getTime());
    expect(expected.length).toBeGreaterThan(0);
    expect((await usersInactiveSince(s.t.store, s.tenantId, since)).sort()).toEqual(expected.sort());

    const licensed = s.h.tenant.users.map((u) => u.graph.id);
    const refs = await userRefs(s.t.store, s.tenantId, [...licensed, 'nobody']);
    const expectedDepartments = Object.fromEntries([...refs].map(([id, r]) => [id, r.department]));
    // Over 200 people are looked up by one read of the tenant's people; a few by point lookups.
    const many = [...licensed, ...Array.from({ length: 201 }, (_, n) => `unknown-${n}`), 'nobody'];
    const manyDepartments = await departmentsOf(s.t.store, s.tenantId, many);
    expect(Object.fromEntries([...manyDepartments].filter(([id]) => !id.startsWith('unknown-')))).toEqual(
      expectedDepartments,
    );
    expect(Object.fromEntries(await departmentsOf(s.t.store, s.tenantId, [...licensed, 'nobody']))).toEqual(
      expectedDepartments,
    );
  });

  it('counts references per data source, and per source and person, in a range', async () => {
    const references: Record<string, number> = {};
    const people: Record<string, number> = {};
    for (const { userId, interaction: i } of rowsIn(month))
      for (const source of extractDataSources(i)) {
        tally(references, source.key);
        tally(people, `${source.key}|${userId}`);
      }
    expect(Object.keys(references).length).toBeGreaterThan(5);
    const counted = await referenceCounts(s.t.store, s.tenantId, month, { appKeys: [], userIds: null, perUser: false });
    expect(Object.fromEntries(counted.map((r) => [r.key, r.references]))).toEqual(references);
    const perUser = await referenceCounts(s.t.store, s.tenantId, month, { appKeys: [], userIds: null, perUser: true });
    expect(Object.fromEntries(perUser.map((r) => [`${r.key}|${r.userId}`, r.references]))).toEqual(people);
  });

  it.each([
    ['references', 'referenceCount', undefined],
    ['references to files', 'referenceCount', 'file'],
    ['distinct users', 'userCount', undefined],
  ] as const)('reads the sources that can make a top N by %s, ties at the cut-off included', async (_, by, kind) => {
    const all = await sourceFacts(s.t.store, s.tenantId, kind ? { kind } : {});
    const counts = all.map((f) => f[by]).sort((a, b) => b - a);
    for (const limit of [1, 3, 10]) {
      const cutoff = counts[Math.min(limit, counts.length) - 1]!;
      const leaders = await sourceLeaders(s.t.store, s.tenantId, { by, limit, ...(kind ? { kind } : {}) });
      expect(leaders!.map((f) => f.key).sort()).toEqual(
        all
          .filter((f) => f[by] >= cutoff)
          .map((f) => f.key)
          .sort(),
      );
    }
    // Distinct users have no index by kind: the caller reads every source.
    if (by === 'userCount')
      expect(await sourceLeaders(s.t.store, s.tenantId, { by, limit: 3, kind: 'file' })).toBeNull();
  });
});
