import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { injectTurns } from '../api/injectTurns';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Averages, ratios and shares as admins ask them: a share of one app or department is its figure over the same figure
 * without that filter (both shown), compared values are a row each, "per person per day" is over the active users of
 * each day, apps per person are a person's agents over the people. Every figure is recomputed here from the stored
 * interactions and the directory, not from the engine's reads.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
// "last month" at `now`: October, in UTC.
const october = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  // A passport number pasted three days ago (outside every period asked below), found by the sync's own scan.
  const forbidden = new Set(h.graph.tenant.forbiddenUserIds());
  const userId = h.graph.tenant.licensedUserIds().find((u) => !forbidden.has(u))!;
  await injectTurns(h, userId, 3 * 24 * 60, [{ prompt: 'Passport: X1234567 for the visa form', response: 'Done.' }]);
  await h.sync('full');
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h.close());

async function ask(question: string): Promise<{ q: MeasureQuery; answer: AskAnswer }> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query' || parsed.query.type !== 'measure')
    throw new Error(`"${question}" was not read as a measure: ${JSON.stringify(parsed)}`);
  return { q: parsed.query, answer: await answerQuery(deps, parsed.query, question) };
}

const inOctober = (r: Truth['rows'][number]) => r.at >= october.from && r.at < october.to;
const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;
const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const distinct = (xs: string[]) => new Set(xs).size;

test.each([
  'What share of prompts went to Copilot Chat last month?',
  "Copilot Chat's share of prompts last month",
  "what percentage of last month's prompts were sent to BizChat",
  '% of prompts in M365 Chat last month',
])('"%s" is Copilot Chat\'s prompts over all apps\' prompts, both shown', async (question) => {
  const { q, answer } = await ask(question);
  expect(q).toMatchObject({ measure: 'prompts', by: [], share: true, shareOf: 'app' });
  expect(q.filters.apps).toEqual(['m365chat']);
  const prompts = truth.rows.filter((r) => r.prompt && inOctober(r));
  const part = prompts.filter((r) => r.app === 'Microsoft 365 Chat').length;
  expect(part).toBeGreaterThan(0);
  expect(answer.rows).toEqual([{ share: pct(part, prompts.length), value: part, whole: prompts.length }]);
  expect(answer.interpretation).toMatch(
    /^Prompts · Microsoft 365 Chat · as a share of the prompts in all apps · last month/,
  );
  expect(answer.summary).toContain(
    `${pct(part, prompts.length)} % of prompts (${part} of ${prompts.length} in all apps)`,
  );
});

test('apps compared as shares are a row each over the same whole, not each as a share of the two', async () => {
  const { q, answer } = await ask('Teams vs Outlook: what share of interactions last month?');
  expect(q).toMatchObject({ measure: 'interactions', by: ['app'], shareOf: 'app', compare: 'values' });
  const all = truth.rows.filter(inOctober);
  expect(answer.rows).toHaveLength(2);
  for (const row of answer.rows) {
    const part = all.filter((r) => r.app === row.app).length;
    expect(row).toEqual({ app: row.app, share: pct(part, all.length), value: part, whole: all.length });
  }
  expect(answer.rows.map((r) => r.app).sort()).toEqual(['Outlook', 'Teams']);
});

test("a department's share is its members' figure over everyone's, people without a department included", async () => {
  const department = [...truth.alone].sort()[0]!;
  const { q, answer } = await ask(`What percent of prompts last month came from ${department}?`);
  expect(q).toMatchObject({ measure: 'prompts', by: [], shareOf: 'department' });
  expect(q.filters.departments).toEqual([department]);
  const prompts = truth.rows.filter((r) => r.prompt && inOctober(r));
  const part = prompts.filter((r) => truth.departments.get(r.userId) === department).length;
  expect(answer.rows).toEqual([{ share: pct(part, prompts.length), value: part, whole: prompts.length }]);
  expect(answer.interpretation).toContain('as a share of the prompts in the whole tenant');
});

test("a share by department is, for each department, the app's part of that department's own figure", async () => {
  const { q, answer } = await ask('percentage of active users using Word by department last month');
  expect(q).toMatchObject({ measure: 'active_users', by: ['department'], shareOf: 'app' });
  const rows = await allRows(deps, answer);
  const shown = rows.filter((r) => truth.alone.has(String(r.department)));
  expect(shown.length).toBeGreaterThan(0);
  for (const row of shown) {
    const members = truth.rows.filter((r) => inOctober(r) && truth.departments.get(r.userId) === row.department);
    const whole = distinct(members.map((r) => r.userId));
    const part = distinct(members.filter((r) => r.app === 'Word').map((r) => r.userId));
    expect(row).toMatchObject({ share: whole ? pct(part, whole) : 0, value: part, whole });
  }
  expect(answer.interpretation).toContain("as a share of each row's active users in all apps");
});

test('a share that cannot be taken as asked says so rather than dropping the app', async () => {
  const byPerson = await ask("Word's share of each person's prompts last month");
  expect(byPerson.answer.kind).toBe('not_available');
  expect(byPerson.answer.summary).toMatch(/given overall or by one of app, department/);
  const against = await ask("Word's share of prompts this month compared with last month");
  expect(against.answer.kind).toBe('not_available');
  expect(against.answer.summary).toMatch(/set against another period/);
});

test('an average per active user of values compared is a row each: the figure, its active users and the ratio', async () => {
  for (const question of [
    'Average prompts per active user, Word vs Excel, last month',
    'per-user average of prompts last month: Word compared to Excel',
    // "per user" with values compared is the same figure without the word "average".
    'compare prompts per user between Word and Excel last month',
    'prompts per user Word vs Excel last month',
  ]) {
    const { q, answer } = await ask(question);
    expect(q).toMatchObject({ measure: 'prompts', by: ['app'], perPerson: true, compare: 'values' });
    expect(answer.interpretation).toMatch(/^Prompts per active user by app · Word vs Excel · last month/);
    for (const app of ['Word', 'Excel']) {
      const used = truth.rows.filter((r) => inOctober(r) && r.app === app);
      const total = used.filter((r) => r.prompt).length;
      const people = distinct(used.map((r) => r.userId));
      expect(answer.rows.find((r) => r.app === app)).toEqual({ app, value: oneDecimal(total / people), total, people });
    }
  }
});

test("apps per person are the people's apps (agents) over the active users, overall and by department", async () => {
  const all = truth.rows.filter(inOctober);
  const pairs = distinct(all.map((r) => `${r.userId}|${r.app}`));
  const people = distinct(all.map((r) => r.userId));
  for (const question of [
    'average number of apps per person last month',
    'how many apps does the average user use last month',
  ]) {
    const { q, answer } = await ask(question);
    expect(q).toMatchObject({ measure: 'agents', by: [], perPerson: true });
    expect(answer.interpretation).toMatch(/^Apps used \(agents\) per active user · last month/);
    expect(answer.rows[0]).toMatchObject({ value: oneDecimal(pairs / people), total: pairs, people });
  }
  expect((await ask('average apps per user by department last month')).q).toMatchObject({ by: ['department'] });
});

test('"per person per day" is each day over its active users, in day order, with the whole period over its user-days', async () => {
  const { q, answer } = await ask('prompts per person per day last week');
  expect(q).toMatchObject({ measure: 'prompts', by: ['day'], perPerson: true });
  const rows = await allRows(deps, answer);
  const days = rows.map((r) => String(r.day));
  expect(days).toEqual([...days].sort());
  let total = 0;
  let userDays = 0;
  for (const row of rows) {
    const day = truth.rows.filter((r) => r.at.toISOString().slice(0, 10) === row.day);
    const prompts = day.filter((r) => r.prompt).length;
    const people = distinct(day.map((r) => r.userId));
    expect(row).toMatchObject({ total: prompts, people, value: people ? oneDecimal(prompts / people) : 0 });
    total += prompts;
    userDays += people;
  }
  expect(answer.summary).toContain(
    `Over the period: ${oneDecimal(total / userDays)} prompts per active user a day (${total} over ${userDays} active user-days).`,
  );
  expect(answer.summary).not.toMatch(/from \d+ active users in the first (?:whole )?day/);
});

test('a median is answered with the mean, and the line says the median is not computed', async () => {
  const { q, answer } = await ask('median prompts per user last month');
  expect(q).toMatchObject({ measure: 'prompts', perPerson: true, medianAsked: true });
  expect(answer.interpretation).toContain('the mean, not the median (a median is not computed)');
  const all = truth.rows.filter(inOctober);
  const prompts = all.filter((r) => r.prompt).length;
  expect(answer.rows[0]).toMatchObject({ value: oneDecimal(prompts / distinct(all.map((r) => r.userId))) });
});

test('passports, identity cards and driving licences asked about are the national-id findings, listed', async () => {
  const stored = await h.testStore.store.findings
    .find({ rule: { $in: ['passport-number', 'national-id', 'uk-nino'] } })
    .toArray();
  expect(stored.map((f) => f.rule)).toContain('passport-number');
  const read = async (question: string) => {
    const parsed = await understand(deps, question);
    const q = parsed.type === 'query' && parsed.query.type === 'findings' ? parsed.query : null;
    expect({ question, findings: !!q }).toEqual({ question, findings: true });
    return { q: q!, rows: (await answerQuery(deps, q!, question)).rows };
  };
  for (const question of [
    'any passport numbers in prompts?',
    'did anyone paste a passport into Copilot',
    "driver's licence numbers shared with copilot",
  ]) {
    const { q, rows } = await read(question);
    expect({ question, kinds: q.kinds, rows: rows.length }).toEqual({ question, kinds: ['national_id'], rows: stored.length }); // prettier-ignore
  }
  // Offered as examples of personal data ("… like IBANs, passport or national ID numbers"): that whole category, the
  // passport's finding among its rows, and IBANs beside it.
  const { q: wide, rows: wider } = await read('Did any prompts contain personal data like IBANs, passport or national ID numbers?'); // prettier-ignore
  expect(wide).toMatchObject({ categories: ['personal_data'], kinds: ['iban'] });
  expect(wider.length).toBeGreaterThanOrEqual(stored.length);
});

test('"prompts per user by app" is each app\'s prompts over its active users, not a row per person and app', async () => {
  const all = truth.rows.filter(inOctober);
  for (const question of [
    'prompts per user by app last month',
    'prompts by app per person last month',
    'prompts per employee in each app last month',
  ]) {
    const { q, answer } = await ask(question);
    expect(q).toMatchObject({ measure: 'prompts', by: ['app'], perPerson: true });
    const rows = await allRows(deps, answer);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const inApp = all.filter((r) => r.app === row.app);
      const prompts = inApp.filter((r) => r.prompt).length;
      const people = distinct(inApp.map((r) => r.userId));
      expect(row).toMatchObject({ total: prompts, people, value: people ? oneDecimal(prompts / people) : 0 });
    }
  }
  // A row per person stays one where no other grouping is named.
  expect((await ask('prompts per user in HR last month')).q).toMatchObject({ by: ['user'] });
});

test('"more than one app", "multiple apps" keep their condition: the people with activity in two or more apps', async () => {
  const apps = new Map<string, Set<string>>();
  for (const r of truth.rows.filter(inOctober)) apps.set(r.userId, (apps.get(r.userId) ?? new Set()).add(r.app));
  const several = [...apps].filter(([, used]) => used.size > 1);
  expect(several.length).toBeGreaterThan(0);
  expect(several.length).toBeLessThan(apps.size);
  for (const question of [
    'How many users used more than one app last month?',
    'how many people used more than one Copilot app last month',
    'users active in multiple apps last month',
  ]) {
    const { q, answer } = await ask(question);
    expect(q).toMatchObject({ measure: 'agents', by: ['user'] });
    const rows = await allRows(deps, answer);
    expect(rows).toHaveLength(several.length);
    for (const row of rows) expect(Number(row.value)).toBeGreaterThan(1);
  }
});
