import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import { createApiRouter } from '../server/api/apiRouter';
import type { AppContext } from '../server/appContext';
import { createAuthenticator } from '../server/auth/authenticator';
import { loadConfig } from '../server/config';
import { createApp } from '../server/createApp';
import type { SyncControl } from '../server/core/sync/syncControl';
import { createLogger } from '../server/logger';
import { createStore, type Store } from '../server/store/Store';
import { parseNumberArgs, trackPeakRss } from './benchArgs';
import { planColumn, planFigures, worstOf, type PlanFigures, type PlanSummary } from './planFigures';
import { benchTenant, buildTenant } from './tenantBuilder';

/**
 * npm run bench:api — p50/p95 of every tab API endpoint over real HTTP on a large tenant.
 *
 * The tenant is the simulator's synthetic one (10,000 users, ~1,000,000 interactions in the 90-day window by
 * default), written straight into the store with the sync's own mapper and aggregate-op builder (its ops folded
 * in memory, then inserted), about ten minutes for the full tenant instead of the sync's hours. The database (CongoDB
 * emulator unless MONGODB_URI is set) runs on its own thread like a database server; the app serves the API on
 * 127.0.0.1 and requests come sequentially from this thread, varied filters each. `--users 500` is a one-minute run;
 * `--detail 1` also prints each request's time by target.
 */
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const DAY = 86_400_000;

async function main(): Promise<void> {
  // Read here, not on import: bench:bot and bench:bot:beside import this module's helpers with options of their own.
  const args = parseNumberArgs(process.argv.slice(2), { users: 10_000, avg: 220, requests: 20, seed: 1, detail: 0 });
  const memory = trackPeakRss();
  const external = process.env.MONGODB_URI;
  const mongo = external ? null : await startMongoThread();
  const client = new MongoClient(external ?? mongo!.uri);
  await client.connect();
  const engine =
    (await client.db('admin').command({ buildInfo: 1 })).gitVersion === 'congodb' ? 'CongoDB emulator' : 'MongoDB';
  const store = createStore(client.db('bench_api'));
  await store.db.dropDatabase();
  await store.ensureIndexes();
  const now = new Date();
  const started = Date.now();
  const built = await buildTenant(store, benchTenant(args, now), now, {
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  out(
    `Tenant: ${args.users} users, ${built.interactions} interactions, ${built.conversations} conversations (seed ${args.seed}); database: ${engine}; built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const { baseUrl, close } = await serve(store, built.tenantId, now);
  const samples = await sampleIds(store, built.tenantId);
  const results: Array<{
    endpoint: string;
    n: number;
    p50: number;
    p95: number;
    max: number;
    slowest: { target: string; ms: number };
    plan: PlanFigures | null;
  }> = [];
  out(
    `\n${'endpoint'.padEnd(26)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
  );
  // Opening a conversation may ask why (it goes to the access log): every request says.
  const get = (target: string) => fetch(`${baseUrl}${target}`, { headers: { 'x-access-reason': 'benchmark run' } });
  for (const [endpoint, paths] of Object.entries(endpoints(samples, now))) {
    const times: number[] = [];
    const slowest = { target: '', ms: 0 };
    const perTarget = new Map<string, number[]>();
    for (const target of paths.slice(0, 2)) await (await get(target)).arrayBuffer(); // warm-up, not counted
    for (let i = 0; i < args.requests; i++) {
      const target = paths[i % paths.length]!;
      const t0 = process.hrtime.bigint();
      const response = await get(target);
      await response.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times.push(ms);
      if (ms > slowest.ms) Object.assign(slowest, { target, ms });
      perTarget.set(target, [...(perTarget.get(target) ?? []), ms]);
      if (!response.ok) throw new Error(`${target} answered ${response.status}`);
    }
    times.sort((a, b) => a - b);
    // Once more per target, untimed, with the emulator recording each command's plan.
    const plans: PlanFigures[] = [];
    for (const target of new Set(paths.slice(0, args.requests))) {
      const figures = await planOf(mongo, async () => (await get(target)).arrayBuffer());
      if (figures) plans.push(figures);
    }
    const row = {
      endpoint,
      n: times.length,
      p50: pct(times, 0.5),
      p95: pct(times, 0.95),
      max: times[times.length - 1]!,
      slowest,
      plan: plans.length > 0 ? worstOf(plans) : null,
    };
    results.push(row);
    if (args.detail)
      for (const [target, ms] of perTarget) out(`    ${target.padEnd(60)} ${ms.map((t) => t.toFixed(0)).join(' ')}`);
    out(
      `${endpoint.padEnd(26)} ${String(row.n).padStart(4)} ${row.p50.toFixed(1).padStart(8)} ${row.p95.toFixed(1).padStart(8)} ${row.max.toFixed(1).padStart(8)}  ${row.plan ? planColumn(row.plan) : ''}${row.p95 < 150 ? '' : `   (over the 150 ms goal; slowest: ${slowest.target})`}`,
    );
  }
  const file = path.join(process.cwd(), '.data', 'bench', 'apiBench.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      { at: now, engine, users: args.users, ...built, requestsPerEndpoint: args.requests, results },
      null,
      2,
    ),
  );
  out(
    `\n${results.filter((r) => r.p95 < 150).length} of ${results.length} endpoints meet p95 < 150 ms. Results: ${file}`,
  );
  out(`Peak memory (whole process incl. the emulator thread): ${memory.peakMb()} MB RSS`);
  // Last line: one JSON object, per target its times and (on the emulator) its plan's worst figures per request.
  const targets = results.map(({ endpoint, p50, p95, plan }) => ({ target: endpoint, p50, p95, plan }));
  out(JSON.stringify({ bench: 'api', engine, users: args.users, interactions: built.interactions, targets }));
  memory.stop();
  await close();
  await store.db.dropDatabase();
  await client.close();
  await mongo?.stop();
  process.exit(0);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function sampleIds(store: Store, tenantId: string) {
  const users = await store.users
    .find({ tenantId }, { projection: { userId: 1, displayName: 1, department: 1 }, limit: 50 })
    .toArray();
  const conversations = await store.conversations.find({ tenantId }, { projection: { _id: 1 }, limit: 200 }).toArray();
  return { users, conversations: conversations.map((c) => c._id.toHexString()) };
}

function endpoints(samples: Awaited<ReturnType<typeof sampleIds>>, now: Date): Record<string, string[]> {
  const day = (ago: number) => new Date(now.getTime() - ago * DAY).toISOString().slice(0, 10);
  const ranges = [`from=${day(7)}`, `from=${day(30)}`, `from=${day(90)}`];
  const user = (i: number) => samples.users[i % samples.users.length]!;
  const name = (i: number) => encodeURIComponent((user(i).displayName ?? 'a').split(' ')[0]!);
  return {
    'GET /api/overview': ranges.map((r) => `/api/overview?${r}`),
    'GET /api/apps': ranges.map((r) => `/api/apps?${r}`),
    'GET /api/daily-activity': [...ranges.map((r) => `/api/daily-activity?${r}`), `/api/daily-activity?appKey=word`],
    'GET /api/agents': [
      '/api/agents',
      '/api/agents?sort=interactionCount',
      '/api/agents?appKey=word&sort=promptCount',
      `/api/agents?userId=${user(1).userId}`,
      `/api/agents?search=${name(2)}`,
      `/api/agents?from=${day(7)}&sort=userName`,
      `/api/agents?department=${encodeURIComponent(user(3).department ?? 'Sales')}`,
    ],
    'GET /api/activity': [
      '/api/activity?types=session',
      '/api/activity',
      `/api/activity?types=prompt,response&from=${day(7)}`,
      `/api/activity?userId=${user(4).userId}`,
      '/api/activity?appKey=excel&types=session,data_source_access',
      `/api/activity?search=${name(5)}&types=session`,
    ],
    'GET /api/conversations/:id': samples.conversations.map((id) => `/api/conversations/${id}`),
    'GET /api/users': [
      '/api/users',
      '/api/users?sort=displayName',
      '/api/users?appKey=word&sort=promptCount',
      `/api/users?search=${name(6)}`,
      `/api/users?department=${encodeURIComponent(user(7).department ?? 'Sales')}`,
    ],
    'GET /api/users/inactive': [
      '/api/users/inactive',
      `/api/users/inactive?search=a`,
      `/api/users/inactive?department=${encodeURIComponent(user(8).department ?? 'Sales')}`,
    ],
    'GET /api/data-sources': [
      '/api/data-sources',
      '/api/data-sources?sort=userCount',
      '/api/data-sources?kind=file&sort=name',
      '/api/data-sources?search=plan',
    ],
    'GET /api/sync/status': ['/api/sync/status'],
    'GET /api/sync/runs': ['/api/sync/runs', '/api/sync/runs?limit=10'],
    'GET /api/access-log': ['/api/access-log'],
  };
}

/** The API router in the real app on 127.0.0.1; requests are the demo admin (loopback, demo mode, no token). */
async function serve(store: Store, tenantId: string, now: Date) {
  const config = loadConfig({});
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const syncControl: SyncControl = {
    requestSync: async () => ({ status: 'queued', runId: null }),
    onRunFinished: () => undefined,
  };
  const ctx = {
    config,
    logger,
    store,
    tenantId,
    mode: 'demo',
    now: () => now,
    mongoEngine: 'bench',
    mongoPersistent: false,
    syncControl,
    auth: createAuthenticator({
      mode: 'demo',
      tenantId,
      validateToken: () => Promise.reject(new Error('no tokens in the bench')),
      tierOf: () => 'Admin',
    }),
  } as unknown as AppContext;
  const app = createApp(ctx, [{ path: '/api', router: createApiRouter(ctx) }]);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A database on its own thread: its URI, its plan records between two calls, and a stop. */
export interface MongoThread {
  uri: string;
  /** Starts recording the emulator's plans; the function returned stops and hands back their summaries. */
  recordPlans(): Promise<() => Promise<PlanSummary[]>>;
  stop(): Promise<void>;
}

/**
 * MongoDB-style plan figures of one run of `run` (the emulator's plan records meanwhile), or null without the emulator
 * (a real MongoDB's plans are its own explain's to give).
 */
export async function planOf(mongo: MongoThread | null, run: () => Promise<unknown>): Promise<PlanFigures | null> {
  if (!mongo) {
    await run();
    return null;
  }
  const stop = await mongo.recordPlans();
  const failure = await run().then(
    () => null,
    (error: unknown) => error ?? new Error('failed'),
  );
  const records = await stop();
  if (failure) throw failure;
  return planFigures(records);
}

/** The emulator on its own thread (bench/serviceWorker.ts), sized like a database server. */
export async function startMongoThread(): Promise<MongoThread> {
  const worker = new Worker(path.join(__dirname, 'serviceWorker.js'), {
    resourceLimits: { maxOldGenerationSizeMb: 16_384, maxYoungGenerationSizeMb: 256 },
  });
  const ask = (message: object, reply: string) =>
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
  const ready = await ask({ kind: 'start', service: 'mongo' }, 'ready');
  return {
    uri: String(ready.uri),
    recordPlans: async () => {
      await ask({ kind: 'plans-start' }, 'plans-started');
      return async () => (await ask({ kind: 'plans-stop' }, 'plans')).records as PlanSummary[];
    },
    stop: async () => {
      await ask({ kind: 'stop' }, 'stopped');
      await worker.terminate();
    },
  };
}

// bench:bot imports the thread and plan helpers: run only as a script.
if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
