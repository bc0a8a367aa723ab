import { MongoClient } from 'mongodb';
import { SyncRunner } from '../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../server/graph/constants';
import { createSdkGraphGateway } from '../server/graph/sdkGraphGateway';
import { createSelfSignedCertificate } from '../server/graph/simulator/certificate';
import { startGraphSimulator } from '../server/graph/simulator/startGraphSimulator';
import { createSyntheticTenant, type SyntheticTenant } from '../server/graph/simulator/syntheticTenant';
import { createFetch } from '../server/graph/trustedFetch';
import { createLogger } from '../server/logger';
import { startCongo } from '../server/store/embedded/embeddedMongo';
import { createStore } from '../server/store/Store';
import { parseNumberArgs, trackPeakRss } from './benchArgs';

/**
 * npm run bench:sync — a large tenant synced over the simulator.
 *
 * Phase 1 (Graph-bound): the simulator enforces a request ceiling with realistic page latency; we report the
 * request rate achieved as a share of the ceiling and the share of requests answered 429.
 * Phase 2 (store-bound): the same tenant with no ceiling and no latency, into a fresh database; we report the
 * sync's interactions/s against a raw insertMany of the very documents it wrote, on the same server.
 */
const args = parseNumberArgs(process.argv.slice(2), {
  users: 10_000,
  avg: 140,
  rps: 30,
  clientRps: 0,
  latencyMin: 60,
  latencyMax: 180,
  concurrency: 16,
  seed: 1,
});
const log = createLogger({ level: 'warn', destination: process.stderr });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const memory = trackPeakRss();
  const external = process.env.MONGODB_URI;
  const mongo = external ? null : await startCongo();
  const client = new MongoClient(external ?? mongo!.uri);
  await client.connect();
  const engine =
    (await client.db('admin').command({ buildInfo: 1 })).gitVersion === 'congodb' ? 'CongoDB emulator' : 'MongoDB';
  const tls = await createSelfSignedCertificate();
  const referenceTime = new Date();
  const tenant = createSyntheticTenant({
    seed: args.seed,
    userCount: args.users,
    referenceTime,
    avgInteractionsPerActiveUser: args.avg,
  });
  out(`Tenant: ${args.users} users (seed ${args.seed}); database: ${engine}; 2-core machine, simulator in-process.`);

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
  await client.db('bench_graph_bound').dropDatabase();

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
  out(`\nPeak memory (bench process: simulator + sync${mongo ? ' + emulator' : ''}): ${memory.peakMb()} MB RSS`);
  memory.stop();
  await client.close();
  await mongo?.stop();
}

async function syncOnce(
  client: MongoClient,
  tenant: SyntheticTenant,
  tls: { cert: string; key: string },
  options: { db: string; rateLimitPerSecond: number; latencyMs: number | { min: number; max: number }; maxRps: number },
) {
  const store = createStore(client.db(options.db));
  await store.ensureIndexes();
  const simulator = await startGraphSimulator({
    tenant,
    tls,
    rateLimitPerSecond: options.rateLimitPerSecond,
    latencyMs: options.latencyMs,
  });
  const gateway = createSdkGraphGateway({
    tenantId: tenant.tenantId,
    clientId: tenant.app.clientId,
    clientSecret: tenant.app.clientSecret,
    authorityHost: simulator.authorityHost,
    graphBaseUrl: simulator.graphBaseUrl,
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
      tenantId: tenant.tenantId,
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
  const stats = simulator.stats();
  await simulator.close();
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
