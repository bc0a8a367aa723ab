import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { createStore } from '../../server/store/Store';
import { departmentKey } from '../../server/store/departmentKey';
import { allRows, fixedEngineDeps } from './askKit';
import { resolveApp } from '../../server/core/appCatalog';
import { weekStart } from '../../server/core/ask/dimensions';
import { NOW, syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';
import { createSyncFacts } from '../../server/core/insights/syncFacts';

/**
 * What an answer reads, seen as the driver's commands and replies (command monitoring): a ranking by person reads the
 * names of the people it shows, not of everyone it ranked, and gets from the store only the rows it shows; "never
 * used" reads the never active only.
 */
describe('reads of Ask answers', () => {
  let s: SyncedTenant;
  let client: MongoClient;
  let deps: EngineDeps;
  const commands: CommandStartedEvent[] = [];
  const replies: CommandSucceededEvent[] = [];

  beforeAll(async () => {
    s = await syncedTenant('shownNames');
    client = new MongoClient(s.t.uri, { monitorCommands: true });
    await client.connect();
    client.on('commandStarted', (event) => commands.push(event));
    client.on('commandSucceeded', (event) => replies.push(event));
    deps = await fixedEngineDeps(createStore(client.db(s.t.dbName)), s.tenantId, NOW);
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
  });

  /** The answer, and the ids of the people looked up by `_id` while answering (after a first, warming ask). */
  async function lookedUp(question: string) {
    await ask(deps, question);
    commands.length = 0;
    replies.length = 0;
    const answer = await ask(deps, question);
    const ids = commands
      .filter((c) => c.commandName === 'find' && c.command.find === 'users' && c.command.filter?._id?.$in)
      .flatMap((c) => c.command.filter._id.$in as unknown[]);
    return { answer, ids };
  }

  it('looks up the three people a top 3 in one app shows, and ranks them as a longer list does', async () => {
    const everyone = await lookedUp('top 40 users in Word in the last 30 days');
    const ranked = everyone.answer.totalRows;
    expect(ranked).toBeGreaterThan(3);
    expect(everyone.ids.length).toBe(ranked);

    const top = await lookedUp('top 3 users in Word in the last 30 days');
    expect(top.answer.interpretation).toContain('Word');
    expect(top.ids.length).toBe(3);
    // The same three, in the same order, with the same figures and their names (not their ids).
    expect(top.answer.rows).toEqual(everyone.answer.rows.slice(0, 3));
    for (const row of top.answer.rows) expect(String(row.user)).not.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names every person a condition keeps (a condition has no cut-off)', async () => {
    const { answer, ids } = await lookedUp('users with more than 1 prompt in Word in the last 30 days');
    expect(answer.totalRows).toBeGreaterThan(0);
    expect(ids.length).toBeGreaterThanOrEqual(answer.totalRows);
    for (const row of answer.rows) expect(String(row.user)).not.toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads the hours and nothing else for the bot's busiest hours: whom the sync could not read is shared, not re-read", async () => {
    const question = 'busiest hours this month';
    const alone = await ask(deps, question);
    const shared = { ...deps, syncFacts: createSyncFacts(deps.store, deps.tenantId, 60_000, () => 0) };
    await ask(shared, question);
    commands.length = 0;
    const answer = await ask(shared, question);
    expect(commands.map((c) => `${c.commandName} ${String(c.command[c.commandName])}`)).toEqual(['find dailyActivity']);
    expect(answer.rows.length).toBeGreaterThan(0);
    expect({ ...answer, answeredAt: null }).toEqual({ ...alone, answeredAt: null });
  });

  it("gets only a top 5's rows (and the one after, for ties) from the store, of a week's many active people", async () => {
    const week = new Set<string>();
    for (const { userId, interaction } of s.rows)
      if (interaction.createdDateTime >= '2026-11-16' && Date.parse(interaction.createdDateTime) < NOW.getTime())
        week.add(userId);
    expect(week.size).toBeGreaterThan(6);
    const { answer } = await lookedUp('top 5 users this week');
    expect(answer.rows).toHaveLength(5);
    const ranking = commands.find((c) => c.commandName === 'aggregate' && c.command.aggregate === 'dailyUserActivity');
    const reply = replies.find((r) => r.requestId === ranking?.requestId);
    expect((reply?.reply as { cursor: { firstBatch: unknown[] } }).cursor.firstBatch).toHaveLength(6);
  });

  it("gets one row per department from the store for figures by department, and reads no one's users record", async () => {
    const departments = new Set(s.h.tenant.users.map((u) => u.graph.department?.trim().toLowerCase() ?? null));
    const active = new Set(s.rows.filter((r) => r.interaction.createdDateTime >= '2026-10-20').map((r) => r.userId));
    expect(active.size).toBeGreaterThan(departments.size);
    const questions = ['prompts by department in the last 30 days', 'active users by department in Word last month'];
    // Every department on its own (this tenant's are small): the rows are the store's rows.
    const small = { ...deps, minGroupSize: 1 };
    for (const question of questions) {
      await ask(small, question);
      commands.length = 0;
      replies.length = 0;
      const answer = await ask(small, question);
      expect(answer.rows.length).toBeGreaterThan(1);
      const reads = commands.filter((c) => c.command.aggregate === 'dailyUserActivity');
      expect(reads).toHaveLength(1);
      const reply = replies.find((r) => r.requestId === reads[0]!.requestId);
      const rows = (reply?.reply as { cursor: { firstBatch: Array<{ _id: string | null }> } }).cursor.firstBatch;
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => departments.has(r._id))).toBe(true);
      expect(commands.filter((c) => c.command.find === 'users')).toEqual([]);
    }
  });

  it("reads a department filter's days by their key, unless a member's users record has another department", async () => {
    const store = createStore(client.db(s.t.dbName));
    const departmentOf = new Map(s.h.tenant.users.map((u) => [u.graph.id, u.graph.department]));
    // Last month (October) from NOW: who was active, by their department.
    const active = new Map<string, Set<string>>();
    for (const { userId, interaction } of s.rows) {
      const department = String(departmentOf.get(userId));
      if (interaction.createdDateTime.startsWith('2026-10'))
        active.set(department, (active.get(department) ?? new Set()).add(userId));
    }
    const [a, b] = [...active].sort((x, y) => y[1].size - x[1].size).map(([d]) => d);
    const small = { ...deps, minGroupSize: 1 };
    const question = `${a} vs ${b} active users last month`;
    const matchOf = () => commands.find((c) => c.command.aggregate === 'dailyUserActivity')?.command.pipeline[0].$match;
    await ask(small, question);
    commands.length = 0;
    const answer = await ask(small, question);
    expect(answer.rows.map((r) => [r.department, r.value]).sort()).toEqual(
      [
        [a, active.get(a!)!.size],
        [b, active.get(b!)!.size],
      ].sort(),
    );
    expect(matchOf()).toMatchObject({ departmentKey: { $in: [departmentKey(a), departmentKey(b)] } });
    expect(matchOf()).not.toHaveProperty('userId');

    // Someone active in another department whom the directory now puts in the first (their users record, which their
    // days follow, still says the other): a member by the filter, counted in their own department as before, read by id.
    const mover = s.h.tenant.users.find(
      (u) => u.licensed && ![a, b].includes(u.graph.department!) && s.rows.some((r) => r.userId === u.graph.id),
    )!.graph.id;
    const directory = { tenantId: s.tenantId, userId: mover };
    await store.directoryUsers.updateOne(directory, { $set: { department: a!, departmentKey: departmentKey(a) } });
    try {
      commands.length = 0;
      const moved = await ask(small, question);
      expect(matchOf()?.userId?.$in).toContain(mover);
      expect(moved.rows.filter((r) => [a, b].includes(String(r.department)))).toEqual(answer.rows);
    } finally {
      const back = departmentOf.get(mover) ?? null;
      await store.directoryUsers.updateOne(directory, {
        $set: { department: back, departmentKey: departmentKey(back) },
      });
    }
  });

  /** Prompts per person whose interactions pass `keep`, most first, ties by id, as [name, prompts] (no zeros). */
  function promptRanking(keep: (at: string, appKey: string) => boolean, limit: number) {
    const prompts = new Map<string, number>();
    for (const { userId, interaction: i } of s.rows)
      if (i.interactionType === 'userPrompt' && keep(i.createdDateTime, resolveApp(i.appClass).key))
        prompts.set(userId, (prompts.get(userId) ?? 0) + 1);
    const name = (id: string) => s.h.tenant.users.find((u) => u.graph.id === id)!.graph.displayName;
    return [...prompts]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([id, n]) => [name(id), n]);
  }

  /** The reply to the answer's one read of the per-person days, and that read. */
  function dailyUserRead() {
    const reads = commands.filter(
      (c) => c.command.aggregate === 'dailyUserActivity' || c.command.find === 'dailyUserActivity',
    );
    expect(reads).toHaveLength(1);
    const reply = replies.find((r) => r.requestId === reads[0]!.requestId);
    return { read: reads[0]!.command, rows: (reply?.reply as { cursor: { firstBatch: unknown[] } }).cursor.firstBatch };
  }

  it("ranks one app's people in the store: a top 3 in one app over 13 days gets 4 rows back, the stored interactions' top 3", async () => {
    // 13 days: under the 14 from which a ranking starts from all-time bounds.
    const week = (at: string) => at.slice(0, 10) >= '2026-11-07' && at.slice(0, 10) <= '2026-11-19';
    const apps = { word: 'Word', excel: 'Excel', teams: 'Teams', outlook: 'Outlook', powerpoint: 'PowerPoint' };
    const [key, name] = Object.entries(apps)
      .map(([k, n]) => [k, n, promptRanking((at, app) => week(at) && app === k, 1_000).length] as const)
      .sort((x, y) => y[2] - x[2])[0]!;
    const everyone = promptRanking((at, app) => week(at) && app === key, 1_000);
    expect(everyone.length).toBeGreaterThan(4);
    const { answer } = await lookedUp(`top 3 users in ${name} between 2026-11-07 and 2026-11-19`);
    expect(answer.interpretation).toContain(name);
    expect(answer.rows.map((r) => [r.user, r.value])).toEqual(everyone.slice(0, 3));
    const { read, rows } = dailyUserRead();
    expect(read.pipeline[0].$match).toMatchObject({ [`appCounts.${key}`]: { $gt: 0 } });
    expect(rows).toHaveLength(4);
  });

  it("reads a day's top 3 as the first 4 of the day's records in ranking order, the stored interactions' top 3", async () => {
    const yesterday = promptRanking((at) => at.startsWith('2026-11-19'), 1_000);
    expect(yesterday.length).toBeGreaterThan(4);
    const { answer } = await lookedUp('top 3 users yesterday');
    expect(answer.rows.map((r) => [r.user, r.value])).toEqual(yesterday.slice(0, 3));
    const { read, rows } = dailyUserRead();
    expect(read).toMatchObject({ filter: { day: '2026-11-19' }, limit: 4 });
    expect([...(read.sort as Map<string, number>)]).toEqual([
      ['promptCount', -1],
      ['userId', 1],
    ]);
    expect(rows).toHaveLength(4);
  });

  it('counts weekly active people, one row a week, as many as the stored interactions have', async () => {
    const people = new Map<string, Set<string>>();
    for (const { userId, interaction: i } of s.rows) {
      const week = weekStart(i.createdDateTime.slice(0, 10));
      people.set(week, (people.get(week) ?? new Set()).add(userId));
    }
    const { answer } = await lookedUp('weekly active users over the last 8 weeks');
    const rows = answer.rows.filter((r) => r.week);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    // The first week may start inside the period: only its days in the period count.
    const seen = (week: unknown) => people.get(String(week))?.size ?? 0;
    expect(Number(rows[0]!.value)).toBeLessThanOrEqual(seen(rows[0]!.week));
    for (const row of rows.slice(1)) expect([row.week, row.value]).toEqual([row.week, seen(row.week)]);
  });

  it('reads only the never active for licensed users who never used Copilot, and counts the rest', async () => {
    const store = createStore(client.db(s.t.dbName));
    const holders = await store.directoryUsers.find({ tenantId: s.tenantId }).toArray();
    // Users whose history could not be read are neither (their use is unknown).
    const unknown = new Set(
      (await store.syncState.find({ tenantId: s.tenantId, status: 'error' }).toArray()).map((u) => u.userId),
    );
    const never = holders.filter((u) => !u.hasActivity && !unknown.has(u.userId));
    expect(never.length).toBeGreaterThan(0);
    expect(never.length).toBeLessThan(holders.length);
    const { answer } = await lookedUp('licensed users who never used copilot');
    expect(answer.totalRows).toBe(never.length);
    expect(answer.summary).toContain(`(of ${holders.length} licensed)`);
    const reads = commands.filter((c) => c.commandName === 'find' && c.command.find === 'directoryUsers');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.command.filter).toMatchObject({ hasActivity: false });
  });

  /** The driver's events in the order they came: `s<id>` a command sent, `r<id>` its reply. */
  const events: string[] = [];
  beforeAll(() => {
    client.on('commandStarted', (event) => events.push(`s${event.requestId}`));
    client.on('commandSucceeded', (event) => events.push(`r${event.requestId}`));
  });

  /** Whether the first commands matching `a` and `b` were both sent before either was answered. */
  function sentTogether(a: (c: CommandStartedEvent) => boolean, b: (c: CommandStartedEvent) => boolean): boolean {
    const [x, y] = [commands.find(a), commands.find(b)];
    if (!x || !y) return false;
    const at = (kind: 's' | 'r', c: CommandStartedEvent) => events.lastIndexOf(`${kind}${c.requestId}`);
    return at('r', x) > 0 && at('r', y) > 0 && at('s', x) < at('r', y) && at('s', y) < at('r', x);
  }

  /** A find's sort as an object (the driver sends it as a Map). */
  const sortOf = (c: CommandStartedEvent): Record<string, unknown> => Object.fromEntries(c.command.sort ?? []);

  const sourceCounts = async () =>
    (await createStore(client.db(s.t.dbName)).dataSources.find({ tenantId: s.tenantId }).toArray())
      .map((d) => d.referenceCount)
      .sort((a, b) => b - a);
  const dataSourceReads = () => commands.filter((c) => c.command[c.commandName] === 'dataSources');

  it('reads a top N of data sources in one read of N + 1 sources when the one after the cut-off counts less', async () => {
    const counts = await sourceCounts();
    const limit = [...counts.keys()].find((i) => i >= 2 && counts[i - 1]! > counts[i]!);
    expect(limit).toBeDefined();
    const { answer } = await lookedUp(`top ${limit} most referenced data sources`);
    expect(answer.totalRows).toBe(limit);
    expect(answer.rows.map((r) => r.value)).toEqual(counts.slice(0, Math.min(limit!, 10)));
    expect(answer.summary).not.toContain('tied');
    const reads = dataSourceReads();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.command).toMatchObject({ find: 'dataSources', limit: limit! + 1 });
    expect(sortOf(reads[0]!)).toEqual({ referenceCount: -1 });
  });

  it('reads the sources tied at a top N cut-off too, and says how many more are tied', async () => {
    const counts = await sourceCounts();
    const limit = [...counts.keys()].find((i) => i >= 2 && counts[i - 1] === counts[i]);
    expect(limit).toBeDefined();
    const tiedOut = counts.filter((n, i) => i >= limit! && n === counts[limit! - 1]).length;
    const { answer } = await lookedUp(`top ${limit} most referenced data sources`);
    expect(answer.totalRows).toBe(limit);
    expect(answer.summary).toContain(`${tiedOut} more ${tiedOut === 1 ? 'is' : 'are'} tied at ${counts[limit! - 1]}`);
    const reads = dataSourceReads();
    expect(reads).toHaveLength(2);
    expect(reads[1]!.command.filter).toMatchObject({ referenceCount: { $gte: counts[limit! - 1] } });
  });

  it("reads the most referenced sites beside the aggregate's built mark, in one read of the top 10 and one more", async () => {
    const { answer } = await lookedUp('most referenced sites');
    expect(answer.totalRows).toBeGreaterThan(1);
    const sites = commands.filter((c) => c.command.find === 'siteActivity');
    expect(sites).toHaveLength(1);
    expect(sites[0]!.command).toMatchObject({ limit: 11 });
    expect(sortOf(sites[0]!)).toEqual({ referenceCount: -1 });
    expect(
      sentTogether(
        (c) => c === sites[0],
        (c) => c.command.find === 'siteActivityBuilt',
      ),
    ).toBe(true);
  });

  it("reads the month's 10 most referenced files and one more, beside the built mark and the check for anything later in the month, not the interactions", async () => {
    const { answer } = await lookedUp('most referenced files this month');
    expect(answer.totalRows).toBeGreaterThan(1);
    expect(commands.filter((c) => c.command.aggregate === 'interactions')).toEqual([]);
    const months = commands.filter((c) => c.command.find === 'sourceMonths');
    expect(months).toHaveLength(1);
    expect(months[0]!.command).toMatchObject({ filter: { month: '2026-11', kind: 'file' }, limit: 11 });
    expect(sortOf(months[0]!)).toEqual({ referenceCount: -1 });
    const togetherWith = (find: string, filter: (c: CommandStartedEvent) => boolean) =>
      sentTogether(
        (c) => c === months[0],
        (c) => c.command.find === find && filter(c),
      );
    expect(togetherWith('sourceMonthsBuilt', () => true)).toBe(true);
    expect(togetherWith('interactions', (c) => c.command.limit === 1 && !!c.command.filter?.createdAt?.$gte)).toBe(
      true,
    );
    // The sources shown are looked up by _id, ten of them.
    const sources = commands.filter((c) => c.command.find === 'dataSources');
    expect(sources.flatMap((c) => c.command.filter._id.$in as unknown[]).length).toBeLessThanOrEqual(11);
  });

  it('reads the apps of the week beside the newest activity for sessions per app, and the unreadable users beside the licence holders', async () => {
    await lookedUp('how many sessions per app this week');
    expect(
      sentTogether(
        (c) => c.command.distinct === 'dailyActivity',
        (c) => c.command.find === 'users' && sortOf(c).lastActiveAt === -1,
      ),
    ).toBe(true);
    await lookedUp('licensed users who never used copilot');
    expect(
      sentTogether(
        (c) => c.command.find === 'syncState',
        (c) => c.command.find === 'directoryUsers',
      ),
    ).toBe(true);
  });

  it("reads an unrecognised app's stored name beside the per-app counts of sessions and users, not after them", async () => {
    const questions: Array<[string, string]> = [
      ['how many sessions per app in the last 90 days', 'conversations'],
      ['how many users per app in the last 90 days', 'agents'],
    ];
    for (const [question, counted] of questions) {
      const { answer } = await lookedUp(question);
      const lookups = commands.filter((c) => c.command.find === 'agents' && /^other:/.test(c.command.filter?.appKey));
      const isCount = (c: CommandStartedEvent) =>
        c.command.aggregate === counted && c.command.pipeline?.[0]?.$match?.appKey !== undefined;
      const counts = commands.filter(isCount);
      expect(counts.length).toBeGreaterThan(1);
      // Each lookup is sent while counts are still out (it was sent once every count had come back).
      const lastCount = Math.max(...counts.map((c) => events.lastIndexOf(`r${c.requestId}`)));
      expect(lookups.map((c) => events.lastIndexOf(`s${c.requestId}`) < lastCount)).toEqual(lookups.map(() => true));
      // Named as before: by the stored name, on whichever page the app's row falls.
      const unrecognised = (await allRows(deps, answer)).filter((r) => String(r.app).includes('(unrecognised)'));
      expect(unrecognised.length).toBeGreaterThan(0);
      expect(lookups.length).toBeGreaterThanOrEqual(unrecognised.length);
    }
  });

  it('reads one page of new users at a time, newest first, and counts the rest', async () => {
    const store = createStore(client.db(s.t.dbName));
    const everyone = await store.users.find({ tenantId: s.tenantId }).sort({ firstActiveAt: -1, _id: -1 }).toArray();
    expect(everyone.length).toBeGreaterThan(14);
    const since = everyone[14]!.firstActiveAt.toISOString().slice(0, 10);
    const expected = everyone.filter((u) => u.firstActiveAt >= new Date(`${since}T00:00:00Z`));
    expect(expected.length).toBeGreaterThan(10);
    const { answer } = await lookedUp(`new copilot users since ${since}`);
    expect(answer.totalRows).toBe(expected.length);
    expect(answer.summary).toBe(`${expected.length} people first used Copilot in this period.`);
    const reads = commands.filter((c) => c.command.find === 'users' && c.command.filter?.firstActiveAt);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.command).toMatchObject({ limit: 10 });
    expect(sortOf(reads[0]!)).toEqual({ firstActiveAt: -1, _id: -1 });
    const rows = await allRows(deps, answer);
    expect(rows.map((r) => r.firstActiveAt)).toEqual(expected.map((u) => u.firstActiveAt.toISOString()));
    expect(rows.map((r) => r.user)).toEqual(
      expected.map((u) => (u.displayName ?? u.userPrincipalName ?? u.userId).trim()),
    );
  });

  it('asks for batches of 5,000 where it reads every matching document (101 by default, and as many per getMore)', async () => {
    await lookedUp('most referenced files in the last 30 days');
    const counted = commands.find((c) => c.command.aggregate === 'interactions');
    expect(counted?.command.cursor).toEqual({ batchSize: 5_000 });
    await lookedUp('licensed users with no activity in the last 30 days');
    expect(commands.find((c) => c.command.find === 'directoryUsers')?.command.batchSize).toBe(5_000);
  });

  it('answers the sync status from the sync runs alone (the users failing now are not part of it)', async () => {
    const { answer } = await lookedUp('when was the last sync');
    expect(answer.rows).toContainEqual(expect.objectContaining({ measure: 'Users with errors' }));
    const read = new Set(commands.map((c) => String(c.command[c.commandName])));
    expect(read).toContain('syncRuns');
    expect(read).not.toContain('syncState');
    expect(read).not.toContain('directoryUsers');
  });

  it('gets a trend by day from the per-day totals beside their built mark, and reads the hours for the busiest hours', async () => {
    const dailyReads = async (question: string) => {
      const { answer } = await lookedUp(question);
      expect(answer.totalRows).toBeGreaterThan(0);
      const ofDays = (c: CommandStartedEvent) => c.command.filter?.day ?? c.command.pipeline?.[0]?.$match?.day;
      return commands.filter((c) => c.command[c.commandName] === 'dailyActivity' && ofDays(c) !== undefined);
    };
    // One document a day of all apps (30), not one per app and day added up by the store.
    expect(await dailyReads('prompts per day over the last 30 days')).toEqual([]);
    const days = commands.filter((c) => c.command.find === 'dayTotals');
    expect(days).toHaveLength(1);
    expect(days[0]!.command).toMatchObject({ filter: { day: { $gte: '2026-10-22', $lte: '2026-11-20' } } });
    expect(sortOf(days[0]!)).toEqual({ day: 1 });
    const reply = replies.find((r) => r.requestId === days[0]!.requestId);
    const rows = (reply?.reply as { cursor: { firstBatch: Array<{ day: string }> } }).cursor.firstBatch;
    expect(rows.length).toBeGreaterThan(20); // the days with activity of the 30
    expect(new Set(rows.map((r) => r.day)).size).toBe(rows.length);
    expect(
      sentTogether(
        (c) => c === days[0],
        (c) => c.command.find === 'dayTotalsBuilt',
      ),
    ).toBe(true);
    const hours = await dailyReads('busiest hours in the last 30 days');
    expect(hours.map((c) => c.command.projection)).toEqual([expect.objectContaining({ hours: 1 })]);
  });
});
