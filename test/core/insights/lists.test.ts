import { listAgents } from '../../../server/core/insights/agents';
import { listDataSources } from '../../../server/core/insights/dataSources';
import { listLicensedInactive } from '../../../server/core/insights/licensedInactive';
import { licenseTotals } from '../../../server/core/insights/storeTotals';
import { listUserSyncErrors } from '../../../server/core/insights/userSyncErrors';
import { listUsers } from '../../../server/core/insights/users';
import type { AgentsQuery, DataSourcesQuery, SortDirection, UsersQuery } from '../../../server/core/insights/types';
import { resolveApp } from '../../../server/core/appCatalog';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { hasCopilotChatPlan } from '../../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { DAY, NOW, syncedTenant, tally, walkPages, type SyncedTenant } from './syncedTenant';
import { expectEvery } from '../../support/expectEvery';

type Comparable = string | number | Date | null;
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
/** Text lists sort case-insensitively, numbers in numeric order; everything else as MongoDB does. */
const cmp = (a: Comparable, b: Comparable): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  return x < y ? -1 : x > y ? 1 : 0;
};
function expectSorted(values: Comparable[], direction: SortDirection): void {
  for (let i = 1; i < values.length; i++) {
    const c = cmp(values[i - 1]!, values[i]!);
    expect(direction === 'asc' ? c <= 0 : c >= 0).toBe(true);
  }
}

describe('the agents, users and data sources lists', () => {
  let s: SyncedTenant;
  const agents: Record<string, { prompts: number; first: number; last: number }> = {};
  beforeAll(async () => {
    s = await syncedTenant('lists');
    for (const { userId, interaction: i } of s.rows) {
      const at = Date.parse(i.createdDateTime);
      const a = (agents[`${userId}|${resolveApp(i.appClass).key}`] ??= { prompts: 0, first: at, last: at });
      if (i.interactionType === 'userPrompt') a.prompts += 1;
      a.first = Math.min(a.first, at);
      a.last = Math.max(a.last, at);
    }
  });
  afterAll(async () => s.close());

  const agentQuery = (overrides: Partial<AgentsQuery> = {}): AgentsQuery => ({
    sort: 'lastAt',
    direction: 'desc',
    limit: 7,
    ...overrides,
  });

  it.each([
    ['lastAt', 'desc'],
    ['firstAt', 'asc'],
    ['interactionCount', 'desc'],
    ['promptCount', 'asc'],
    ['conversationCount', 'desc'],
    ['appName', 'asc'],
    ['userName', 'asc'],
    ['userName', 'desc'],
  ] as const)('walks every agent once, sorted by %s %s, across pages', async (sort, direction) => {
    const walked = await walkPages(
      (cursor) => listAgents(s.t.store, s.tenantId, agentQuery({ sort, direction, cursor })),
      (a) => a.id,
    );
    expect(walked.rows.length).toBe(Object.keys(agents).length);
    expect(walked.pages).toBeGreaterThan(2);
    expect(new Set(walked.totals)).toEqual(new Set([Object.keys(agents).length]));
    const key = sort === 'userName' ? 'displayName' : sort;
    expectSorted(
      walked.rows.map((a) => a[key]),
      direction,
    );
    for (const a of walked.rows) expect(a.promptCount).toBe(agents[`${a.userId}|${a.appKey}`]!.prompts);
    expectEvery(walked.rows, (a) => a.displayName !== null);
  });

  it('filters agents by app, user, department, time range and search', async () => {
    const all = async (q: Partial<AgentsQuery>) =>
      (
        await walkPages(
          (cursor) => listAgents(s.t.store, s.tenantId, agentQuery({ ...q, cursor })),
          (a) => a.id,
        )
      ).rows;
    const word = await all({ appKey: 'word' });
    expect(word.length).toBe(Object.keys(agents).filter((k) => k.endsWith('|word')).length);
    expectEvery(word, (a) => a.appKey === 'word');

    const someUser = s.rows[0]!.userId;
    const mine = await all({ userId: someUser });
    expect(mine.map((a) => a.appKey).sort()).toEqual(
      Object.keys(agents)
        .filter((k) => k.startsWith(`${someUser}|`))
        .map((k) => k.split('|')[1])
        .sort(),
    );

    const range = { from: new Date(NOW.getTime() - 10 * DAY), to: new Date(NOW.getTime() - 5 * DAY) };
    const active = await all({ range });
    const expectedActive = Object.entries(agents).filter(
      ([, a]) => a.last >= range.from.getTime() && a.first < range.to.getTime(),
    );
    expect(active.length).toBe(expectedActive.length);
    expect(active.length).toBeLessThan(Object.keys(agents).length);

    const profile = s.h.tenant.users.find((u) => u.graph.id === someUser)!.graph;
    const department = await all({ department: profile.department! });
    expect(department.length).toBeGreaterThan(0);
    expectEvery(department, (a) => a.department === profile.department);

    const byName = await all({ search: profile.displayName!.slice(0, 6).toLowerCase() });
    expect(byName.some((a) => a.userId === someUser)).toBe(true);
    expectEvery(
      byName,
      (a) =>
        a.displayName!.toLowerCase().includes(profile.displayName!.slice(0, 6).toLowerCase()) ||
        a.userPrincipalName!.toLowerCase().includes(profile.displayName!.slice(0, 6).toLowerCase()),
    );
    const byApp = await all({ search: 'powerp' });
    expect(byApp.length).toBe(Object.keys(agents).filter((k) => k.endsWith('|powerpoint')).length);
    expect(await all({ search: '.*' })).toEqual([]);
  });

  it('pages the users with per-app counts and a 14-day trend from the daily figures', async () => {
    const perUser: Record<string, number> = {};
    const trend: Record<string, number[]> = {};
    const firstTrendDay = new Date(NOW.getTime() - 13 * DAY).toISOString().slice(0, 10);
    for (const { userId, interaction: i } of s.rows) {
      tally(perUser, userId);
      const d = i.createdDateTime.slice(0, 10);
      if (d >= firstTrendDay) {
        const index = Math.round((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${firstTrendDay}T00:00:00Z`)) / DAY);
        (trend[userId] ??= new Array<number>(14).fill(0))[index]! += 1;
      }
    }
    const query: UsersQuery = { sort: 'displayName', direction: 'asc', limit: 6 };
    const walked = await walkPages(
      (cursor) => listUsers(s.t.store, s.tenantId, { ...query, cursor }, NOW),
      (u) => u.userId,
    );
    expect(walked.rows.length).toBe(Object.keys(perUser).length);
    expectSorted(
      walked.rows.map((u) => u.displayName),
      'asc',
    );
    for (const u of walked.rows) {
      expect(u.interactionCount).toBe(perUser[u.userId]);
      expect(Object.values(u.appCounts).reduce((a, b) => a + b, 0)).toBe(perUser[u.userId]);
      expect(u.trend).toEqual(trend[u.userId] ?? new Array(14).fill(0));
    }
    expect(walked.rows.some((u) => u.trend.some((n) => n > 0))).toBe(true);

    const teams = await walkPages(
      (cursor) =>
        listUsers(
          s.t.store,
          s.tenantId,
          { sort: 'lastActiveAt', direction: 'desc', limit: 50, appKey: 'teams', cursor },
          NOW,
        ),
      (u) => u.userId,
    );
    expect(teams.rows.length).toBe(walked.rows.filter((u) => (u.appCounts.teams ?? 0) > 0).length);
    expectSorted(
      teams.rows.map((u) => u.lastActiveAt),
      'desc',
    );
    await expect(listUsers(s.t.store, s.tenantId, { ...query, appKey: 'word.$where' }, NOW)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('keeps the users active in a range: in the app filtered by, and only those with a day in a range ended before today', async () => {
    const page = (query: Partial<UsersQuery>) =>
      walkPages(
        (cursor) =>
          listUsers(
            s.t.store,
            s.tenantId,
            { sort: 'lastActiveAt', direction: 'desc', limit: 50, ...query, cursor },
            NOW,
          ),
        (u) => u.userId,
      ).then((w) => w.rows.map((u) => u.userId).sort());
    const activeIn = (from: number, to: number, app?: string) =>
      [
        ...new Set(
          s.rows
            .filter(({ interaction: i }) => {
              const at = Date.parse(i.createdDateTime);
              return at >= from && at < to && (app === undefined || resolveApp(i.appClass).key === app);
            })
            .map((r) => r.userId),
        ),
      ].sort();
    const spanning = (from: number, to: number, app?: string) =>
      Object.entries(agents)
        .filter(([k]) => app === undefined || k.endsWith(`|${app}`))
        .map(([k]) => k.split('|')[0]!)
        .filter((userId) => {
          const mine = Object.entries(agents).filter(([k]) => k.startsWith(`${userId}|`));
          return mine.some(([, a]) => a.last >= from) && mine.some(([, a]) => a.first < to);
        });

    // The last 7 days in Teams: a user active then only in other apps, who once used Teams, is not listed.
    const week = { from: new Date(NOW.getTime() - 7 * DAY), to: NOW };
    const teams = activeIn(week.from.getTime(), NOW.getTime(), 'teams');
    expect(teams.length).toBeGreaterThan(0);
    expect(new Set(spanning(week.from.getTime(), NOW.getTime(), 'teams')).size).toBeGreaterThan(teams.length);
    expect(await page({ range: week, appKey: 'teams' })).toEqual(teams);

    // Ten to five days ago, whole UTC days: a user active before and after it but not in it is not listed.
    const dayStart = (t: number) => Date.parse(`${new Date(t).toISOString().slice(0, 10)}T00:00:00Z`);
    const past = {
      from: new Date(dayStart(NOW.getTime() - 10 * DAY)),
      to: new Date(dayStart(NOW.getTime() - 5 * DAY)),
    };
    const inPast = activeIn(past.from.getTime(), past.to.getTime());
    expect(inPast.length).toBeGreaterThan(0);
    expect(new Set(spanning(past.from.getTime(), past.to.getTime())).size).toBeGreaterThan(inPast.length);
    expect(await page({ range: past })).toEqual(inPast);
    expect(await page({ range: past, appKey: 'word' })).toEqual(
      activeIn(past.from.getTime(), past.to.getTime(), 'word'),
    );
  });

  /** Licensed users the export API refuses although their licence shows the Copilot plan (the sync asks, gets 403). */
  const refusedIds = () =>
    new Set(
      s.h.tenant.users
        .filter((u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]))
        .map((u) => u.graph.id),
    );

  it('lists licensed users without activity, with the disabled-plan ones among them and never an unreadable one', async () => {
    const everActive = new Set(s.rows.map((r) => r.userId));
    const refused = refusedIds();
    expect(refused.size).toBeGreaterThan(0);
    const expected = s.h.tenant.users.filter(
      (u) => u.licensed && !everActive.has(u.graph.id) && !refused.has(u.graph.id),
    );
    expect(expected.some((u) => !u.copilotEnabled)).toBe(true);
    const walked = await walkPages(
      (cursor) => listLicensedInactive(s.t.store, s.tenantId, { limit: 2, cursor }),
      (u) => u.userId,
    );
    expect(walked.rows.map((u) => u.userId).sort()).toEqual(expected.map((u) => u.graph.id).sort());
    expectSorted(
      walked.rows.map((u) => u.displayName),
      'asc',
    );
    const one = expected[0]!.graph;
    const found = await listLicensedInactive(s.t.store, s.tenantId, { limit: 50, search: one.userPrincipalName! });
    expect(found.items.map((u) => u.userId)).toEqual([one.id]);
  });

  it('lists the users whose history the export API refused, with what Graph said, and counts them apart', async () => {
    const refused = refusedIds();
    const walked = await walkPages(
      (cursor) => listUserSyncErrors(s.t.store, s.tenantId, { limit: 1, cursor, withoutActivity: true }),
      (u) => u.userId,
    );
    expect(walked.rows.map((u) => u.userId).sort()).toEqual([...refused].sort());
    for (const row of walked.rows) {
      expect(row).toMatchObject({ errorStatus: 403, hasActivity: false, lastReadAt: null, lastErrorAt: NOW });
      expect(row.errorMessage).toBeTruthy();
      expect(row.advice).toMatch(/licence/);
      expect(row.displayName).not.toBeNull();
    }
    const totals = await licenseTotals(s.t.store, s.tenantId);
    const inactive = await listLicensedInactive(s.t.store, s.tenantId, { limit: 1 });
    expect(totals.licensedUsersUnreadable).toBe(refused.size);
    expect(totals.licensedUsersWithoutActivity).toBe(inactive.total);

    // Read successfully later, the user is an ordinary licence without activity again.
    const [first] = [...refused];
    await s.t.store.syncState.updateOne({ tenantId: s.tenantId, userId: first }, { $set: { status: 'ok' } });
    try {
      const after = await listLicensedInactive(s.t.store, s.tenantId, { limit: 500 });
      expect(after.items.map((u) => u.userId)).toContain(first);
      expect((await licenseTotals(s.t.store, s.tenantId)).licensedUsersUnreadable).toBe(refused.size - 1);
    } finally {
      await s.t.store.syncState.updateOne({ tenantId: s.tenantId, userId: first }, { $set: { status: 'error' } });
    }
  });

  it('ranks data sources by references and by distinct users, filtered by kind, app and search', async () => {
    const refs: Record<string, number> = {};
    const users: Record<string, Set<string>> = {};
    const kinds: Record<string, string> = {};
    for (const { userId, interaction: i } of s.rows)
      for (const source of extractDataSources(i)) {
        tally(refs, source.key);
        (users[source.key] ??= new Set()).add(userId);
        kinds[source.key] = source.kind;
      }
    const query = (q: Partial<DataSourcesQuery>): DataSourcesQuery => ({
      sort: 'referenceCount',
      direction: 'desc',
      limit: 25,
      ...q,
    });
    const walked = await walkPages(
      (cursor) => listDataSources(s.t.store, s.tenantId, query({ cursor })),
      (d) => d.key,
    );
    expect(walked.rows.length).toBe(Object.keys(refs).length);
    expectSorted(
      walked.rows.map((d) => d.referenceCount),
      'desc',
    );
    for (const d of walked.rows) {
      expect(d.referenceCount).toBe(refs[d.key]);
      expect(d.userCount).toBe(users[d.key]!.size);
    }
    const byUsers = await listDataSources(s.t.store, s.tenantId, query({ sort: 'userCount' }));
    expect(byUsers.items[0]!.userCount).toBe(Math.max(...Object.values(users).map((x) => x.size)));
    const files = await walkPages(
      (cursor) =>
        listDataSources(s.t.store, s.tenantId, query({ kind: 'file', sort: 'name', direction: 'asc', cursor })),
      (d) => d.key,
    );
    expect(files.rows.length).toBe(Object.values(kinds).filter((k) => k === 'file').length);
    expectSorted(
      files.rows.map((d) => d.name),
      'asc',
    );
    const word = await walkPages(
      (cursor) => listDataSources(s.t.store, s.tenantId, query({ appKey: 'word', cursor })),
      (d) => d.key,
    );
    expect(word.rows.length).toBeGreaterThan(0);
    expectEvery(word.rows, (d) => d.appKeys.includes('word'));
    const target = walked.rows.find((d) => d.name)!;
    const searched = await listDataSources(s.t.store, s.tenantId, query({ search: target.name! }));
    expect(searched.items.map((d) => d.key)).toContain(target.key);
  });
});
