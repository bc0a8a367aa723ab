import { ask } from '../../server/core/ask/engine';
import { queryOf } from './askKit';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * Two questions in one message ("How many of my team used Copilot this week and who's the most active?"): the first
 * answered, the second answered after it on the first's filters and period where it names none — never dropped. A
 * second part the caller may not read here (prompt text needs a reason) stays said to be unanswered.
 */
describe('every part of a two-part question is answered or said', () => {
  let e: SyncedEngine;
  beforeAll(async () => {
    e = await syncedEngine('two-part-questions');
  }, 180_000);
  afterAll(() => e.close());

  /** Prompts per person in the period, in a department when given, from the stored interactions. */
  function promptsByPerson(from: Date, to: Date, department?: string): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const r of e.truth.rows) {
      if (!r.prompt || r.at < from || r.at >= to) continue;
      if (department && e.truth.departments.get(r.userId) !== department) continue;
      const name = e.truth.names.get(r.userId)!;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  }

  const PAIRS: Array<[question: string, second: RegExp]> = [
    [
      "I run Sales. How many of my team used Copilot this week and who's the most active?",
      /^Prompts by person · Sales/,
    ],
    ['how many people used Word last month, and who used it most?', /^Prompts by person · Word · last month/],
    ['How many prompts were sent in October? Which app had the most?', /by app · October 2026/],
    ['How many active users this week, and which department used Copilot the most?', /by department · this week/],
    ['How many sessions in Teams last week? Who had the most?', /by person · Teams · last week/],
  ];

  test.each(PAIRS)('"%s": both parts answered, the second on the first\'s terms', async (question, second) => {
    const answer = await ask(e.deps, question);
    expect(answer.interpretation).toMatch(/second question answered after the first/);
    expect(answer.interpretation).not.toMatch(/not answered here/);
    const part = /Second question \((.*?)\): /.exec(answer.summary);
    expect(part?.[1]).toMatch(second);
  });

  test("the team's count and its most active person are the stored figures", async () => {
    // A department shown on its own (not merged as a small group) with people active this week.
    const ask1 = (d: string) => `I run ${d}. How many of my team used Copilot this week and who's the most active?`;
    const week = await queryOf(e.deps, ask1('Sales'));
    if (week.type !== 'measure') throw new Error('not a measure');
    const department = [...e.truth.alone].find((d) => promptsByPerson(week.period.from, week.period.to, d).length > 1);
    if (!department) throw new Error('no department with people active this week');
    const ranked = promptsByPerson(week.period.from, week.period.to, department);
    const answer = await ask(e.deps, ask1(department));
    expect(answer.rows[0]!.value).toBe(ranked.length);
    const [name, prompts] = ranked[0]!;
    expect(answer.summary).toContain(`${name}, ${department}: ${prompts}`);
    // The people named make it a people answer: held back in a shared chat, as every answer naming people is.
    expect(answer.disclosure).toBe('people');
  });

  test('a second part that needs a reason (prompt text) is said to be unanswered, not answered nor dropped', async () => {
    const answer = await ask(e.deps, 'How many prompts did Sales send last week? What did Pradeep Gupta ask?');
    expect(answer.interpretation).toMatch(/not answered here: "What did Pradeep Gupta ask\?"/);
    expect(answer.summary).not.toMatch(/Second question/);
    expect(answer.disclosure).toBe('figures');
  });
});
