import { MongoClient } from 'mongodb';
import { storedAppNames } from '../../../server/core/insights/askFacts';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { startCongo, type EmbeddedMongo } from '../../../server/store/embedded/embeddedMongo';
import { createStore, type Store } from '../../../server/store/Store';

/**
 * The names of apps outside the catalogue, as the sync stored them on their agents: the apps' lookups sent together (one
 * round trip for an answer by app with several such apps, not one per app).
 */

const tenantId = 'tenant-app-names';
const APPS: Array<[string, string]> = [
  ['other:fabric.notebook', 'Fabric.Notebook (unrecognised)'],
  ['other:loop.page', 'Loop.Page (unrecognised)'],
];
let mongo: EmbeddedMongo;
let client: MongoClient;
let store: Store;
/** The driver's commands in the order they were sent and answered. */
const events: Array<{ kind: 'sent' | 'answered'; name: string; requestId: number }> = [];

beforeAll(async () => {
  mongo = await startCongo();
  client = new MongoClient(mongo.uri, { monitorCommands: true });
  await client.connect();
  client.on('commandStarted', (e) => events.push({ kind: 'sent', name: e.commandName, requestId: e.requestId }));
  client.on('commandSucceeded', (e) => events.push({ kind: 'answered', name: e.commandName, requestId: e.requestId }));
  store = createStore(client.db('app_names'));
  await store.ensureIndexes();
  const at = new Date('2026-11-20T12:00:00.000Z');
  const agents = APPS.map(([appKey, appName], i) => ({
    _id: aggregateIds.agent(tenantId, `u${i}`, appKey),
    ...{ tenantId, userId: `u${i}`, appKey, appName, firstAt: at, lastAt: at },
  }));
  // Another tenant's agent of the same app, under another name: never this tenant's.
  const other = { ...agents[0]!, _id: aggregateIds.agent('other', 'x', APPS[0]![0]), tenantId: 'other', appName: 'X' };
  await store.agents.insertMany([other, ...agents] as never[]);
});
afterAll(async () => {
  await client?.close();
  await mongo?.stop();
});

it("reads each app's stored name with every lookup sent before the first reply", async () => {
  const appKeys = APPS.map(([key]) => key);
  await storedAppNames(store, tenantId, appKeys); // the driver opens its connections
  events.length = 0;
  const names = await storedAppNames(store, tenantId, appKeys);
  expect([...names]).toEqual(APPS);
  const finds = events.filter((e) => e.name === 'find').map((e) => e.kind);
  // Both sent before the first answer came back: together, not one after another.
  expect(finds).toEqual(['sent', 'sent', 'answered', 'answered']);
  // An app no agent carries has no stored name.
  expect([...(await storedAppNames(store, tenantId, ['other:never.seen', APPS[1]![0]]))]).toEqual([APPS[1]]);
});

it("reads one agent of an app many people use, in an index's order, not every one of the app's agents", async () => {
  const [appKey, appName] = APPS[0]!;
  const many = Array.from({ length: 40 }, (_, i) => ({
    _id: aggregateIds.agent(tenantId, `many-${i}`, appKey),
    ...{ tenantId, userId: `many-${i}`, appKey, appName, firstAt: new Date(0), lastAt: new Date(1_000 * i) },
  }));
  await store.agents.insertMany(many as never[]);
  const stop = mongo.planner!.record();
  const names = await storedAppNames(store, tenantId, [appKey]);
  const plans = stop().filter((p) => p.collection === 'agents');
  expect([...names]).toEqual([[appKey, appName]]);
  // MongoDB's plan for the same read: an index walked in its order up to the first match (41 keys without the order).
  expect(plans.map((p) => [p.stage, p.keysExamined, p.docsExamined])).toEqual([['IXSCAN', 1, 1]]);
});
