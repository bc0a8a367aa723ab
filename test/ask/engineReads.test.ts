import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { departmentNames } from '../../server/core/insights/questions/departments';
import { createStore } from '../../server/store/Store';
import { fixedEngineDeps } from './askKit';
import { NOW, syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';

/**
 * The reads one question makes, seen as the commands the MongoDB driver sends (command monitoring) to the suite's
 * server: what the answer does not use is not read.
 */
describe('reads of an Ask answer', () => {
  let s: SyncedTenant;
  let client: MongoClient;
  let deps: EngineDeps;
  let department: string;
  const commands: CommandStartedEvent[] = [];
  /** Commands sent and answered, in the order the driver saw them. */
  const events: Array<CommandStartedEvent | CommandSucceededEvent> = [];

  beforeAll(async () => {
    s = await syncedTenant('engineReads');
    client = new MongoClient(s.t.uri, { monitorCommands: true });
    await client.connect();
    client.on('commandStarted', (event) => {
      commands.push(event);
      events.push(event);
    });
    client.on('commandSucceeded', (event) => events.push(event));
    const store = createStore(client.db(s.t.dbName));
    const departments = await departmentNames(store, s.tenantId);
    const sizes = await Promise.all(
      departments.map(async (d) => [d, await store.users.countDocuments({ tenantId: s.tenantId, department: d })]),
    );
    department = String([...sizes].sort((a, b) => Number(b[1]) - Number(a[1]))[0]![0]);
    deps = await fixedEngineDeps(store, s.tenantId, NOW);
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
  });

  /** The department members lists (`distinct` of user ids by department, by name or by its key) one question reads. */
  async function membersReads(question: string) {
    await ask(deps, question); // the directory's names are read once, before counting
    commands.length = 0;
    const answer = await ask(deps, question);
    const lists = commands.filter((c) => {
      const query: Record<string, unknown> = c.command.query ?? {};
      return c.commandName === 'distinct' && ('department' in query || 'departmentKey' in query);
    });
    return { answer, lists };
  }

  it("ranks a department's people without listing its members first (the ranking finds them itself)", async () => {
    const { answer, lists } = await membersReads(`top users in the ${department} department in the last 30 days`);
    expect(answer.interpretation).toContain(department);
    expect(answer.rows.length).toBeGreaterThan(0);
    expect(lists).toEqual([]);
    // Everyone ranked is in the department.
    expect(answer.rows.map((r) => r.department)).toEqual(answer.rows.map(() => department));
  });

  it("sends a period's read before the first synced day has come back (it does not wait for it)", async () => {
    const question = 'prompts per day over the last 30 days';
    await ask(deps, question);
    events.length = 0;
    const answer = await ask(deps, question);
    expect(answer.totalRows).toBe(30);
    const daily = events.filter(
      (e): e is CommandStartedEvent => 'command' in e && e.command[e.commandName] === 'dailyActivity',
    );
    // The first synced day: one document, by day, of the tenant's whole history.
    const firstDay = daily.find((e) => e.command.limit === 1 && e.command.filter?.day === undefined);
    // The period's days: the per-day totals of all apps the sync keeps (3771f6a), or the per-app days summed by the store.
    const periodReads = events.filter(
      (e): e is CommandStartedEvent =>
        'command' in e && ['dailyActivity', 'dayTotals'].includes(e.command[e.commandName] as string),
    );
    const days = periodReads.find((e) => (e.command.filter ?? e.command.pipeline?.[0]?.$match)?.day !== undefined);
    expect(firstDay && days).toBeDefined();
    const answered = events.findIndex((e) => !('command' in e) && e.requestId === firstDay!.requestId);
    expect(answered).toBeGreaterThan(events.indexOf(days!));
  });

  /** The commands one question sends (after a first asking has read the directory), and its answer. */
  async function commandsOf(question: string) {
    await ask(deps, question);
    events.length = 0;
    const answer = await ask(deps, question);
    const sent = events.filter((e): e is CommandStartedEvent => 'command' in e);
    return { answer, sent };
  }

  it("names a long range's top users from the users records it ranked them by, with no look-up by id afterwards", async () => {
    const { answer, sent } = await commandsOf('top users in the last 30 days');
    expect(answer.rows.length).toBeGreaterThan(0);
    const byId = sent.filter((e) => e.command.find === 'users' && e.command.filter?._id !== undefined);
    expect(byId).toEqual([]);
    // The names are the users records' own.
    const named = await client
      .db(s.t.dbName)
      .collection('users')
      .find({ tenantId: s.tenantId, displayName: { $in: answer.rows.map((r) => r.user) } })
      .toArray();
    expect(new Set(named.map((u) => u.displayName))).toEqual(new Set(answer.rows.map((r) => r.user)));
    for (const row of answer.rows)
      expect(row.department).toBe(named.find((u) => u.displayName === row.user)?.department ?? null);
  });

  it("sends the read of a named person's record beside the answer's facts, not after them", async () => {
    const store = createStore(client.db(s.t.dbName));
    const person = await store.users.findOne({ tenantId: s.tenantId }, { sort: { interactionCount: -1 } });
    const { answer } = await commandsOf(`which apps does ${person!.displayName} use`);
    expect(answer.interpretation).toContain(person!.displayName);
    expect(answer.rows.length).toBeGreaterThan(0);
    const facts = events.find(
      (e): e is CommandStartedEvent => 'command' in e && e.command.find === 'dailyUserActivity',
    );
    const named = events.find(
      (e): e is CommandStartedEvent => 'command' in e && e.command.find === 'users' && e.command.filter?._id,
    );
    expect(facts && named).toBeDefined();
    const factsAnswered = events.findIndex((e) => !('command' in e) && e.requestId === facts!.requestId);
    expect(events.indexOf(named!)).toBeLessThan(factsAnswered);
  });

  it('lists the members where the answer counts over them', async () => {
    const { answer, lists } = await membersReads(`active users in the ${department} department in the last 30 days`);
    expect(answer.interpretation).toContain(department);
    expect(lists.map((c) => c.command.distinct).sort()).toEqual(['directoryUsers', 'users']);
  });
});
