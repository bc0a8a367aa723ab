import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Ordinary words, lead-ins and grammar that do not change the question (the tenth blind set's asked-back and
 * misread classes): the asker's role ("I manage Sales"), "sees", "yet", chat shorthand ("tdy", "u", "lol"), a
 * ticket's label before its question, a reason after it ("thinking about reassigning licences"), "light"/"heavy"
 * users as rankings, "how much prompts" as a count and a named period in a lead-in ("Monthly report for October:").
 * Words that could change what is counted ("failed", "external", "shared with guests") are still asked back.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const today = new Date('2026-11-20T00:00:00.000Z');
const yesterday = new Date('2026-11-19T00:00:00.000Z');
const lastWeek = [new Date('2026-11-09T00:00:00.000Z'), new Date('2026-11-16T00:00:00.000Z')] as const;
const october = [new Date('2026-10-01T00:00:00.000Z'), new Date('2026-11-01T00:00:00.000Z')] as const;
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
/** The person with the most prompts last week, and a department (one shown alone where there is one). */
let person: string;
let department: string;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  const counts = new Map<string, number>();
  for (const r of within(...lastWeek).filter((r) => r.prompt)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  person = truth.names.get([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0])!;
  const named = [...new Set(truth.departments.values())].filter((d): d is string => !!d).sort();
  department = named.find((d) => truth.alone.has(d)) ?? named[0]!;
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);
const within = (from: Date, to: Date) => truth.rows.filter((r) => r.at >= from && r.at < to);
const promptsOf = (rows: Truth['rows'], name?: string) =>
  rows.filter((r) => r.prompt && (!name || truth.names.get(r.userId) === name)).length;

describe('words that do not change the question are read past', () => {
  test.each([
    'Can u tell me how many prompts we had tdy',
    'how many prompts tdy lol',
    'how many prompts today? thx',
    'prompts today, u got that number yet?',
  ])('"%s": chat shorthand spelled out, the count is today\'s', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', period: { label: 'today' } });
    const answer = await ask(deps, text);
    expect(answer.rows[0]?.value).toBe(promptsOf(within(today, now)));
  });

  test.each([
    (p: string) => `lol how many prompts did ${p} send yday`,
    (p: string) => `how many prompts did ${p} send yesterday? we're checking a ticket`,
    (p: string) => `btw how many prompts did ${p} send yesterday`,
  ])("a person's count with chat words around it: theirs, yesterday's (%#)", async (write) => {
    const text = write(person);
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', period: { label: 'yesterday' } });
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q.filters.people.map((p) => p.name)).toEqual([person]);
    const answer = await ask(deps, text);
    expect(answer.rows[0]?.value).toBe(promptsOf(within(yesterday, today), person));
  });

  test.each([
    'Which day of the week sees the fewest Copilot sessions?',
    'what weekday saw the fewest sessions',
    'which day of the week has seen the lowest number of sessions',
  ])('"%s": sessions by weekday, lowest first', async (text) => {
    expect(await queryOf(text)).toMatchObject({ type: 'measure', measure: 'sessions', by: ['weekday'], order: 'asc' });
  });

  test.each([
    (d: string) => `I manage ${d} - which of my people haven't touched Copilot yet?`,
    (d: string) => `I lead ${d}. Which of my team have not used Copilot yet?`,
    (d: string) => `i run ${d}, who in ${d} has not used copilot yet`,
    (d: string) => `I oversee ${d}: who on my team hasn't used Copilot yet?`,
  ])('the asker\'s own role and "yet": the department\'s licence holders without activity (%#)', async (write) => {
    const text = write(department);
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'licensed_inactive', filters: { departments: [department] } });
    const answer = await ask(deps, text);
    expect(answer.kind).not.toBe('not_understood');
  });

  test("a ticket's label before its question: the one clause that asks is answered, the rest said as context", async () => {
    const app = truth.rows.find((r) => truth.names.get(r.userId) === person)!.app;
    const text = `Ticket from ${person}: she says Copilot in ${app} hasn't worked for her for a while. When did she last use it in ${app}?`;
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'list', list: 'sessions', person: { name: person } });
    if (q.type !== 'list') throw new Error('not a list');
    expect(q.apps).toHaveLength(1);
    const answer = await ask(deps, text);
    expect(answer.interpretation).toContain('read as context');
    const last = truth.rows
      .filter((r) => truth.names.get(r.userId) === person && r.app === app)
      .reduce((a, r) => (r.at > a ? r.at : a), new Date(0));
    expect(answer.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer.rows[0])).toContain(last.toISOString().slice(0, 16));
  });

  test.each([
    ['How many prompts failed last week?', 'failed'],
    ['Which external users used Copilot this month?', 'external'],
    ['Which files were shared with guests?', 'guests'],
    ['how many prompts were blocked yesterday', 'blocked'],
  ])('"%s": a word that could change what is counted is still asked back', async (text, word) => {
    const answer = await ask(deps, text);
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toContain(`"${word}"`);
  });

  test('"lol" alone is no name and no question', async () => {
    const answer = await ask(deps, 'lol');
    expect(answer.summary).not.toMatch(/no one called|nobody called/i);
  });
});

describe('a reason for asking is set aside and said, never a topic', () => {
  test.each([
    'Who are the lightest Copilot users last month? Thinking about reassigning licences',
    'Thinking of reassigning licences. Who were the lightest users last month?',
    'light users last month - asking because we renew licences',
    'who used Copilot least last month, need it for a ticket',
    'Context: licence review next week. Who were the lightest users last month?',
  ])('"%s": people least active first in October, the reason said', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', by: ['user'], order: 'asc', period: { label: 'last month' } });
    const answer = await ask(deps, text);
    expect(answer.interpretation).toMatch(/set aside/);
    const values = (await allRows(deps, answer)).map((r) => Number(r.value));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Licence holders with no prompts are the least active, ranked with 0 (idleHolders.ts).
    const counts = new Map<string, number>(truth.licensed.map((u) => [u.userId, 0]));
    for (const r of within(...october).filter((x) => x.prompt)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
    expect(values[0]).toBe(Math.min(...counts.values()));
  });

  test.each(['heavy users last month', 'heaviest Copilot users last month, for the licence review'])(
    '"%s": people most active first',
    async (text) => {
      const q = await queryOf(text);
      expect(q).toMatchObject({ type: 'measure', by: ['user'], order: 'desc', period: { label: 'last month' } });
      const answer = await ask(deps, text);
      const counts = new Map<string, number>();
      for (const r of within(...october).filter((x) => x.prompt)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
      expect(Number(answer.rows[0]?.value)).toBe(Math.max(...counts.values()));
    },
  );

  test('a reason naming a department is read, not set aside', async () => {
    const answer = await ask(deps, `This is for the ${department} review. How many sessions were there last month?`);
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toContain(department);
  });
});

describe('a count in loose grammar is a count, not a request to read prompts', () => {
  test.each([
    (p: string) => `How much prompts made ${p} in the last week?`,
    (p: string) => `how much prompts ${p} send last week`,
    (p: string) => `how many prompts did ${p} make last week`,
    (p: string) => `number of prompt by ${p} last week`,
    (p: string) => `${p} prompts count last week`,
  ])("a person's prompts counted (%#)", async (write) => {
    const text = write(person);
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', period: { label: 'last week' } });
    const answer = await ask(deps, text);
    expect(answer.rows[0]?.value).toBe(promptsOf(within(...lastWeek), person));
  });

  test.each([(p: string) => `what did ${p} ask last week`, (p: string) => `show what ${p} typed last week`])(
    "a person's prompts read, not counted (%#)",
    async (write) => {
      expect(await queryOf(write(person))).toMatchObject({ type: 'list', list: 'prompts' });
    },
  );
});

describe('a named period in a lead-in is the period', () => {
  test.each([
    'Monthly report for October: how many active users, sessions and prompts did we have?',
    'October numbers: active users, sessions and prompts',
    'For October, how many active users, sessions and prompts?',
    'Board pack for October: active users, sessions and prompts',
  ])('"%s": October\'s figures, not the 30-day default', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'active_users', by: [], period: { label: 'October 2026' } });
    const answer = await ask(deps, text);
    const figures = Object.fromEntries(
      answer.columns.filter((c) => c.kind === 'number').map((c) => [c.title, answer.rows[0]?.[c.key]]),
    );
    const rows = within(...october);
    expect(figures['Active users']).toBe(new Set(rows.map((r) => r.userId)).size);
    expect(figures.Prompts).toBe(promptsOf(rows));
  });
});
