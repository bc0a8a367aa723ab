import { MongoClient } from 'mongodb';
import type { AskAnswer } from '../server/core/ask/answerTypes';
import { ask as askEngine } from '../server/core/ask/engine';
import { createStore } from '../server/store/Store';
import { planOf, startMongoThread } from './apiBench';
import { planColumn, type PlanFigures } from './planFigures';
import { parseNumberArgs, trackPeakRss } from './benchArgs';
import { benchTenant, buildTenant } from './tenantBuilder';
import { benchShapes, OLD_FORM_P95 } from './botShapes';

/**
 * npm run bench:bot — p50/p95 answer time of each Ask engine shape (grouping by every dimension, comparisons, rolling
 * windows, lists, replies) on the large tenant (10,000 users, ~1,000,000
 * interactions; built with bench:api's tenant builder). Each sample is the whole engine: parse the question, run the
 * insights queries, shape the answer (cards are rendered from it without I/O). `--users 500` for a quick run; the
 * options are bench:api's (`--users --avg --requests --seed`), and the tenant is built by the same builder.
 * `BENCH_ONLY="by site,by day"` times only the shapes whose names contain one of those words (to check one change).
 */
const args = parseNumberArgs(process.argv.slice(2), { users: 10_000, avg: 220, requests: 20, seed: 1 });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((word) => word.trim())
  .filter(Boolean);

async function main(): Promise<void> {
  const memory = trackPeakRss();
  const external = process.env.MONGODB_URI;
  const mongo = external ? null : await startMongoThread();
  // Polled, patient server monitoring: on a loaded machine the streaming monitor's check timed out during the tenant
  // build and the driver interrupted the build's writes ("interrupted due to server monitor timeout").
  const client = new MongoClient(external ?? mongo!.uri, {
    serverMonitoringMode: 'poll',
    connectTimeoutMS: 600_000,
    serverSelectionTimeoutMS: 600_000,
  });
  await client.connect();
  const store = createStore(client.db('bench_bot'));
  await store.db.dropDatabase();
  await store.ensureIndexes();
  const now = new Date();
  const started = Date.now();
  const built = await buildTenant(store, benchTenant(args, now), now);
  out(
    `Tenant: ${args.users} users, ${built.interactions} interactions; built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const { deps, forms: all } = await benchShapes(store, built.tenantId, now);
  const forms = all.filter(([shape]) => !only.length || only.some((word) => shape.includes(word)));
  const ask = async (question: string): Promise<AskAnswer> => askEngine(deps, question);
  out(
    `\n${'shape'.padEnd(24)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'old p95'.padStart(8)}  answer`,
  );
  const results: Array<{ form: string; p50: number; p95: number; plan: PlanFigures | null }> = [];
  for (const [form, question] of forms) {
    const first = await ask(question); // warm-up, not counted
    const times: number[] = [];
    for (let i = 0; i < args.requests; i++) {
      const t0 = process.hrtime.bigint();
      await ask(question);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    // Once more, untimed, with the emulator recording each command's plan.
    const plan = await planOf(mongo, () => ask(question));
    results.push({ form, p50: p(0.5), p95: p(0.95), plan });
    out(
      `${form.padEnd(24)} ${String(times.length).padStart(4)} ${p(0.5).toFixed(1).padStart(8)} ${p(0.95).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)} ${String(OLD_FORM_P95[form] ?? '').padStart(8)}  ${(first.interpretation || first.summary).slice(0, 90)}${plan ? `  [${planColumn(plan)}]` : ''}`,
    );
  }
  const over = results.filter((r) => r.p95 >= 150);
  const compared = results.filter((r) => OLD_FORM_P95[r.form] !== undefined);
  const slower = compared.filter((r) => r.p95 > 1.2 * OLD_FORM_P95[r.form]!);
  out(
    `\n${results.length - over.length} of ${results.length} shapes under the 150 ms p95 goal${over.length ? `; over: ${over.map((r) => r.form).join(', ')}` : ''}. Peak RSS ${memory.peakMb()} MB.`,
  );
  out(
    `${compared.length - slower.length} of ${compared.length} shapes with an old form within 20 % of its p95${slower.length ? `; slower: ${slower.map((r) => `${r.form} (${r.p95.toFixed(1)} vs ${OLD_FORM_P95[r.form]})`).join(', ')}` : ''}.`,
  );
  // Last line: one JSON object, per shape its times and (on the emulator) its plan's figures.
  const targets = results.map(({ form, p50, p95, plan }) => ({ target: form, p50, p95, plan }));
  out(JSON.stringify({ bench: 'bot', users: args.users, interactions: built.interactions, targets }));
  memory.stop();
  await client.close();
  await mongo?.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
