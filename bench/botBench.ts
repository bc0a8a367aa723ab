import { MongoClient } from 'mongodb';
import type { AskAnswer } from '../server/core/ask/answerTypes';
import { ask as askEngine, type EngineDeps } from '../server/core/ask/engine';
import { demoAdmin } from '../server/auth/principal';
import { departmentNames } from '../server/core/insights/questions/departments';
import { createNameDirectory } from '../server/core/insights/questions/nameDirectory';
import { createSourceCatalog } from '../server/core/insights/sourceFilter';
import { createSyncFacts } from '../server/core/insights/syncFacts';
import { createLogger } from '../server/logger';
import { createStore } from '../server/store/Store';
import { planOf, startMongoThread } from './apiBench';
import { planColumn, type PlanFigures } from './planFigures';
import { parseNumberArgs, trackPeakRss } from './benchArgs';
import { benchTenant, buildTenant } from './tenantBuilder';

/**
 * npm run bench:bot — p50/p95 answer time of each Ask engine shape (grouping by every dimension, comparisons, rolling
 * windows, lists, replies) on the large tenant (10,000 users, ~1,000,000
 * interactions; built with bench:api's tenant builder). Each sample is the whole engine: parse the question, run the
 * insights queries, shape the answer (cards are rendered from it without I/O). `--users 500` for a quick run; the
 * options are bench:api's (`--users --avg --requests --seed`), and the tenant is built by the same builder.
 * `BENCH_ONLY="by site,by day"` times only the shapes whose names contain one of those words (to check one change).
 */
/**
 * p95 ms of the old engine's question form each shape replaces, on the full tenant (docs/bot.md, 2026-12-02): a shape
 * more than 20 % over its form's figure is named at the end. Shapes the old engine could not answer have none.
 */
const OLD_FORM_P95: Record<string, number> = {
  'by user: this week': 219,
  'by user: today': 26,
  'by user: 30 days': 50,
  'by user: date range': 167,
  'by user: in an app': 33,
  'by user: in a dept': 158,
  'by app: users': 39,
  'by app: sessions': 19,
  'one app: prompts': 20,
  'by department': 418,
  'by day': 2.5, // app trend
  'by hour': 2.5, // busiest hours
  'by source: all time': 6.3,
  'by site': 5.9,
  'reach by source': 8.1,
  'apps of a user': 35,
  'what a user asked': 96,
  'user profile (fuzzy)': 30,
  'licensed never used': 29,
  'new users since': 32,
  'sync status': 4.1,
  'risk findings': 6.3,
  'not understood': 39,
};

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

  const someone = await store.users.findOne({ tenantId: built.tenantId }, { sort: { interactionCount: -1 } });
  const person = someone?.displayName ?? 'Alex';
  const first = person.split(' ')[0]!;
  const departments = await departmentNames(store, built.tenantId);
  const department = departments[0];
  const deps: EngineDeps = {
    store,
    tenantId: built.tenantId,
    now: () => now,
    logger: createLogger({ level: 'silent' }),
    caller: demoAdmin(built.tenantId),
    via: 'bot',
    publicUrl: 'http://localhost:3978',
    vocabulary: async () => ({ departments }),
    names: createNameDirectory(store, built.tenantId, 5 * 60_000),
    // The data sources by name, kept for minutes as the app keeps them (bot/botContext.ts): without it every question
    // naming a capitalised word read the whole catalogue (74,624 documents at 10,000 users).
    sources: createSourceCatalog(store, built.tenantId, 5 * 60_000),
    // As the bot and the tab share them (bot/botContext.ts).
    syncFacts: createSyncFacts(store, built.tenantId),
    timeZone: 'UTC',
    // An Investigator's reason, so "what a user asked" times reading the prompts (and writing the access-log entry),
    // not the card that asks for a reason.
    reason: 'Benchmark run',
  };
  const other = departments[1] ?? 'Marketing';
  const forms: Array<[string, string]> = [
    ['by user: this week', 'Top 10 users this week'],
    ['by user: today', 'top 5 users today'],
    ['by user: 30 days', 'top users in the last 30 days'],
    ['by user: date range', 'top users between 2026-11-01 and 2026-11-07'],
    ['by user: in an app', 'top users in Word this month'],
    ['by user: in a dept', `top users in the DEPT department`],
    ['by app: users', 'how many users per app'],
    ['by app: sessions', 'how many sessions per app this week'],
    ['one app: prompts', 'how many prompts in Teams this week'],
    ['by department', 'prompts by department last 30 days'],
    ['by department: app', 'which department uses Copilot in PowerPoint most'],
    ['by day', 'prompts per day over the last 30 days'],
    ['by week', 'weekly active users over the last 8 weeks'],
    ['by month', 'prompts per month in the last 90 days'],
    ['by hour', 'busiest hours this month'],
    ['by weekday', 'busiest day of the week last month'],
    ['by source: all time', 'most referenced files'],
    ['by source: a month', 'most referenced files this month'],
    ['by site', 'most referenced sites'],
    ['reach by source', 'which data sources are reached by the most users'],
    ['compare apps', 'Word vs Excel prompts last month'],
    ['compare depts', `DEPT vs OTHER active users last month`],
    ['compare periods', 'prompts this week compared with last week'],
    ['rolling 24 hours', 'prompts in the last 24 hours'],
    ['rolling 48 h users', 'active users in the last 48 hours'],
    ['apps of a user', `which apps does ${person} use`],
    ['what a user asked', `what did ${person} ask copilot last week`],
    ['user profile (fuzzy)', `how active is ${first}`],
    ['licensed never used', 'licensed users who never used copilot'],
    ['licensed idle 30 days', 'licensed users with no activity in the last 30 days'],
    ['new users since', 'new copilot users since 2026-10-01'],
    ['sync status', 'when was the last sync'],
    ['risk findings', 'risk findings'],
    ['not understood', 'prompts by flavour'],
    ['out of scope', 'tell me a joke'],
  ]
    .map(([shape, q]): [string, string] => [shape!, q!.replace('DEPT', department ?? 'Sales').replace('OTHER', other)])
    .filter(([shape]) => !only.length || only.some((word) => shape.includes(word)));
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
