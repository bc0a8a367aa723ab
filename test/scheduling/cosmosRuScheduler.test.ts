import { MongoServerError } from 'mongodb';
import { SyncRunner } from '../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import { createSilentLogger } from '../../server/logger';
import { AgendaSyncScheduler } from '../../server/scheduling/AgendaSyncScheduler';
import { agendaJobs } from '../../server/scheduling/syncJobDocuments';
import { connectMongo, flavorOfUri, ruVersionProblem, type MongoConnection } from '../../server/store/connectMongo';
import type { SyncRunDoc } from '../../server/store/documents';
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { createStore } from '../../server/store/Store';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { withDatabase } from '../support/testStore';

/**
 * Azure Cosmos DB for MongoDB (RU) refuses a findAndModify sorted on more than one field, which is how Agenda locks a
 * job by default. Against an emulator told to refuse the same, the scheduler started with an RU connection's flavor
 * still starts and runs a sync.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let mongo: EmbeddedMongo;
let h: GraphHarness;
const connections: MongoConnection[] = [];

/** A connection to a fresh database on the RU-like emulator, as the app makes it (retryWrites=false, as RU needs). */
async function connectRuLike(name: string): Promise<MongoConnection> {
  const uri = `${withDatabase(mongo.uri, name)}&retryWrites=false`;
  const connection = await connectMongo(uri, 'unused', createSilentLogger(), { flavor: 'cosmos-ru' });
  connections.push(connection);
  return connection;
}

function schedulerOn(connection: MongoConnection, runs: SyncRunDoc[]): AgendaSyncScheduler {
  const store = createStore(connection.db);
  const runner = new SyncRunner({
    store,
    gateway: h.gateway(),
    logger: createSilentLogger(),
    now: () => new Date(),
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 30,
      overlapMinutes: 15,
      concurrency: 2,
    },
  });
  const scheduler = new AgendaSyncScheduler({
    db: connection.db,
    store,
    runner,
    tenantId: h.tenant.tenantId,
    logger: createSilentLogger(),
    instanceId: 'ru',
    intervalMs: 0,
    lockLifetimeMs: 3000,
    processEveryMs: 100,
    singleFieldLockSort: connection.flavor === 'cosmos-ru',
  });
  scheduler.onRunFinished((run) => {
    runs.push(run);
  });
  return scheduler;
}

beforeAll(async () => {
  mongo = await startCongo({ refuseMultiFieldFindAndModifySort: true });
  h = await startGraphHarness({ seed: 13, userCount: 3, referenceTime: new Date() });
});

afterAll(async () => {
  for (const connection of connections) await connection.close();
  await h?.close();
  await mongo?.stop();
  // Agenda 6 leaves a timer of half a lock lifetime behind each job it ran; let them run out before jest leaves.
  await sleep(1600);
});

describe('the scheduler on an RU-like server', () => {
  it('meets the refusal RU answers for a findAndModify sorted on two fields', async () => {
    const connection = await connectRuLike('ru_refusal');
    const jobs = agendaJobs(connection.db);
    await jobs.insertOne({ name: 'probe', nextRunAt: new Date(), priority: 0 } as never);
    const twoFields = jobs.findOneAndUpdate(
      {},
      { $set: { lockedAt: new Date() } },
      { sort: { nextRunAt: 1, priority: -1 } },
    );
    await expect(twoFields).rejects.toThrow(MongoServerError);
    await expect(twoFields).rejects.toMatchObject({ code: 2, message: /Multiple order-by items are not supported/ });
    const oneField = await jobs.findOneAndUpdate({}, { $set: { lockedAt: new Date() } }, { sort: { nextRunAt: 1 } });
    expect(oneField?.name).toBe('probe');
  });

  it('starts, locks its job with a one-field sort and runs the first sync', async () => {
    const connection = await connectRuLike('ru_scheduler');
    expect(connection.flavor).toBe('cosmos-ru');
    const runs: SyncRunDoc[] = [];
    const scheduler = schedulerOn(connection, runs);
    try {
      await scheduler.start();
      expect(scheduler.schedulerState()).toBe('started');
      const deadline = Date.now() + 60_000;
      while (runs.length === 0 && Date.now() < deadline) await sleep(100);
      expect(runs.map((r) => [r.trigger, r.status])).toEqual([['startup', 'succeeded']]);
      const indexes = await agendaJobs(connection.db).indexes();
      expect(indexes.map((i) => i.name)).toContain('by_next_run');
    } finally {
      await scheduler.stop(5000);
    }
  }, 90_000);

  it('would never lock a job there with Agenda’s default two-field sort', async () => {
    const connection = await connectRuLike('ru_default');
    const runs: SyncRunDoc[] = [];
    const scheduler = schedulerOn({ ...connection, flavor: 'mongodb' }, runs);
    try {
      await scheduler.start();
      await sleep(2000);
      expect(runs).toEqual([]);
      expect(await agendaJobs(connection.db).countDocuments({ lockedAt: { $ne: null } })).toBe(0);
    } finally {
      await scheduler.stop(5000);
    }
  }, 30_000);
});

describe('connecting to Azure Cosmos DB for MongoDB (RU)', () => {
  it('is told by the host name an RU account answers at, and not by a vCore cluster’s', () => {
    expect(flavorOfUri('mongodb://acct:key@acct.mongo.cosmos.azure.com:10255/?ssl=true&retrywrites=false')).toBe(
      'cosmos-ru',
    );
    expect(flavorOfUri('mongodb+srv://user:pw@cluster.mongocluster.cosmos.azure.com/?tls=true')).toBe('mongodb');
    expect(flavorOfUri('mongodb://127.0.0.1:27017/')).toBe('mongodb');
  });

  it('needs server version 5.0 or later there, and asks nothing of a MongoDB server', () => {
    expect(ruVersionProblem('cosmos-ru', '4.2.0')).toMatchObject({
      code: 'cosmos_server_version',
      message: expect.stringMatching(/4\.2\.0.*5\.0 or later/),
    });
    expect(ruVersionProblem('cosmos-ru', '6.0.0')).toBeNull();
    expect(ruVersionProblem('mongodb', '4.4.0')).toBeNull();
  });

  it('refuses to start without retryWrites=false, saying what to add', async () => {
    await expect(
      connectMongo(withDatabase(mongo.uri, 'ru_retry'), 'unused', createSilentLogger(), { flavor: 'cosmos-ru' }),
    ).rejects.toMatchObject({ code: 'cosmos_retry_writes', message: expect.stringMatching(/retryWrites=false/) });
  });
});
