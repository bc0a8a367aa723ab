import type { Document } from 'mongodb';
import {
  prepareBatch,
  trackPending,
  type GatheredPage,
  type PendingIds,
  type PreparedBatch,
} from '../../../server/core/sync/batchPreparer';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import type { AiInteraction, GraphUser } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import type { Store } from '../../../server/store/Store';
import { buildInteraction, buildUser, documentContext } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Every aggregate field a batch builds (aggregateOps.ts) and how batches are prepared (batchPreparer.ts): pages of two
 * users gathered into batches, a second batch prepared while the first is still unwritten, a third after both are
 * stored, written by the real batch writer into the MongoDB-protocol server. The expected documents below are written
 * out by hand from the eight interactions, not computed by any code of the sync.
 */

const tenantId = 'tenant-prepare';
const SYNCED = new Date('2026-11-04T00:00:00.000Z');
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const TEAMS = 'IPM.SkypeTeams.Message.Copilot.Teams';
const HELPER = 'IPM.SkypeTeams.Message.Copilot.ContosoHelper';
const PLAN = documentContext('Plan.docx');
const BUDGET = documentContext('Budget.xlsx');
const PLAN_KEY = `url:${PLAN.contextReference}`;
const BUDGET_KEY = `url:${BUDGET.contextReference}`;

const ada = buildUser({
  id: 'user-a',
  displayName: 'Ada Lovelace',
  userPrincipalName: 'ada@contoso.example',
  mail: 'ada@contoso.example',
  department: 'Finance',
  jobTitle: 'Analyst',
  officeLocation: 'Oslo',
});
/** Ada's profile as Graph gives it by the third batch: she moved to Research. */
const adaMoved: GraphUser = { ...ada, department: 'Research', officeLocation: 'Bergen' };
const benProfile = {
  displayName: 'Ben Okafor',
  userPrincipalName: 'ben@contoso.example',
  mail: 'ben@contoso.example',
  department: 'Sales',
  jobTitle: 'Account Executive',
  officeLocation: 'Lagos',
};
const ben = buildUser({ id: 'user-b', ...benProfile });

function turn(
  id: string,
  appClass: string,
  sessionId: string,
  at: string,
  type: 'userPrompt' | 'aiResponse',
  contexts: AiInteraction['contexts'],
): AiInteraction {
  return buildInteraction({ id, appClass, sessionId, createdDateTime: at, interactionType: type, contexts });
}

const a1 = turn('a1', WORD, 'sess-w', '2026-11-02T09:15:00.000Z', 'userPrompt', [PLAN, BUDGET]);
const a2 = turn('a2', WORD, 'sess-w', '2026-11-02T09:15:04.000Z', 'aiResponse', [PLAN]);
const a3 = turn('a3', TEAMS, 'sess-t', '2026-11-02T14:40:00.000Z', 'userPrompt', [PLAN]);
const a4 = turn('a4', TEAMS, 'sess-t', '2026-11-02T14:40:05.000Z', 'aiResponse', [BUDGET]);
const a5 = turn('a5', WORD, 'sess-w2', '2026-11-03T23:30:00.000Z', 'userPrompt', [PLAN]);
const a6 = turn('a6', WORD, 'sess-w', '2026-11-03T08:00:00.000Z', 'aiResponse', [PLAN]);
// Ben's Word session has the same Graph session id as Ada's: conversations are per user.
const b1 = turn('b1', WORD, 'sess-w', '2026-11-02T10:00:00.000Z', 'userPrompt', [PLAN]);
const b2 = turn('b2', HELPER, 'sess-x', '2026-11-02T10:05:00.000Z', 'aiResponse', []);

const page = (user: GraphUser, ...interactions: AiInteraction[]): GatheredPage => ({
  user,
  interactions: interactions.map((i) => mapInteraction(tenantId, user.id, i, SYNCED)),
});

const at = (iso: string) => new Date(`2026-11-0${iso}Z`);
const hours = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, h) => counts[h] ?? 0);

/**
 * The stored documents of a collection, without ids, bookkeeping and the department's filter spelling (a store
 * concern with tests of its own), sets sorted, keyed for a stable order.
 */
async function stored(store: Store, name: keyof Store & string, key: (d: Document) => string) {
  const collection = store[name] as unknown as { find(filter: Document): { toArray(): Promise<Document[]> } };
  const docs = await collection.find({ tenantId }).toArray();
  return Object.fromEntries(
    docs.map((d) => {
      const rest: Document = { ...d };
      for (const field of ['_id', 'tenantId', 'lastBatch', 'applied', 'departmentKey']) delete rest[field];
      for (const field of ['dataSourceKeys', 'appKeys']) if (Array.isArray(rest[field])) rest[field].sort();
      return [key(d), rest];
    }),
  );
}

const wordApp = { appKey: 'word', appName: 'Word', appClass: WORD };
const teamsApp = { appKey: 'teams', appName: 'Teams', appClass: TEAMS };
const helperApp = { appKey: 'other:contosohelper', appName: 'ContosoHelper (unrecognised)', appClass: HELPER };
/** Prompt and response counts (every interaction here is one or the other). */
const counts = (prompts: number, responses: number) => ({
  promptCount: prompts,
  responseCount: responses,
  interactionCount: prompts + responses,
});
/** First and last activity, as `<day of November>T<time>`. */
const span = (first: string, last = first) => ({ firstAt: at(first), lastAt: at(last) });

const conversation = (userId: string, sessionId: string, app: typeof wordApp) => ({
  userId,
  sessionId,
  ...app,
  conversationType: 'appchat',
});
const expectedConversations = {
  'user-a|sess-w': {
    ...conversation('user-a', 'sess-w', wordApp),
    ...counts(1, 2),
    ...span('2T09:15:00', '3T08:00:00'),
    dataSourceKeys: [BUDGET_KEY, PLAN_KEY],
  },
  'user-a|sess-t': {
    ...conversation('user-a', 'sess-t', teamsApp),
    ...counts(1, 1),
    ...span('2T14:40:00', '2T14:40:05'),
    dataSourceKeys: [BUDGET_KEY, PLAN_KEY],
  },
  'user-a|sess-w2': {
    ...conversation('user-a', 'sess-w2', wordApp),
    ...counts(1, 0),
    ...span('3T23:30:00'),
    dataSourceKeys: [PLAN_KEY],
  },
  'user-b|sess-w': {
    ...conversation('user-b', 'sess-w', wordApp),
    ...counts(1, 0),
    ...span('2T10:00:00'),
    dataSourceKeys: [PLAN_KEY],
  },
  'user-b|sess-x': {
    ...conversation('user-b', 'sess-x', helperApp),
    ...counts(0, 1),
    ...span('2T10:05:00'),
    dataSourceKeys: [],
  },
};

const agent = (userId: string, app: typeof wordApp, conversationCount: number) => ({
  userId,
  ...app,
  known: app !== helperApp,
  conversationCount,
});
const expectedAgents = {
  'user-a|word': { ...agent('user-a', wordApp, 2), ...counts(2, 2), ...span('2T09:15:00', '3T23:30:00') },
  'user-a|teams': { ...agent('user-a', teamsApp, 1), ...counts(1, 1), ...span('2T14:40:00', '2T14:40:05') },
  'user-b|word': { ...agent('user-b', wordApp, 1), ...counts(1, 0), ...span('2T10:00:00') },
  'user-b|other:contosohelper': { ...agent('user-b', helperApp, 1), ...counts(0, 1), ...span('2T10:05:00') },
};

const expectedUsers = {
  'user-a': {
    userId: 'user-a',
    ...counts(3, 3),
    conversationCount: 3,
    appCounts: { word: 4, teams: 2 },
    firstActiveAt: at('2T09:15:00'),
    lastActiveAt: at('3T23:30:00'),
    // The profile of the last batch.
    displayName: 'Ada Lovelace',
    userPrincipalName: 'ada@contoso.example',
    mail: 'ada@contoso.example',
    department: 'Research',
    jobTitle: 'Analyst',
    officeLocation: 'Bergen',
  },
  'user-b': {
    userId: 'user-b',
    ...counts(1, 1),
    conversationCount: 2,
    appCounts: { word: 1, 'other:contosohelper': 1 },
    firstActiveAt: at('2T10:00:00'),
    lastActiveAt: at('2T10:05:00'),
    ...benProfile,
  },
};

const onDay = (d: string) => ({ day: d, date: new Date(`${d}T00:00:00.000Z`) });
const appDay = (d: string, app: typeof wordApp, byHour: Record<number, number>, dataSourceAccessCount: number) => ({
  ...onDay(d),
  appKey: app.appKey,
  appName: app.appName,
  hours: hours(byHour),
  dataSourceAccessCount,
});
const expectedDaily = {
  '2026-11-02|word': { ...appDay('2026-11-02', wordApp, { 9: 2, 10: 1 }, 4), ...counts(2, 1) },
  '2026-11-02|teams': { ...appDay('2026-11-02', teamsApp, { 14: 2 }, 2), ...counts(1, 1) },
  '2026-11-02|other:contosohelper': { ...appDay('2026-11-02', helperApp, { 10: 1 }, 0), ...counts(0, 1) },
  '2026-11-03|word': { ...appDay('2026-11-03', wordApp, { 8: 1, 23: 1 }, 2), ...counts(1, 1) },
};

const expectedDailyUsers = {
  '2026-11-02|user-a': {
    ...onDay('2026-11-02'),
    userId: 'user-a',
    ...counts(2, 2),
    appCounts: { word: 2, teams: 2 },
    appPrompts: { word: 1, teams: 1 },
  },
  '2026-11-02|user-b': {
    ...onDay('2026-11-02'),
    userId: 'user-b',
    ...counts(1, 1),
    appCounts: { word: 1, 'other:contosohelper': 1 },
    // No prompt in the helper app: no entry for it, not a zero.
    appPrompts: { word: 1 },
  },
  '2026-11-03|user-a': {
    ...onDay('2026-11-03'),
    userId: 'user-a',
    ...counts(1, 1),
    appCounts: { word: 2 },
    appPrompts: { word: 1 },
  },
};

const file = (context: typeof PLAN) => ({
  key: `url:${context.contextReference}`,
  kind: 'file',
  name: context.displayName,
  url: context.contextReference,
  host: 'contoso.sharepoint.com',
});
const expectedSources = {
  'Plan.docx': {
    ...file(PLAN),
    // Looked up by a question's first two words: "plan docx", or "plan" named without its extension.
    nameHead: 'plan docx',
    stemHead: 'plan',
    referenceCount: 6,
    userCount: 2,
    appKeys: ['teams', 'word'],
    ...span('2T09:15:00', '3T23:30:00'),
  },
  'Budget.xlsx': {
    ...file(BUDGET),
    nameHead: 'budget xlsx',
    stemHead: 'budget',
    referenceCount: 2,
    userCount: 1,
    appKeys: ['teams', 'word'],
    ...span('2T09:15:00', '2T14:40:05'),
  },
};

const expectedUsages = {
  [`${PLAN_KEY}|user-a`]: {
    key: PLAN_KEY,
    userId: 'user-a',
    referenceCount: 5,
    appKeys: ['teams', 'word'],
    ...span('2T09:15:00', '3T23:30:00'),
  },
  [`${PLAN_KEY}|user-b`]: {
    key: PLAN_KEY,
    userId: 'user-b',
    referenceCount: 1,
    appKeys: ['word'],
    ...span('2T10:00:00'),
  },
  [`${BUDGET_KEY}|user-a`]: {
    key: BUDGET_KEY,
    userId: 'user-a',
    referenceCount: 2,
    appKeys: ['teams', 'word'],
    ...span('2T09:15:00', '2T14:40:05'),
  },
};

/** Both files are in the Sales site: each reference to either counts for it. */
const SALES_SITE = 'contoso.sharepoint.com/sites/Sales';
// Each site keeps its sources' key prefix, so a question naming the site reads its sources by that prefix.
const expectedSites = {
  [SALES_SITE]: { site: SALES_SITE, prefix: `url:https://${SALES_SITE}`, referenceCount: 8 },
};

/** Every app's interactions by day: on the 2nd a1, a3, b1 asked and a2, a4, b2 answered; on the 3rd a5 and a6. */
const expectedDayTotals = {
  '2026-11-02': { day: '2026-11-02', ...counts(3, 3) },
  '2026-11-03': { day: '2026-11-03', ...counts(1, 1) },
};

/** Each file's references in November, as each data source's own count above. */
const expectedSourceMonths = {
  [`2026-11|${PLAN_KEY}`]: { month: '2026-11', key: PLAN_KEY, kind: 'file', referenceCount: 6 },
  [`2026-11|${BUDGET_KEY}`]: { month: '2026-11', key: BUDGET_KEY, kind: 'file', referenceCount: 2 },
};

describe('batches prepared from gathered pages and written to the store', () => {
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('prepare');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => t.close());

  const prepare = (pages: GatheredPage[], pending?: PendingIds, limit?: number) =>
    prepareBatch(t.store, tenantId, 'run-1', SYNCED, pages, pending, limit);

  async function writeAll(prepared: PreparedBatch | null): Promise<void> {
    for (const batch of prepared?.batches ?? []) await writer.write(batch);
  }

  /**
   * The eight interactions in three batches, as the page sink gathers them: the second prepared while the first is
   * unwritten (its ids pending), pages out of time order, an interaction repeated in a page and across batches.
   */
  async function syncAll(limit?: number): Promise<[PreparedBatch, PreparedBatch, PreparedBatch]> {
    const pending: PendingIds = { interactions: new Set(), conversations: new Set(), usages: new Set() };
    const first = await prepare([page(ben, b1), page(ada, a2, a1, a3)], pending, limit);
    trackPending(pending, first!, 'add');
    // Ada's latest interaction first: each document's last activity is the latest, not the last one read.
    const second = await prepare([page(ada, a5, a4, a3), page(ben, b2, b2)], pending, limit);
    trackPending(pending, second!, 'add');
    await writeAll(first);
    trackPending(pending, first!, 'delete');
    await writeAll(second);
    trackPending(pending, second!, 'delete');
    const third = await prepare([page(adaMoved, a1, a6), page(ben, b1)], pending, limit);
    await writeAll(third);
    return [first!, second!, third!];
  }

  async function expectAggregates(): Promise<void> {
    const s = t.store;
    const interactions = await s.interactions.find({ tenantId }).toArray();
    expect(interactions.map((i) => `${i.userId}|${i.graphId}`).sort()).toEqual(
      ['user-a|a1', 'user-a|a2', 'user-a|a3', 'user-a|a4', 'user-a|a5', 'user-a|a6', 'user-b|b1', 'user-b|b2'].sort(),
    );
    expect(await stored(s, 'conversations', (d) => `${d.userId}|${d.sessionId}`)).toEqual(expectedConversations);
    expect(await stored(s, 'agents', (d) => `${d.userId}|${d.appKey}`)).toEqual(expectedAgents);
    expect(await stored(s, 'users', (d) => d.userId)).toEqual(expectedUsers);
    expect(await stored(s, 'dailyActivity', (d) => `${d.day}|${d.appKey}`)).toEqual(expectedDaily);
    expect(await stored(s, 'dailyUserActivity', (d) => `${d.day}|${d.userId}`)).toEqual(expectedDailyUsers);
    expect(await stored(s, 'dataSources', (d) => d.name)).toEqual(expectedSources);
    expect(await stored(s, 'dataSourceUsage', (d) => `${d.key}|${d.userId}`)).toEqual(expectedUsages);
    expect(await stored(s, 'siteActivity', (d) => d.site)).toEqual(expectedSites);
    expect(await stored(s, 'dayTotals', (d) => d.day)).toEqual(expectedDayTotals);
    expect(await stored(s, 'sourceMonths', (d) => `${d.month}|${d.key}`)).toEqual(expectedSourceMonths);
  }

  it('builds every aggregate field exactly from pages of two users over three batches', async () => {
    const [first, second, third] = await syncAll();
    expect(first.batches).toHaveLength(1);
    await expectAggregates();
    // What each batch creates, so the batch prepared behind it counts those as existing.
    expect(first.creates.interactions.length).toBe(4);
    expect(first.creates.conversations.length).toBe(3);
    expect(first.creates.usages.length).toBe(3);
    // a3 was pending (already in the first batch); b2 was sent twice; Ada's Plan and Budget usages were pending.
    expect(second.batches.map((b) => b.interactions.map((i) => i.graphId).sort())).toEqual([['a4', 'a5', 'b2']]);
    expect(second.creates.interactions.length).toBe(3);
    expect(second.creates.conversations.length).toBe(2);
    expect(second.creates.usages).toEqual([]);
    // After both are stored only a6 is new, in a conversation and usage that exist.
    expect(third.batches.map((b) => b.interactions.map((i) => i.graphId))).toEqual([['a6']]);
    expect(third.creates).toEqual({
      interactions: [third.batches[0]!.interactions[0]!._id.toHexString()],
      conversations: [],
      usages: [],
    });
  });

  it('journals one op per document touched, whichever users and pages touched it', async () => {
    const prepared = (await prepare([page(ben, b1), page(ada, a2, a1, a3)]))!;
    const [batch] = prepared.batches;
    const documents = batch!.ops.map((op) => `${op.collection}:${op._id.toHexString()}`);
    expect(documents.length).toBeGreaterThan(0);
    expect(new Set(documents).size).toBe(documents.length);
    expect(batch!.entry).toMatchObject({
      tenantId,
      runId: 'run-1',
      createdAt: SYNCED,
      userIds: ['user-b', 'user-a'],
      opCount: documents.length,
    });
    expect(batch!.entry.interactionIds.map((id) => id.toHexString())).toEqual(
      batch!.interactions.map((i) => i._id.toHexString()),
    );
    expect(batch!.entry.batchId).toMatch(/^[0-9a-f]{32}$/);
    // Ben's Word prompt and Ada's Word and Teams turns: 17 documents, Plan.docx's shared by both.
    expect(
      Object.fromEntries(
        [
          'conversations',
          'agents',
          'users',
          'dailyActivity',
          'dailyUserActivity',
          'dataSources',
          'dataSourceUsage',
        ].map((c) => [c, batch!.ops.filter((op) => op.collection === c).length]),
      ),
    ).toEqual({
      conversations: 3,
      agents: 3,
      users: 2,
      dailyActivity: 2,
      dailyUserActivity: 2,
      dataSources: 2,
      dataSourceUsage: 3,
    });
  });

  it.each([
    ['Ada (Teams, 14:40) before Ben (Word, 10:00)', () => [page(ada, a3), page(ben, b1)]],
    ['Ben (Word, 10:00) before Ada (Teams, 14:40)', () => [page(ben, b1), page(ada, a3)]],
  ])('merges two users citing one file in a batch, %s, into its whole span, apps and counts', async (_, pages) => {
    await writeAll(await prepare(pages()));
    const { 'Plan.docx': plan } = await stored(t.store, 'dataSources', (d) => d.name);
    expect(plan).toEqual({
      ...file(PLAN),
      nameHead: 'plan docx',
      stemHead: 'plan',
      referenceCount: 2,
      userCount: 2,
      appKeys: ['teams', 'word'],
      ...span('2T10:00:00', '2T14:40:00'),
    });
  });

  it('splits ops that would not fit one journal entry into parts written in turn, each counted once', async () => {
    const [first, second, third] = await syncAll(1);
    // A limit no op fits: one interaction per part (one interaction is never split).
    expect(first.batches.map((b) => b.interactions.length)).toEqual([1, 1, 1, 1]);
    expect(second.batches.map((b) => b.interactions.length)).toEqual([1, 1, 1]);
    expect(third.batches.map((b) => b.interactions.length)).toEqual([1]);
    await expectAggregates();
  });

  it('splits only as far as needed: parts within the limit stay whole', async () => {
    const pages = [page(ben, b1), page(ada, a2, a1, a3)];
    const whole = (await prepare(pages))!.batches[0]!;
    const halves = (await prepare(pages, undefined, whole.entry.opsBson.length() - 1))!;
    expect(halves.batches.length).toBeGreaterThan(1);
    expect(halves.batches.length).toBeLessThan(4);
    const fits = (await prepare(pages, undefined, whole.entry.opsBson.length()))!;
    expect(fits.batches).toHaveLength(1);
  });

  it("takes a batch's latest and earliest times as last and first activity, whatever order they were read in", async () => {
    await writeAll(await prepare([page(ben, b1, b2)]));
    await writeAll(await prepare([page(ada, a4, a3)]));
    const users = await stored(t.store, 'users', (d) => d.userId);
    expect(users['user-b']).toMatchObject({ firstActiveAt: at('2T10:00:00'), lastActiveAt: at('2T10:05:00') });
    expect(users['user-a']).toMatchObject({ firstActiveAt: at('2T14:40:00'), lastActiveAt: at('2T14:40:05') });
  });

  it('prepares and writes a batch whose interactions cite no data source (no usage to look up)', async () => {
    const prepared = (await prepare([page(ben, b2)]))!;
    expect(prepared.creates.usages).toEqual([]);
    await writeAll(prepared);
    expect(await stored(t.store, 'conversations', (d) => `${d.userId}|${d.sessionId}`)).toEqual({
      'user-b|sess-x': expectedConversations['user-b|sess-x'],
    });
    expect(await t.store.dataSourceUsage.countDocuments({ tenantId })).toBe(0);
  });

  it('prepares nothing when no interaction is new: none gathered, all stored, or all pending', async () => {
    expect(await prepare([])).toBeNull();
    expect(await prepare([{ user: ada, interactions: [] }])).toBeNull();
    const first = (await prepare([page(ada, a1, a2)]))!;
    const pending: PendingIds = { interactions: new Set(), conversations: new Set(), usages: new Set() };
    trackPending(pending, first, 'add');
    expect(await prepare([page(ada, a2, a1)], pending)).toBeNull();
    await writeAll(first);
    expect(await prepare([page(ada, a1), page(ada, a2)])).toBeNull();
    trackPending(pending, first, 'delete');
    expect([...pending.interactions, ...pending.conversations, ...pending.usages]).toEqual([]);
  });
});

describe('the ids of aggregate documents', () => {
  const t = '00000000-0000-4000-8000-000000000001';
  const u = '00000000-0000-4000-8000-000000000002';
  const source = 'url:https://contoso.sharepoint.com/a.docx';

  it('are the same in every release, so a store synced by an earlier one is updated in place, not duplicated', () => {
    const ids = {
      conversation: aggregateIds.conversation(t, u, '19:s@thread.v2'),
      agent: aggregateIds.agent(t, u, 'word'),
      user: aggregateIds.user(t, u),
      dataSource: aggregateIds.dataSource(t, source),
      dataSourceUsage: aggregateIds.dataSourceUsage(t, source, u),
      daily: aggregateIds.daily(t, '2026-11-02', 'word'),
      dailyUser: aggregateIds.dailyUser(t, '2026-11-02', u),
      site: aggregateIds.site(t, 'contoso.sharepoint.com/sites/sales'),
      dayTotal: aggregateIds.dayTotal(t, '2026-11-02'),
      sourceMonth: aggregateIds.sourceMonth(t, '2026-11', source),
    };
    expect(Object.fromEntries(Object.entries(ids).map(([kind, id]) => [kind, id.toHexString()]))).toEqual({
      conversation: 'ff2599078a6ae7fd2fbe8bc8',
      agent: '11516b4da76aac170fd38bb3',
      user: '5e00aaeef21eb3fbb4bac4a9',
      dataSource: '93d17514756354279c797a66',
      dataSourceUsage: 'b75368821e7fe246afa42ad0',
      daily: '46618c5a81595c59d26f20d3',
      dailyUser: '99da2b46e162c77a7432897d',
      site: '78fc8736ab43efb4a6de6b33',
      dayTotal: '806b658b79bc2c4b768b9619',
      sourceMonth: '469eaf03dc092c993f1cac30',
    });
  });
});
