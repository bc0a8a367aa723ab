import { appCounts } from '../../../server/core/insights/appCounts';
import { busiestHours, dailyActivity } from '../../../server/core/insights/dailyActivity';
import { rangeEnd } from '../../../server/core/insights/newestActivity';
import { overview } from '../../../server/core/insights/overview';
import { topUsers } from '../../../server/core/insights/topUsers';
import { resolveApp } from '../../../server/core/appCatalog';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { hasCopilotChatPlan } from '../../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { TimeRange } from '../../../server/core/insights/types';
import { DAY, NOW, syncedTenant, tally, type SyncedTenant } from './syncedTenant';
import { expectEvery } from '../../support/expectEvery';

const day = (at: string) => at.slice(0, 10);
const HOUR = 3_600_000;

/** Whole UTC days a range touches, as the daily aggregates count them. */
function inDays(range: TimeRange, at: string): boolean {
  return day(at) >= day(range.from.toISOString()) && day(at) <= day(new Date(range.to.getTime() - 1).toISOString());
}

describe('overview and per-app figures', () => {
  let s: SyncedTenant;
  const range: TimeRange = { from: new Date(NOW.getTime() - 30 * DAY), to: NOW };
  // A range ending before the newest interaction: figures come from the range's records, not the lastAt indexes.
  const past: TimeRange = {
    from: new Date(NOW.getTime() - 50 * DAY + 7 * HOUR),
    to: new Date(NOW.getTime() - 12 * DAY - 5 * HOUR),
  };
  const ranges: Array<[string, TimeRange, boolean]> = [
    ['ending now', range, true],
    ['ending in the past', past, false],
  ];
  beforeAll(async () => {
    s = await syncedTenant('figures');
  });
  afterAll(async () => s.close());

  function sessionsActive(r: TimeRange) {
    const spans = new Map<string, { first: number; last: number; app: string }>();
    for (const { userId, interaction: i } of s.rows) {
      const key = `${userId}|${i.sessionId}`;
      const at = Date.parse(i.createdDateTime);
      const span = spans.get(key) ?? { first: at, last: at, app: resolveApp(i.appClass).key };
      span.first = Math.min(span.first, at);
      span.last = Math.max(span.last, at);
      spans.set(key, span);
    }
    return [...spans.values()].filter((x) => x.last >= r.from.getTime() && x.first < r.to.getTime());
  }

  it.each(ranges)(
    'counts users, sessions, prompts and responses per app exactly as the stored interactions say (%s)',
    async (_, range, open) => {
      expect((await rangeEnd(s.t.store, s.tenantId, range)).open).toBe(open);
      const expected: Record<string, Record<string, number>> = {};
      const users: Record<string, Set<string>> = {};
      for (const { userId, interaction: i } of s.rows) {
        if (!inDays(range, i.createdDateTime)) continue;
        const app = resolveApp(i.appClass).key;
        const e = (expected[app] ??= { prompts: 0, responses: 0, interactions: 0, sessions: 0, users: 0 });
        tally(e, 'interactions');
        if (i.interactionType === 'userPrompt') tally(e, 'prompts');
        if (i.interactionType === 'aiResponse') tally(e, 'responses');
        (users[app] ??= new Set()).add(userId);
      }
      for (const session of sessionsActive(range)) tally((expected[session.app] ??= {}), 'sessions');
      for (const [app, set] of Object.entries(users)) expected[app]!.users = set.size;

      // Ranges ending now count users from the lastAt indexes; earlier ones read the range's per-user days.
      const dayReads = jest.spyOn(s.t.store.dailyUserActivity, 'find');
      const rows = await appCounts(s.t.store, s.tenantId, range);
      expect(dayReads).toHaveBeenCalledTimes(open ? 0 : 1);
      dayReads.mockRestore();
      expect(rows.length).toBeGreaterThan(3);
      const actual = Object.fromEntries(
        rows.map((r) => [
          r.appKey,
          {
            prompts: r.prompts,
            responses: r.responses,
            interactions: r.interactions,
            sessions: r.sessions,
            users: r.users,
          },
        ]),
      );
      expect(actual).toEqual(expected);
      expect(rows.map((r) => r.interactions)).toEqual([...rows.map((r) => r.interactions)].sort((a, b) => b - a));
      expect(rows.find((r) => r.appKey === 'word')?.appName).toBe('Word');
    },
  );

  it.each(ranges)(
    'sums the overview from the same figures and counts licences, agents and data sources (%s)',
    async (_, range) => {
      const o = await overview(s.t.store, s.tenantId, range);
      const inRange = s.rows.filter((r) => inDays(range, r.interaction.createdDateTime));
      expect(o.activeUsers).toBe(new Set(inRange.map((r) => r.userId)).size);
      expect(o.prompts).toBe(inRange.filter((r) => r.interaction.interactionType === 'userPrompt').length);
      expect(o.responses).toBe(inRange.filter((r) => r.interaction.interactionType === 'aiResponse').length);
      expect(o.sessions).toBe(sessionsActive(range).length);
      const licensed = s.h.tenant.users.filter((u) => u.licensed);
      const everActive = new Set(s.rows.map((r) => r.userId));
      expect(o.licensedUsers).toBe(licensed.length);
      // The export API refuses some users whose licence shows the Copilot plan: unknown, not unused.
      const refused = licensed.filter((u) => !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]));
      expect(refused.length).toBeGreaterThan(0);
      expect(o.licensedUnreadable).toBe(refused.length);
      expect(o.licensedWithoutActivity).toBe(
        licensed.filter((u) => !everActive.has(u.graph.id)).length - refused.length,
      );
      expect(o.licensedWithoutActivity).toBeGreaterThan(0);

      const agents = new Map<string, { first: number; last: number }>();
      const sources = new Map<string, { first: number; last: number }>();
      const widen = (map: Map<string, { first: number; last: number }>, key: string, at: number) => {
        const x = map.get(key) ?? { first: at, last: at };
        map.set(key, { first: Math.min(x.first, at), last: Math.max(x.last, at) });
      };
      for (const { userId, interaction: i } of s.rows) {
        const at = Date.parse(i.createdDateTime);
        widen(agents, `${userId}|${resolveApp(i.appClass).key}`, at);
        for (const source of extractDataSources(i)) widen(sources, source.key, at);
      }
      const active = (x: { first: number; last: number }) =>
        x.last >= range.from.getTime() && x.first < range.to.getTime();
      expect(o.agents).toBe([...agents.values()].filter(active).length);
      expect(o.dataSources).toBe([...sources.values()].filter(active).length);
      expect(o.topUsers).toHaveLength(10);
      expect(o.lastSync?.status).toMatch(/succeeded|completed_with_errors/);
      expect(o.dataAsOf).toEqual(NOW);
      expect(o.daily.length).toBeGreaterThan(0);
    },
  );

  it('lists daily activity per app and the busiest hours for any range and app', async () => {
    const week: TimeRange = { from: new Date('2026-11-10T06:00:00Z'), to: new Date('2026-11-17T00:00:00Z') };
    const expected: Record<string, number> = {};
    const hours = new Array<number>(24).fill(0);
    for (const { interaction: i } of s.rows) {
      if (!inDays(week, i.createdDateTime)) continue;
      tally(expected, `${day(i.createdDateTime)}|${resolveApp(i.appClass).key}`);
      if (resolveApp(i.appClass).key === 'word') hours[new Date(i.createdDateTime).getUTCHours()]! += 1;
    }
    const rows = await dailyActivity(s.t.store, s.tenantId, { range: week });
    expect(Object.fromEntries(rows.map((r) => [`${r.day}|${r.appKey}`, r.interactions]))).toEqual(expected);
    expect(rows[0]!.day).toBe('2026-11-10');
    expect(rows[rows.length - 1]!.day).toBe('2026-11-16');
    const busiest = await busiestHours(s.t.store, s.tenantId, { range: week, appKey: 'word' });
    expect(busiest.map((h) => h.interactions)).toEqual(hours);
    expect(busiest.map((h) => h.hour)).toEqual([...Array(24).keys()]);
  });

  // Default rounds; rounds of 2 candidates (the bounded ranking stops early over several rounds); no rounds at all
  // (the whole range is read). All three must give the same, exact ranking.
  it.each([
    ['default', undefined],
    ['bounded in rounds of 2', { batch: 2, max: 10_000 }],
    ['whole range', { batch: 2, max: 0 }],
  ] as const)('ranks top users by prompts over a range, in one app, and in one department (%s)', async (_, tuning) => {
    const perUser: Record<string, { prompts: number; interactions: number; days: Set<string> }> = {};
    const wordPrompts: Record<string, number> = {};
    const wordInteractions: Record<string, number> = {};
    for (const { userId, interaction: i } of s.rows) {
      if (!inDays(range, i.createdDateTime)) continue;
      const u = (perUser[userId] ??= { prompts: 0, interactions: 0, days: new Set() });
      u.interactions += 1;
      u.days.add(day(i.createdDateTime));
      if (i.interactionType === 'userPrompt') u.prompts += 1;
      if (resolveApp(i.appClass).key === 'word') {
        tally(wordInteractions, userId);
        if (i.interactionType === 'userPrompt') tally(wordPrompts, userId);
      }
    }
    // Ranked from bounds, every read of per-user days is limited to a list of candidates; the whole-range
    // ranking reads them all at once.
    const aggregate = jest.spyOn(s.t.store.dailyUserActivity, 'aggregate');
    const top = await topUsers(s.t.store, s.tenantId, { range, limit: 5 }, tuning);
    const reads = aggregate.mock.calls.map(([pipeline]) => (pipeline as Array<{ $match?: { userId?: unknown } }>)[0]);
    aggregate.mockRestore();
    const candidateReads = reads.filter((stage) => stage?.$match?.userId !== undefined).length;
    if (tuning?.max === 0) expect([candidateReads, reads.length]).toEqual([0, 1]);
    else expect(candidateReads).toBe(reads.length);
    expect(reads.length).toBeGreaterThan(0);
    if (tuning?.max) expect(reads.length).toBeGreaterThan(1); // rounds of 2 for a top 5
    const ranked = Object.entries(perUser).sort(([a, x], [b, y]) => y.prompts - x.prompts || (a < b ? -1 : 1));
    expect(top.map((r) => [r.userId, r.prompts, r.interactions, r.activeDays])).toEqual(
      ranked.slice(0, 5).map(([id, u]) => [id, u.prompts, u.interactions, u.days.size]),
    );
    const profile = s.h.tenant.users.find((u) => u.graph.id === top[0]!.userId)!.graph;
    expect(top[0]!.displayName).toBe(profile.displayName);

    const word = await topUsers(s.t.store, s.tenantId, { range, appKey: 'word', limit: 3 }, tuning);
    const wordRanked = Object.entries(wordInteractions).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    expect(word.map((r) => [r.userId, r.interactions, r.prompts])).toEqual(
      wordRanked.slice(0, 3).map(([id, n]) => [id, n, wordPrompts[id] ?? 0]),
    );

    const department = profile.department!;
    const inDepartment = await topUsers(
      s.t.store,
      s.tenantId,
      { range, department: department.toUpperCase(), limit: 50 },
      tuning,
    );
    const members = new Set(s.h.tenant.users.filter((u) => u.graph.department === department).map((u) => u.graph.id));
    expect(inDepartment.length).toBeGreaterThan(0);
    expect(inDepartment.length).toBe(Object.keys(perUser).filter((id) => members.has(id)).length);
    expectEvery(inDepartment, (r) => r.department === department);
    const departmentRanked = ranked.filter(([id]) => members.has(id)).slice(0, 3);
    const topOfDepartment = await topUsers(s.t.store, s.tenantId, { range, department, limit: 3 }, tuning);
    expect(topOfDepartment.map((r) => [r.userId, r.prompts])).toEqual(
      departmentRanked.map(([id, u]) => [id, u.prompts]),
    );
  });
});
