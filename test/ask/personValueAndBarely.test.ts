import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * A person's value from Copilot ("Is Ivan getting value out of Copilot") is answered with their use, the words about
 * value set aside and said, never asked back; "who barely uses it", "which Sales rep uses it the least" rank people
 * least active first ("rep" is a person, as "reps" is).
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const thirtyDaysAgo = new Date('2026-10-22T00:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
/** The person with the most interactions of all history. */
let person: string;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  const counts = new Map<string, number>();
  for (const r of truth.rows) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  person = truth.names.get(top)!;
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);

test.each([
  (p: string) => `Is ${p} getting value out of Copilot`,
  (p: string) => `Is ${p} getting any value from copilot?`,
  (p: string) => `is ${p} really getting value out of it`,
  (p: string) => `Does ${p} get much value from Copilot?`,
])("a person's value: their use, the value words set aside and said (%#)", async (write) => {
  const text = write(person);
  const q = await queryOf(text);
  expect(q).toMatchObject({ type: 'list', list: 'profile', person: { name: person } });
  const answer = await ask(deps, text);
  expect(answer.kind).toBe('table');
  expect(answer.interpretation).toMatch(/value (?:out of|from)" set aside/);
  const prompts = truth.rows.filter((r) => truth.names.get(r.userId) === person && r.prompt).length;
  expect(answer.summary).toContain(`${person} has sent ${prompts} prompts`);
});

test('"are we getting value from Copilot" names no one: "value" is still asked about', async () => {
  const answer = await ask(deps, 'are we getting value from Copilot');
  expect(answer.kind).toBe('not_understood');
  expect(answer.summary).toContain('"value"');
});

test.each(['who barely uses it', 'people who hardly use copilot', 'who rarely uses Copilot'])(
  '"%s": people least active first',
  async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', by: ['user'], order: 'asc' });
    const answer = await ask(deps, text);
    const rows = await allRows(deps, answer);
    const values = rows.map((r) => Number(r.value));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Licence holders with no prompts are the least active, ranked with 0 (idleHolders.ts).
    const prompts = new Map<string, number>(truth.licensed.map((u) => [u.userId, 0]));
    for (const r of truth.rows.filter((x) => x.at >= thirtyDaysAgo && x.prompt))
      prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
    expect(values[0]).toBe(Math.min(...prompts.values()));
  },
);

test('"which <department> rep uses Copilot the least": the department\'s people, least active first', async () => {
  const department = [...truth.departments.values()].find((d) => d && truth.alone.has(d)) ?? [...truth.departments.values()].find(Boolean)!; // prettier-ignore
  const text = `which ${department} rep uses Copilot the least`;
  const q = await queryOf(text);
  expect(q).toMatchObject({ type: 'measure', order: 'asc', filters: { departments: [department] } });
  const answer = await ask(deps, text);
  expect(answer.kind).toBe('table');
  const rows = await allRows(deps, answer);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.department === department)).toBe(true);
});
