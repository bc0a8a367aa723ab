import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { createStore } from '../../server/store/Store';
import { departmentKey } from '../../server/store/departmentKey';
import { fixedEngineDeps } from './askKit';
import { NOW, syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';

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

  it("leaves the hours out of a trend by day's read, and reads them for the busiest hours", async () => {
    const dailyReads = async (question: string) => {
      const { answer } = await lookedUp(question);
      expect(answer.totalRows).toBeGreaterThan(0);
      return commands
        .filter((c) => c.commandName === 'find' && c.command.find === 'dailyActivity' && c.command.filter?.day)
        .map((c) => c.command.projection as Record<string, unknown>);
    };
    const byDay = await dailyReads('prompts per day over the last 30 days');
    expect(byDay).toHaveLength(1);
    expect(byDay[0]).not.toHaveProperty('hours');
    expect(await dailyReads('busiest hours in the last 30 days')).toEqual([expect.objectContaining({ hours: 1 })]);
  });
});
