import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * A list asked for stays a list whatever filters it carries ("which users were active between midnight and 5am",
 * "see the agents Joni uses in October", "show me Joni's agents for October"), a count stays a count; a word that
 * context makes a department ("people in Procurement") is said to be no department when the tenant has none; a count asked with its people ("…? Who?") is
 * answered with both. Names and figures against the stored interactions.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const NOVEMBER = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) };
const OCTOBER = { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) };
const APPS = ['Word', 'Excel', 'PowerPoint', 'Teams', 'Outlook'];
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
/** The person with the most apps used in October, and the app with the most people in November. */
let person: string;
let app: string;

type Row = Truth['rows'][number];
const inRange = (r: Row, range: { from: number; to: number }) => +r.at >= range.from && +r.at < range.to;
/** Label -> figure, as the answer's rows give them. */
const figures = (rows: Array<Record<string, unknown>>, key: string) =>
  Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.value)]));
function countBy(rows: Row[], key: (r: Row) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  const appsOf = countBy(
    [...new Map(truth.rows.filter((r) => inRange(r, OCTOBER)).map((r) => [`${r.userId}|${r.app}`, r])).values()],
    (r) => r.userId,
  );
  const top = Object.entries(appsOf).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  person = truth.names.get(top)!;
  const peopleIn = (a: string) =>
    new Set(truth.rows.filter((r) => r.app === a && inRange(r, NOVEMBER)).map((r) => r.userId)).size;
  app = [...APPS].sort((a, b) => peopleIn(b) - peopleIn(a))[0]!;
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);
const name = (r: Row) => truth.names.get(r.userId)!;
/** Hours 00:00–04:59 UTC in November. */
const night = (r: Row) => inRange(r, NOVEMBER) && r.at.getUTCHours() < 5;

test.each([
  'Which Copilot users were active between midnight and 5 am UTC in November?',
  'which users used copilot between midnight and 5am UTC in November',
  'Show me the users active between midnight and 5am UTC in November',
  'names of the people active between midnight and 5am UTC in November',
  'see all users with activity between midnight and 5am UTC in November',
])('a list of people under a clock filter names them, with their prompts: %s', async (question) => {
  const q = await queryOf(question);
  expect(q).toMatchObject({ type: 'measure', by: ['user'], filters: { clock: { hours: { from: 0, to: 5 } } } });
  const answer = await ask(deps, question);
  if (q.type !== 'measure') throw new Error('a measure');
  const expected = countBy(
    truth.rows.filter((r) => night(r) && (q.measure === 'prompts' ? r.prompt : true)),
    name,
  );
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(figures(await allRows(deps, answer), 'user')).toEqual(expected);
});

test.each([
  'How many users were active between midnight and 5 am UTC in November?',
  'number of people active between midnight and 5am UTC in November',
  'show the number of users active between midnight and 5am UTC in November',
])('a count of people under the same filter stays a count: %s', async (question) => {
  const q = await queryOf(question);
  expect(q).toMatchObject({ type: 'measure', measure: 'active_users', by: [] });
  const answer = await ask(deps, question);
  expect(answer.rows[0]!.value).toBe(new Set(truth.rows.filter(night).map((r) => r.userId)).size);
});

test.each([
  (p: string) => `Is possible to see the agents that ${p} is using in October?`,
  (p: string) => `which agents did ${p} use in October`,
  (p: string) => `What are the agents used by ${p} in October`,
  (p: string) => `list ${p}'s agents in October`,
  (p: string) => `show me ${p}'s agents for October`,
  (p: string) => `see ${p}'s Copilot agents in October`,
  (p: string) => `display ${p}'s agents for October`,
])("a person's agents asked for are listed, an app a row with its interactions (%#)", async (write) => {
  const question = write(person);
  const q = await queryOf(question);
  expect(q).toMatchObject({ type: 'measure', measure: 'interactions', by: ['app'] });
  const answer = await ask(deps, question);
  const expected = countBy(
    truth.rows.filter((r) => name(r) === person && inRange(r, OCTOBER)),
    (r) => r.app,
  );
  expect(Object.keys(expected).length).toBeGreaterThan(1);
  expect(figures(await allRows(deps, answer), 'app')).toEqual(expected);
});

test.each([
  (p: string) => `how many agents did ${p} use in October`,
  (p: string) => `number of agents ${p} used in October`,
  (p: string) => `how many agents does ${p} have in October`,
  (p: string) => `show me the number of ${p}'s agents for October`,
])("a person's agents counted stay a count (%#)", async (write) => {
  const question = write(person);
  expect(await queryOf(question)).toMatchObject({ type: 'measure', measure: 'agents', by: [] });
  const answer = await ask(deps, question);
  const apps = new Set(truth.rows.filter((r) => name(r) === person && inRange(r, OCTOBER)).map((r) => r.app));
  expect(answer.rows[0]!.value).toBe(apps.size);
});

test.each([
  ['How many people in Procurement use Copilot?', 'Procurement'],
  ['anyone from procurement using copilot this month?', 'Procurement'],
  ['Procurement staff prompts last month', 'Procurement'],
  ['are the Procurement folks using Word', 'Procurement'],
  ['how many users in Logistics used Teams in November', 'Logistics'],
  ['prompts by employees of Treasury this week', 'Treasury'],
  ['Is anybody in Facilities using Copilot', 'Facilities'],
  ['how are the Procurement people doing with copilot', 'Procurement'],
])('a department the tenant lacks is said to be none, with its departments: %s', async (question, typed) => {
  const q = await queryOf(question);
  expect(q).toMatchObject({ type: 'reply', reply: 'unknown_department', text: typed });
  const answer = await ask(deps, question);
  expect(answer.summary.toLowerCase()).toContain(`there is no "${typed.toLowerCase()}" department`);
  const known = [...new Set([...truth.departments.values()].filter((d): d is string => !!d))];
  for (const d of known.slice(0, 3)) expect(answer.summary).toContain(d);
  expect(answer.summary).not.toMatch(/No one called/);
});

test('a person found after "people in" stays a person; a missing name is still nobody', async () => {
  const q = await queryOf(`how many prompts from people in ${person.split(' ')[1]} in November`);
  expect(q).not.toMatchObject({ reply: 'unknown_department' });
  expect(JSON.stringify(q)).toContain(person);
  const nobody = await queryOf('how many prompts did Zebulon Quackenbush send in November');
  expect(nobody).toMatchObject({ type: 'reply', reply: 'nobody' });
});

test.each([
  (a: string) => `how many used ${a} in November and which ones`,
  (a: string) => `Any Copilot activity in ${a} in November? Who?`,
  (a: string) => `Did anyone use ${a} in November, and if so who?`,
  (a: string) => `how many people used ${a} in November? names pls`,
  (a: string) => `${a} usage in November - who was it?`,
])('a count with its people: every person listed, the count and total said (%#)', async (write) => {
  const question = write(app);
  const q = await queryOf(question);
  expect(q).toMatchObject({ type: 'measure', by: ['user'], namesToo: true, filters: { apps: [expect.any(String)] } });
  if (q.type !== 'measure') throw new Error('a measure');
  const answer = await ask(deps, question);
  const kept = truth.rows.filter(
    (r) => r.app === app && inRange(r, NOVEMBER) && (q.measure === 'prompts' ? r.prompt : true),
  );
  const expected = countBy(kept, name);
  const people = Object.keys(expected).length;
  expect(people).toBeGreaterThan(1);
  expect(figures(await allRows(deps, answer), 'user')).toEqual(expected);
  expect(answer.summary).toContain(`${people} people in this period, with ${kept.length} `);
});

test('a count with its people over nothing says nobody, not a list of no one', async () => {
  const answer = await ask(deps, 'Any Copilot activity in Loop on 2 November? Who?');
  expect(answer.summary).toContain('Nobody in this period: 0 people, 0 interactions');
});
