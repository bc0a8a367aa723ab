import { MongoClient } from 'mongodb';
import type { AskAnswer } from '../bot/answers/answerTypes';
import { answerQuery, understand, type EngineDeps } from '../bot/answers/askEngine';
import { DEMO_PRINCIPAL_ID, DEMO_PRINCIPAL_NAME } from '../server/auth/principal';
import { departmentNames } from '../server/core/insights/questions/departments';
import { createNameDirectory } from '../server/core/insights/questions/nameDirectory';
import { createLogger } from '../server/logger';
import { createStore } from '../server/store/Store';
import { buildTenant, startMongoThread } from './apiBench';
import { parseNumberArgs, trackPeakRss } from './benchArgs';

/**
 * npm run bench:bot — p50/p95 answer time of every bot question form on the large tenant (10,000 users, ~1,000,000
 * interactions; built with bench:api's tenant builder). Each sample is the whole engine: parse the question, run the
 * insights queries, shape the answer (cards are rendered from it without I/O). `--users 500` for a quick run; the
 * options are bench:api's (`--users --avg --requests --seed`), read by the shared builder too.
 */
const args = parseNumberArgs(process.argv.slice(2), { users: 10_000, avg: 220, requests: 20, seed: 1 });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const memory = trackPeakRss();
  const external = process.env.MONGODB_URI;
  const mongo = external ? null : await startMongoThread();
  const client = new MongoClient(external ?? mongo!.uri);
  await client.connect();
  const store = createStore(client.db('bench_bot'));
  await store.db.dropDatabase();
  await store.ensureIndexes();
  const now = new Date();
  const started = Date.now();
  const built = await buildTenant(store, now);
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
    caller: {
      userId: DEMO_PRINCIPAL_ID,
      tenantId: built.tenantId,
      name: DEMO_PRINCIPAL_NAME,
      upn: null,
      roles: [],
      groups: [],
      demo: true,
      isAdmin: true,
    },
    via: 'bot',
    publicUrl: 'http://localhost:3978',
    vocabulary: async () => ({ departments }),
    names: createNameDirectory(store, built.tenantId, 5 * 60_000),
  };
  const forms: Array<[string, string]> = [
    ['top users this week', 'Top 10 users this week'],
    ['top users today', 'top 5 users today'],
    ['top users 30 days', 'top users in the last 30 days'],
    ['top users date range', 'top users between 2026-11-01 and 2026-11-07'],
    ['top users in an app', 'top users in Word this month'],
    ['top users in a dept', `top users in the ${department ?? 'Sales'} department`],
    ['users per app', 'how many users per app'],
    ['sessions per app', 'how many sessions per app this week'],
    ['prompts in one app', 'how many prompts in Teams this week'],
    ['apps of a user', `which apps does ${person} use`],
    ['what a user asked', `what did ${person} ask copilot last week`],
    ['user summary (fuzzy)', `how active is ${first}`],
    ['most referenced files', 'most referenced files'],
    ['most referenced sites', 'most referenced sites'],
    ['sources by users', 'which data sources are reached by the most users'],
    ['licensed never used', 'licensed users who never used copilot'],
    ['new users since', 'new copilot users since 2026-10-01'],
    ['app trend', 'activity trend for excel'],
    ['busiest hours', 'busiest hours this month'],
    ['overview', 'how many active users this month'],
    ['agents in an app', 'list agents in outlook'],
    ['sessions today', 'show sessions today'],
    ['departments', 'usage by department'],
    ['sync status', 'when was the last sync'],
    ['risk findings', 'risk findings'],
    ['not understood', 'tell me a joke'],
  ];
  const ask = async (question: string): Promise<AskAnswer | null> => {
    const parsed = await understand(deps, question);
    return parsed.type === 'query' ? answerQuery(deps, parsed.query, question) : null;
  };
  out(
    `\n${'question form'.padEnd(24)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  answer`,
  );
  const results: Array<{ form: string; p95: number }> = [];
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
    results.push({ form, p95: p(0.95) });
    out(
      `${form.padEnd(24)} ${String(times.length).padStart(4)} ${p(0.5).toFixed(1).padStart(8)} ${p(0.95).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}  ${(first?.summary ?? '(suggestions)').slice(0, 70)}`,
    );
  }
  const over = results.filter((r) => r.p95 >= 150);
  out(
    `\n${results.length - over.length} of ${results.length} forms under the 150 ms p95 goal${over.length ? `; over: ${over.map((r) => r.form).join(', ')}` : ''}. Peak RSS ${memory.peakMb()} MB.`,
  );
  memory.stop();
  await client.close();
  await mongo?.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
