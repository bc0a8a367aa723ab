import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { ask as askEngine } from '../server/core/ask/engine';
import { createStore } from '../server/store/Store';
import { startMongoThread } from './apiBench';
import { parseNumberArgs, takeListArg, trackPeakRss } from './benchArgs';
import { benchShapes, OLD_FORM_QUESTION } from './botShapes';
import { benchTenant, buildTenant } from './tenantBuilder';

/**
 * BENCH_BASELINE=<dir> npm run bench:bot:beside -- [--users 2000] [--requests 100] [--shapes "by user: 30 days,by site"]:
 * each shape of the compositional engine beside the old engine's form it replaced, on one tenant in one process, asked
 * alternately (old then new, then new then old) so both meet the same load; p50/p95 of each and their ratio.
 * `--shapes` times only the shapes named (exactly, comma-separated), to re-check a few without timing all 23. `<dir>` is a built checkout of the last tree
 * with the old engine (`bot/answers`):
 *   git worktree add <dir> 8db6f70^ && cd <dir> && ln -s <this checkout>/node_modules . && npm run build:server
 * The old engine reads this tree's store (the same collections; it ignores what it does not know).
 */

/** The old engine's entry points and what they need, as its build exports them. */
interface OldEngine {
  understand(deps: unknown, question: string): Promise<{ type: string; query?: unknown }>;
  answerQuery(deps: unknown, query: unknown, question: string): Promise<{ summary: string; rows: unknown[] }>;
}

const baseline = process.env.BENCH_BASELINE;
if (!baseline)
  throw new Error('BENCH_BASELINE=<dir>: a built checkout of the old engine (see bench/oldEngineBeside.ts)');
const { list: only, rest } = takeListArg(process.argv.slice(2), 'shapes');
const unknown = only.filter((shape) => !(shape in OLD_FORM_QUESTION));
if (unknown.length)
  throw new Error(`--shapes: no shape with an old form named ${unknown.map((s) => `"${s}"`).join(', ')}; known: ${Object.keys(OLD_FORM_QUESTION).join(', ')}`); // prettier-ignore
const args = parseNumberArgs(rest, { users: 2_000, avg: 220, requests: 100, seed: 1 });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const fromBaseline = <T>(file: string): T => require(path.resolve(baseline, 'dist', file)) as T; // eslint-disable-line @typescript-eslint/no-require-imports

/** The old engine over the same database, with its own store and name directory (its bench's deps). */
function oldEngine(db: Db, tenantId: string, now: Date, departments: readonly string[]) {
  const engine = fromBaseline<OldEngine>('bot/answers/askEngine.js');
  const { createStore: oldStore } = fromBaseline<{ createStore(db: Db): unknown }>('server/store/Store.js');
  const { createNameDirectory } = fromBaseline<{ createNameDirectory(s: unknown, t: string, ttl: number): unknown }>(
    'server/core/insights/questions/nameDirectory.js',
  );
  const { createLogger } = fromBaseline<{ createLogger(o: object): unknown }>('server/logger.js');
  const store = oldStore(db);
  const caller = { userId: 'demo-admin', tenantId, name: 'Demo admin', upn: null, roles: [], groups: [], demo: true, isAdmin: true }; // prettier-ignore
  const deps = {
    store,
    tenantId,
    now: () => now,
    logger: createLogger({ level: 'silent' }),
    caller,
    via: 'bot',
    publicUrl: 'http://localhost:3978',
    vocabulary: async () => ({ departments }),
    names: createNameDirectory(store, tenantId, 5 * 60_000),
  };
  return async (question: string) => {
    const parsed = await engine.understand(deps, question);
    if (parsed.type !== 'query') return { summary: `(${parsed.type})`, rows: [] };
    return engine.answerQuery(deps, parsed.query, question);
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const memory = trackPeakRss();
  const mongo = await startMongoThread();
  const client = new MongoClient(mongo.uri, {
    // As bench:bot's: the tenant build outlasts a streaming monitor's check on a loaded machine.
    serverMonitoringMode: 'poll',
    connectTimeoutMS: 600_000,
    serverSelectionTimeoutMS: 600_000,
  });
  await client.connect();
  const store = createStore(client.db('bench_beside'));
  await store.db.dropDatabase();
  await store.ensureIndexes();
  const now = new Date();
  const started = Date.now();
  const built = await buildTenant(store, benchTenant(args, now), now);
  out(`Tenant: ${args.users} users, ${built.interactions} interactions; built in ${((Date.now() - started) / 1000).toFixed(1)} s`); // prettier-ignore
  const shapes = await benchShapes(store, built.tenantId, now);
  const departments = await shapes.deps.vocabulary().then((v) => v.departments);
  const askOld = oldEngine(store.db, built.tenantId, now, departments);
  const askNew = (question: string) => askEngine(shapes.deps, question);
  out(`\n${'shape'.padEnd(22)} ${'old p50'.padStart(8)} ${'old p95'.padStart(8)} ${'new p50'.padStart(8)} ${'new p95'.padStart(8)} ${'p50 ×'.padStart(6)} ${'p95 ×'.padStart(6)}  old answer | new answer`); // prettier-ignore
  const results = [];
  for (const [shape, question] of shapes.forms) {
    const oldQuestion = OLD_FORM_QUESTION[shape]
      ?.replace('PERSON', shapes.person)
      .replace('FIRST', shapes.first)
      .replace('DEPT', shapes.department);
    if (!oldQuestion || (only.length > 0 && !only.includes(shape))) continue;
    const oldFirst = await askOld(oldQuestion); // warm-ups, not counted
    const newFirst = await askNew(question);
    const times = { old: [] as number[], new: [] as number[] };
    for (let i = 0; i < args.requests; i++) {
      for (const which of i % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
        const t0 = process.hrtime.bigint();
        await (which === 'old' ? askOld(oldQuestion) : askNew(question));
        times[which].push(ms(t0));
      }
    }
    const o = times.old.sort((a, b) => a - b);
    const n = times.new.sort((a, b) => a - b);
    const row = { shape, old: { p50: pct(o, 0.5), p95: pct(o, 0.95) }, new: { p50: pct(n, 0.5), p95: pct(n, 0.95) } };
    results.push(row);
    const said = `${oldFirst.summary.slice(0, 40)} (${oldFirst.rows.length} rows) | ${(newFirst.interpretation || newFirst.summary).slice(0, 40)} (${newFirst.rows.length} rows)`; // prettier-ignore
    out(`${shape.padEnd(22)} ${row.old.p50.toFixed(1).padStart(8)} ${row.old.p95.toFixed(1).padStart(8)} ${row.new.p50.toFixed(1).padStart(8)} ${row.new.p95.toFixed(1).padStart(8)} ${(row.new.p50 / row.old.p50).toFixed(2).padStart(6)} ${(row.new.p95 / row.old.p95).toFixed(2).padStart(6)}  ${said}`); // prettier-ignore
  }
  const over = results.filter((r) => r.new.p95 > 1.2 * r.old.p95);
  out(`\n${results.length - over.length} of ${results.length} shapes within 20 % of their old form's p95 on the same tenant${over.length ? `; over: ${over.map((r) => r.shape).join(', ')}` : ''}. ${args.requests} samples each. Peak RSS ${memory.peakMb()} MB.`); // prettier-ignore
  out(JSON.stringify({ bench: 'bot-beside-old', users: args.users, interactions: built.interactions, results }));
  memory.stop();
  await client.close();
  await mongo.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
