import { MongoClient } from 'mongodb';
import { rankUsers } from '../../../server/core/insights/topUsers';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { startCongo, type EmbeddedMongo } from '../../../server/store/embedded/embeddedMongo';
import type { PlanRecord } from '../../../server/store/embedded/congoPlanLog';
import { createStore, type Store } from '../../../server/store/Store';

/**
 * Short-range rankings read only what can rank, on an emulator that plans by MongoDB's rules: one day's top users are
 * that day's records in the order of `by_day_prompts_user` (each person has one record a day), walked to the rows
 * asked for with no blocking sort; a short range's top users in one app are the range's records added up, sorted and
 * cut by the store in one read, without a list of candidates' ids (which the emulator tests each record against).
 * Each ranking is the one every record of the range gives.
 * Records written by hand: 300 people with Word and Teams on two days (prompts 0-19, many ties), 300 more with Teams
 * alone on the second day, 100 whose Word use ended the day before.
 */

const tenantId = 'tenant-day-leaders';
const DAYS = ['2026-11-18', '2026-11-19'];
const PEOPLE = 300;
let mongo: EmbeddedMongo;
let client: MongoClient;
let store: Store;

interface Day {
  userId: string;
  day: string;
  prompts: number;
  word: { interactions: number; prompts: number } | null;
}

/** The per-person days, written out of id order: varied counts, often tied, some days without a prompt. */
function days(): Day[] {
  const out: Day[] = [];
  DAYS.forEach((day, d) => {
    for (let i = 0; i < PEOPLE; i += 1) {
      const prompts = (i * 7 + d * 5) % 20;
      const userId = `u${String((i * 37) % PEOPLE).padStart(3, '0')}`;
      // Word's prompts in the reverse order of all prompts, so a ranking by them is a different ranking.
      out.push({ userId, day, prompts, word: { interactions: 2 * prompts + 1, prompts: 19 - prompts } });
      if (d === 1) out.push({ userId: `t${String(i).padStart(3, '0')}`, day, prompts: 25 + (i % 3), word: null });
    }
  });
  for (let i = 0; i < 100; i += 1)
    out.push({ userId: `w${String(i).padStart(3, '0')}`, day: '2026-11-17', prompts: 40, word: { interactions: 40, prompts: 40 } }); // prettier-ignore
  return out;
}

beforeAll(async () => {
  mongo = await startCongo();
  client = await MongoClient.connect(mongo.uri);
  store = createStore(client.db('day_leaders'));
  await store.ensureIndexes();
  const records = days().map((r) => ({
    _id: aggregateIds.dailyUser(tenantId, r.day, r.userId),
    tenantId,
    day: r.day,
    date: new Date(`${r.day}T00:00:00.000Z`),
    userId: r.userId,
    promptCount: r.prompts,
    responseCount: r.prompts,
    interactionCount: 2 * r.prompts + 1 + (r.word?.interactions ?? 0),
    appCounts: { teams: 2 * r.prompts + 1, ...(r.word ? { word: r.word.interactions } : {}) },
    appPrompts: { teams: r.prompts, ...(r.word ? { word: r.word.prompts } : {}) },
  }));
  // Another tenant's busier day: never ranked with this one's.
  records.push({ ...records[0]!, _id: aggregateIds.dailyUser('other', DAYS[1]!, 'x'), tenantId: 'other', userId: 'x', promptCount: 99 }); // prettier-ignore
  await store.dailyUserActivity.insertMany(records as never[]);
  // Each person's agents, last used at noon of their last day with the app.
  const last = new Map<string, string>();
  for (const r of days())
    for (const app of r.word ? ['word', 'teams'] : ['teams'])
      if ((last.get(`${r.userId}|${app}`) ?? '') < r.day) last.set(`${r.userId}|${app}`, r.day);
  const agents = [...last].map(([key, day]) => {
    const [userId, appKey] = key.split('|') as [string, string];
    const at = new Date(`${day}T12:00:00.000Z`);
    return { _id: aggregateIds.agent(tenantId, userId, appKey), tenantId, userId, appKey, firstAt: at, lastAt: at };
  });
  await store.agents.insertMany(agents as never[]);
});
afterAll(async () => {
  await client?.close();
  await mongo?.stop();
});

/** Every record of the days added up per person (Word's figures: its records only), most prompts first, ties by id. */
function expectedTop(inDays: string[], limit: number, word = false) {
  const totals = new Map<string, { prompts: number; interactions: number; activeDays: number }>();
  for (const r of days()) {
    if (!inDays.includes(r.day) || (word && !r.word)) continue;
    const t = totals.get(r.userId) ?? { prompts: 0, interactions: 0, activeDays: 0 };
    totals.set(r.userId, {
      prompts: t.prompts + (word ? r.word!.prompts : r.prompts),
      interactions: t.interactions + (word ? r.word!.interactions : 2 * r.prompts + 1 + (r.word?.interactions ?? 0)),
      activeDays: t.activeDays + 1,
    });
  }
  return [...totals]
    .sort(([a, x], [b, y]) => y.prompts - x.prompts || (a < b ? -1 : 1))
    .slice(0, limit)
    .map(([userId, t]) => ({ userId, ...t }));
}

const rangeOf = (first: string, n: number) => ({
  from: new Date(`${first}T00:00:00.000Z`),
  to: new Date(Date.parse(`${first}T00:00:00.000Z`) + n * 86_400_000),
});

async function planned<T>(read: () => Promise<T>): Promise<[T, PlanRecord[]]> {
  const stop = mongo.planner!.record();
  const result = await read();
  return [result, stop()];
}

it("reads a day's top 11 from the index in ranking order: 11 keys, no blocking sort, the whole day's ranking", async () => {
  const [top, plans] = await planned(() => rankUsers(store, tenantId, { range: rangeOf(DAYS[1]!, 1), limit: 11 }));
  expect(top).toEqual(expectedTop([DAYS[1]!], 11));
  expect(top.slice(0, 3).map((r) => r.prompts)).toEqual([27, 27, 27]); // the day's Teams-only people lead
  expect(plans).toHaveLength(1);
  expect(plans[0]).toMatchObject({
    command: 'find',
    collection: 'dailyUserActivity',
    stage: 'IXSCAN',
    index: 'by_day_prompts_user',
    sortFromIndex: true,
    keysExamined: 11,
    docsExamined: 11,
    nReturned: 11,
    inMemorySort: 0,
  });
});

it("adds up a short range's days per person in one app in one read of the range's days, cut by the store", async () => {
  const [word, plans] = await planned(() =>
    rankUsers(store, tenantId, { range: rangeOf(DAYS[0]!, 2), appKey: 'word', sort: 'prompts', limit: 7 }),
  );
  expect(word).toEqual(expectedTop(DAYS, 7, true));
  expect(word.every((r) => r.activeDays === 2)).toBe(true);
  // One aggregate over the range's 900 records (600 with Word), no candidates read first and no id list.
  expect(plans).toHaveLength(1);
  expect(plans[0]).toMatchObject({
    command: 'aggregate',
    collection: 'dailyUserActivity',
    stage: 'IXSCAN',
    docsExamined: 3 * PEOPLE,
    nReturned: 2 * PEOPLE,
  });
  // Without a sort asked for, one app ranks by its interactions (the Overview's top users in an app).
  const byInteractions = await rankUsers(store, tenantId, { range: rangeOf(DAYS[1]!, 1), appKey: 'word', limit: 5 });
  expect(byInteractions.map((r) => r.interactions)).toEqual([39, 39, 39, 39, 39]);
});

it('adds up every day of a two-day range in all apps, as every record of the range ranks them', async () => {
  const two = await rankUsers(store, tenantId, { range: rangeOf(DAYS[0]!, 2), limit: 7 });
  expect(two).toEqual(expectedTop(DAYS, 7));
});
