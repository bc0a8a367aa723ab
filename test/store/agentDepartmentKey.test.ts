import { MongoClient, type Db, type Document } from 'mongodb';
import { listAgents } from '../../server/core/insights/agents';
import { aggregateIds } from '../../server/core/sync/aggregateOps';
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import type { PlanRecord } from '../../server/store/embedded/congoPlanLog';
import { createStore, type Store } from '../../server/store/Store';
import type { AgentsQuery } from '../../server/core/insights/types';

/**
 * One department's agents are an equality on the agent's own `departmentKey` (its person's, as the users record has
 * it), read in order from a by_department_* index: on an emulator that plans by MongoDB's rules, every sort the agents
 * list offers takes its order from the index, never from a blocking sort of the department's agents, and a first or
 * second page reads about what it returns. Agents stored before the key existed get their person's at start-up, once.
 */

const tenantId = 'tenant-agents';
const APPS = ['word', 'excel', 'teams', 'outlook', 'powerpoint', 'm365chat'];
/** People per spelling (stored as an earlier version wrote them: no key), 60 people in all. */
const SPELLINGS: Array<string | null> = ['Sales', ' sales ', 'SALES', 'Finance', 'Research', null];
const PEOPLE = 60;
const base = Date.UTC(2026, 9, 1);

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;
let store: Store;

const spellingOf = (i: number) => SPELLINGS[i % SPELLINGS.length]!;

/** Users and their agents as a version before agents carried `departmentKey` stored them (users without it too). */
function oldPeople(tenant: string): { users: Document[]; agents: Document[] } {
  const users: Document[] = [];
  const agents: Document[] = [];
  for (let i = 0; i < PEOPLE; i += 1) {
    const userId = `u${String(i).padStart(2, '0')}`;
    users.push({
      _id: aggregateIds.user(tenant, userId),
      tenantId: tenant,
      userId,
      displayName: `Person ${i}`,
      department: spellingOf(i),
      firstActiveAt: new Date(base),
      lastActiveAt: new Date(base + i * 3_600_000),
      interactionCount: 1,
      promptCount: 1,
      conversationCount: 1,
      appCounts: {},
    });
    APPS.forEach((appKey, a) => {
      // Varied, tied values, so each sort meets ties broken by _id.
      const n = (i * 7 + a * 3) % 11;
      agents.push({
        _id: aggregateIds.agent(tenant, userId, appKey),
        tenantId: tenant,
        userId,
        appKey,
        appName: appKey,
        appClass: appKey,
        known: true,
        firstAt: new Date(base + ((i + a) % 9) * 86_400_000),
        lastAt: new Date(base + 20 * 86_400_000 + ((i * a) % 13) * 3_600_000),
        promptCount: n,
        responseCount: n,
        interactionCount: 2 * n + (a % 2),
        conversationCount: (n % 4) + 1,
      });
    });
  }
  return { users, agents };
}

beforeAll(async () => {
  mongo = await startCongo();
  client = await MongoClient.connect(mongo.uri);
  db = client.db('agent_departments');
  for (const tenant of [tenantId, 'tenant-other']) {
    const { users, agents } = oldPeople(tenant);
    await db.collection('users').insertMany(users);
    await db.collection('agents').insertMany(agents);
  }
  // One agent whose person has no users record, and one a sync already gave a key (kept as it is).
  await db.collection('agents').insertOne({
    ...oldPeople(tenantId).agents[0]!,
    _id: aggregateIds.agent(tenantId, 'ghost', 'word'),
    userId: 'ghost',
  });
  await db
    .collection('agents')
    .updateOne({ _id: aggregateIds.agent(tenantId, 'u05', 'word') }, { $set: { departmentKey: 'set by a sync' } });
  store = createStore(db);
  await store.ensureIndexes();
}, 120_000);

afterAll(async () => {
  await client?.close();
  await mongo?.stop();
});

const agentKeys = async (): Promise<Array<[string, unknown]>> =>
  (await db.collection('agents').find({ tenantId }).sort({ _id: 1 }).toArray()).map((a) => [
    `${a.userId}/${a.appKey}`,
    a.departmentKey,
  ]);

describe("the agents' department key", () => {
  it("is filled at start-up from each person's users record, only where missing, and a second start changes nothing", async () => {
    const keys = new Map(await agentKeys());
    expect(keys.size).toBe(PEOPLE * APPS.length + 1);
    for (let i = 0; i < PEOPLE; i += 1) {
      const want = spellingOf(i)?.trim().toLowerCase() ?? null;
      for (const app of APPS) {
        const id = `u${String(i).padStart(2, '0')}/${app}`;
        expect({ id, key: keys.get(id) }).toEqual({ id, key: id === 'u05/word' ? 'set by a sync' : want });
      }
    }
    expect(keys.get('ghost/word')).toBeNull();
    expect(await db.collection('agents').countDocuments({ departmentKey: { $exists: false } })).toBe(0);

    const before = await db.collection('agents').find({}).sort({ _id: 1 }).toArray();
    await createStore(db).ensureIndexes();
    expect(await db.collection('agents').find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });

  const SORTS = [
    ['lastAt', 'by_department_last_id'],
    ['firstAt', 'by_department_first_id'],
    ['interactionCount', 'by_department_interactions_id'],
    ['promptCount', 'by_department_prompts_id'],
    ['conversationCount', 'by_department_conversations_id'],
  ] as const;

  it.each(SORTS)(
    "pages one department's agents by %s from %s, every spelling of the name, in the index's order",
    async (sort, index) => {
      const agents = await db.collection('agents').find({ tenantId, departmentKey: 'sales' }).toArray();
      expect(agents.length).toBe((PEOPLE / 2) * APPS.length); // three spellings of the six
      const expected = agents
        .sort((a, b) => cmp(b[sort], a[sort]) || cmp(b._id.toHexString(), a._id.toHexString()))
        .map((a) => a._id.toHexString());

      const limit = 7;
      const seen: string[] = [];
      const plans: PlanRecord[] = [];
      let cursor: string | undefined;
      do {
        const query: AgentsQuery = {
          department: ' sAlEs',
          sort,
          direction: 'desc',
          limit,
          ...(cursor ? { cursor } : {}),
        };
        const stop = mongo.planner!.record();
        const page = await listAgents(store, tenantId, query);
        plans.push(...stop().filter((p) => p.command === 'find' && p.collection === 'agents'));
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);

      expect(plans.length).toBeGreaterThan(3);
      // Every page's order comes from the index; the first two pages (what the plan test reads of every list) also
      // read no more than twice what they return plus a page. Deeper pages walk the rows before the cursor again: the
      // emulator plans the descending keyset's `$or` (after the value, or equal and after the id, or null) as one
      // scan of the department's keys.
      for (const [i, plan] of plans.entries()) {
        // A later page's keyset filter is an $or of two ranges, each read from the index (OR: one index per branch).
        const indexes = [...new Set(plan.index?.split(' + '))];
        const figures = { indexes, sortFromIndex: plan.sortFromIndex, inMemorySort: plan.inMemorySort };
        expect(figures).toEqual({ indexes: [index], sortFromIndex: true, inMemorySort: 0 });
        if (i < 2) expect(plan.docsExamined).toBeLessThanOrEqual(2 * plan.nReturned + limit);
      }
    },
  );
});

function cmp(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : (a as number | string);
  const y = b instanceof Date ? b.getTime() : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}
