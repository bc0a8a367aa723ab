import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * An overview asked with no measure named ("numbers for the board", "exec summary", "recap of this week", "KPIs", "the
 * usual monthly figures"): the headline measures side by side for the period said, the default said when none is;
 * who the figures are for is set aside and said, never a person or an unknown word asked back. Figures against the
 * stored interactions.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const day = 86_400_000;
const last30 = new Date(Date.UTC(2026, 9, 22));
const tomorrow = new Date(Date.UTC(2026, 10, 21));
const thisWeek = new Date(Date.UTC(2026, 10, 16));
const lastWeek = new Date(+thisWeek - 7 * day);
const october = new Date(Date.UTC(2026, 9, 1));
const november = new Date(Date.UTC(2026, 10, 1));
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h?.close());

const figuresOf = async (question: string) => {
  const a = await ask(deps, question);
  expect(a.kind).toBe('table');
  return {
    a,
    figures: Object.fromEntries(a.columns.filter((c) => c.kind === 'number').map((c) => [c.title, a.rows[0]?.[c.key]])),
  };
};
const expected = async (from: Date, to: Date, period: string) => {
  const rows = truth.rows.filter((r) => r.at >= from && r.at < to);
  const sessions = (await ask(deps, `how many sessions ${period}`)).rows[0]?.value;
  return { 'Active users': new Set(rows.map((r) => r.userId)).size, Prompts: rows.filter((r) => r.prompt).length, Sessions: sessions }; // prettier-ignore
};

describe('an overview is the headline measures side by side', () => {
  test.each([
    ['numbers for board pls', last30, tomorrow, 'in the last 30 days', 'for board'],
    ['numbers for the board', last30, tomorrow, 'in the last 30 days', 'for the board'],
    ['exec summary', last30, tomorrow, 'in the last 30 days', null],
    ['Executive summary of Copilot usage this month', november, tomorrow, 'this month', null],
    ['overview for the CIO', last30, tomorrow, 'in the last 30 days', 'for the cio'],
    ['give me the headline numbers', last30, tomorrow, 'in the last 30 days', null],
    ['recap of this week', thisWeek, tomorrow, 'this week', null],
    ['a summary for my manager', last30, tomorrow, 'in the last 30 days', 'for my manager'],
    ['KPIs last week', lastWeek, thisWeek, 'last week', null],
    ['the usual monthly figures', october, november, 'last month', null],
    ['weekly stats for leadership', lastWeek, thisWeek, 'last week', 'for leadership'],
    ['state of Copilot in October?', october, november, 'in October', null],
    ['how are we doing with copilot', last30, tomorrow, 'in the last 30 days', null],
    ['key metrics for October', october, november, 'in October', null],
    [
      'summarise copilot activity for the steering committee',
      last30,
      tomorrow,
      'in the last 30 days',
      'for the steering committee',
    ],
  ])('"%s"', async (question, from, to, period, audience) => {
    const { a, figures } = await figuresOf(question);
    expect(figures).toEqual(await expected(from, to, period));
    expect(figures.Prompts).toBeGreaterThan(0);
    expect(a.interpretation).toMatch(/^Active users, Prompts and Sessions, each answered/);
    // The default period is said as such; a period named is read.
    expect(a.interpretation.includes('the default')).toBe(period === 'in the last 30 days');
    if (audience) expect(a.interpretation).toContain(`"${audience}" set aside: it does not change the figures`);
    expect(a.interpretation).not.toMatch(/no one called/i);
  });

  test('an app or department named filters the overview; a grouping gives a row per group', async () => {
    const q = await askedAs(deps, 'Word overview last week');
    expect(q).toMatchObject({ type: 'measure', measure: 'active_users', also: ['prompts', 'sessions'] });
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q.filters.apps).toEqual(['word']);
    const byDept = await askedAs(deps, 'exec summary by department');
    expect(byDept).toMatchObject({ type: 'measure', also: ['prompts', 'sessions'], by: ['department'] });
  });
});

describe('a measure named keeps its reading; an overview of what is not Copilot is still declined', () => {
  test.each([
    ['summary of prompts by app last week', 'prompts', undefined],
    ['Exec summary please: licensed seats vs people actually using it', 'adoption', undefined],
  ])('"%s"', async (question, measure, also) => {
    const q = await askedAs(deps, question);
    expect(q).toMatchObject({ type: 'measure', measure });
    if (q.type === 'measure') expect(q.also).toEqual(also);
  });

  test.each(['findings summary', "what's the weather report", 'revenue figures for the board'])(
    '"%s" is no usage overview',
    async (question) => {
      const a = await ask(deps, question);
      expect(a.interpretation).not.toMatch(/Active users, Prompts and Sessions/);
    },
  );
});
