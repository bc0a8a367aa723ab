import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import { createRiskScanner } from '../server/core/risk/riskScanner';
import { SyncRunner } from '../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../server/graph/constants';
import { createSdkGraphGateway } from '../server/graph/sdkGraphGateway';
import { createSelfSignedCertificate } from '../server/graph/simulator/certificate';
import type { SimulatorStats } from '../server/graph/simulator/startGraphSimulator';
import { createFetch } from '../server/graph/trustedFetch';
import { createLogger } from '../server/logger';
import { createStore } from '../server/store/Store';
import { parseNumberArgs, trackPeakRss } from './benchArgs';

/**
 * npm run bench:sync — a large tenant synced over the simulator.
 *
 * The database (CongoDB emulator, unless MONGODB_URI is set) and the Graph simulator each run on their own
 * thread, as a database server and Microsoft Graph would run apart from the app; all share the machine's 2 cores.
 *
 * Phase 1 (Graph-bound): the simulator enforces a request ceiling with realistic page latency; we report the
 * request rate achieved as a share of the ceiling (the sync runs the risk scan on every interaction, so the share
 * is measured with it) and the share of requests answered 429; then the risk scan's own cost per interaction, timed
 * over the interactions the sync stored.
 * Phase 2 (store-bound): the same tenant with no ceiling and no latency, into a fresh database; we report the
 * sync's interactions/s against a raw insertMany of the very documents it wrote, on the same server.
 */
const args = parseNumberArgs(process.argv.slice(2), {
  users: 10_000,
  avg: 180,
  rps: 30,
  clientRps: 0,
  latencyMin: 60,
  latencyMax: 180,
  concurrency: 16,
  seed: 1,
  /** 1: run only the Graph-bound phase. */
  graphOnly: 0,
});
const log = createLogger({ level: 'warn', destination: process.stderr });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const memory = trackPeakRss();
  const external = process.env.MONGODB_URI;
  const mongo = external ? null : await startPeer({ kind: 'start', service: 'mongo' });
  const client = new MongoClient(external ?? (mongo!.ready.uri as string));
  await client.connect();
  const engine =
    (await client.db('admin').command({ buildInfo: 1 })).gitVersion === 'congodb' ? 'CongoDB emulator' : 'MongoDB';
  const tls = await createSelfSignedCertificate();
  const tenant = { seed: args.seed, userCount: args.users, referenceTime: new Date().toISOString(), avg: args.avg };
  out(
    `Tenant: ${args.users} users (seed ${args.seed}); database: ${engine}; 2 cores shared by app, database and simulator threads.`,
  );

  const ceiling = args.rps;
  const clientRps = args.clientRps || ceiling * 0.95;
  const phase1 = await syncOnce(client, tenant, tls, {
    db: 'bench_graph_bound',
    rateLimitPerSecond: ceiling,
    latencyMs: { min: args.latencyMin, max: args.latencyMax },
    maxRps: clientRps,
  });
  const achieved = phase1.graphRequests / phase1.seconds;
  out(
    `\nPhase 1 — Graph-bound (ceiling ${ceiling} req/s, client limit ${clientRps.toFixed(1)}, latency ${args.latencyMin}-${args.latencyMax} ms):`,
  );
  out(
    `  ${phase1.graphRequests} Graph requests in ${phase1.seconds.toFixed(1)} s = ${achieved.toFixed(2)} req/s = ${(achieved / ceiling).toFixed(3)} of the ceiling (goal >= 0.9)`,
  );
  out(
    `  429 answers: ${phase1.throttled} = ${((100 * phase1.throttled) / Math.max(1, phase1.graphRequests)).toFixed(2)} % of requests (goal < 1 %)`,
  );
  out(`  ${phase1.interactions} interactions stored, ${phase1.users} users listed, run status ${phase1.status}`);
  const scan = await riskScanCost(client, 'bench_graph_bound');
  out(
    `  risk scan (timed again over the ${scan.interactions} stored interactions): ${scan.microsPerInteraction.toFixed(0)} µs per interaction, ${scan.seconds.toFixed(1)} s = ${((100 * scan.seconds) / phase1.seconds).toFixed(1)} % of the phase's ${phase1.seconds.toFixed(0)} s; the share of the ceiling above was measured with it in the sync`,
  );
  await client.db('bench_graph_bound').dropDatabase();

  if (args.graphOnly) return finish(memory, client, mongo);
  const phase2 = await syncOnce(client, tenant, tls, {
    db: 'bench_store_bound',
    rateLimitPerSecond: 1e6,
    latencyMs: 0,
    maxRps: 1e5,
  });
  const syncRate = phase2.interactions / phase2.seconds;
  const raw = await rawInsertRate(client, 'bench_store_bound');
  out(`\nPhase 2 — store-bound (no ceiling, no latency):`);
  out(
    `  sync: ${phase2.interactions} interactions in ${phase2.seconds.toFixed(1)} s = ${syncRate.toFixed(0)} interactions/s (with conversations, agents, data sources, users, daily aggregates)`,
  );
  out(`  raw insertMany of the same ${raw.docs} documents: ${raw.rate.toFixed(0)} documents/s`);
  out(`  ratio: ${(syncRate / raw.rate).toFixed(3)} (goal >= 0.5)`);
  await client.db('bench_store_bound').dropDatabase();
  await finish(memory, client, mongo);
}

async function finish(memory: ReturnType<typeof trackPeakRss>, client: MongoClient, mongo: Peer | null): Promise<void> {
  out(
    `\nPeak memory (whole process: sync + simulator thread${mongo ? ' + emulator thread holding the data' : ''}): ${memory.peakMb()} MB RSS`,
  );
  memory.stop();
  await client.close();
  await mongo?.stop();
  process.exit(0);
}

interface Peer {
  ready: Record<string, unknown>;
  request(message: object, reply: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts a peer (database or Graph simulator) on a worker thread. */
async function startPeer(start: object): Promise<Peer> {
  // The emulator keeps every document on its heap: give it room, as a database server would have (a larger
  // young generation cut its garbage-collection pauses enough to lift the 10,000-user run from 0.87 to 0.95).
  const worker = new Worker(path.join(__dirname, 'serviceWorker.js'), {
    resourceLimits: { maxOldGenerationSizeMb: 16_384, maxYoungGenerationSizeMb: 256 },
  });
  const request = (message: object, reply: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.kind !== reply && m.kind !== 'error') return;
        worker.off('message', onMessage);
        if (m.kind === 'error') reject(new Error(String(m.message)));
        else resolve(m);
      };
      worker.on('message', onMessage);
      worker.postMessage(message);
    });
  const ready = await request(start, 'ready');
  return {
    ready,
    request,
    stop: async () => {
      await request({ kind: 'stop' }, 'stopped');
      await worker.terminate();
    },
  };
}

async function syncOnce(
  client: MongoClient,
  tenant: { seed: number; userCount: number; referenceTime: string; avg: number },
  tls: { cert: string; key: string },
  options: { db: string; rateLimitPerSecond: number; latencyMs: number | { min: number; max: number }; maxRps: number },
) {
  const store = createStore(client.db(options.db));
  await store.ensureIndexes();
  const graph = await startPeer({
    kind: 'start',
    service: 'graph',
    tenant,
    tls,
    rateLimitPerSecond: options.rateLimitPerSecond,
    latencyMs: options.latencyMs,
  });
  const peer = graph.ready as Record<string, string>;
  const gateway = createSdkGraphGateway({
    tenantId: peer.tenantId!,
    clientId: peer.clientId!,
    clientSecret: peer.clientSecret!,
    authorityHost: peer.authorityHost!,
    graphBaseUrl: peer.graphBaseUrl!,
    fetch: createFetch({ extraCaPem: tls.cert }),
    maxRps: options.maxRps,
    concurrency: args.concurrency,
    logger: log,
  });
  const runner = new SyncRunner({
    store,
    gateway,
    logger: log,
    now: () => new Date(),
    settings: {
      tenantId: peer.tenantId!,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 90,
      overlapMinutes: 15,
      concurrency: args.concurrency,
    },
  });
  let lastPrint = 0;
  const started = process.hrtime.bigint();
  const run = await runner.run({
    mode: 'full',
    trigger: 'bench',
    onProgress: (r) => {
      if (Date.now() - lastPrint < 5000) return;
      lastPrint = Date.now();
      process.stderr.write(
        `  … ${r.progress.usersDone}/${r.progress.usersTotal} users, ${r.counts.interactionsNew} interactions\n`,
      );
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = (await graph.request({ kind: 'stats' }, 'stats')).stats as SimulatorStats;
  await graph.stop();
  const graphRequests = stats.requests - stats.tokensIssued;
  return {
    seconds,
    graphRequests,
    throttled: stats.throttled429,
    interactions: run.counts.interactionsNew,
    users: run.counts.usersListed,
    status: run.status,
  };
}

/**
 * The risk scanner's cost per interaction: every stored interaction scanned again, 500 at a time, as the sync's batch
 * writer scans them (findings upserted: a rescan meets the same keys). Only the scan calls are timed, not the reads.
 */
async function riskScanCost(
  client: MongoClient,
  db: string,
): Promise<{ interactions: number; seconds: number; microsPerInteraction: number }> {
  const store = createStore(client.db(db));
  const scanner = createRiskScanner({ store, hashKey: Buffer.alloc(32, 7), now: () => new Date(), logger: log });
  // Natural order: a sort on _id over the whole collection is refused by the emulator's 100 MB sort limit.
  const cursor = store.interactions.find({});
  let batch: Awaited<ReturnType<typeof cursor.next>>[] = [];
  let interactions = 0;
  let nanos = 0n;
  const scanBatch = async () => {
    const docs = batch.filter((d) => d !== null);
    batch = [];
    const started = process.hrtime.bigint();
    await scanner.scan(docs);
    nanos += process.hrtime.bigint() - started;
    interactions += docs.length;
  };
  for await (const doc of cursor) {
    batch.push(doc);
    if (batch.length === 500) await scanBatch();
  }
  if (batch.length > 0) await scanBatch();
  const seconds = Number(nanos) / 1e9;
  return { interactions, seconds, microsPerInteraction: interactions ? (seconds * 1e6) / interactions : 0 };
}

/** insertMany of the documents the sync wrote, in 1,000-document batches, into a scratch collection. */
async function rawInsertRate(client: MongoClient, db: string): Promise<{ docs: number; rate: number }> {
  const docs = await client.db(db).collection('interactions').find({}).toArray();
  const scratch = client.db(db).collection('raw_insert');
  const started = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i += 1000) await scratch.insertMany(docs.slice(i, i + 1000), { ordered: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { docs: docs.length, rate: docs.length / seconds };
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
