import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { appName } from '../../server/core/ask/lexicon';
import { allRows, engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Several measures in one question ("how many prompts and sessions last week", "active users and prompts per app",
 * "Word in November: users, prompts, files"): every measure is answered, in one table with a column per measure when
 * they share their rows, the line naming each; figures against the stored interactions.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const monday = new Date('2026-11-16T00:00:00.000Z');
const lastMonday = new Date('2026-11-09T00:00:00.000Z');
const november = new Date('2026-11-01T00:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);
const within = (from: Date, to: Date, app?: string) =>
  truth.rows.filter((r) => r.at >= from && r.at < to && (!app || appName(r.app) === app));
const prompts = (rows: Truth['rows']) => rows.filter((r) => r.prompt).length;
const people = (rows: Truth['rows']) => new Set(rows.map((r) => r.userId)).size;
/** The figure each column holds, by the column's title. */
const byTitle = (a: Awaited<ReturnType<typeof ask>>, row = 0) =>
  Object.fromEntries(a.columns.filter((c) => c.kind === 'number').map((c) => [c.title, a.rows[row]?.[c.key]]));

describe('two or three measures, one period and one set of filters', () => {
  test.each([
    ['how many prompts and sessions did we have last week', ['prompts', 'sessions']],
    ['Prompts + sessions last week?', ['prompts', 'sessions']],
    ['last week: prompts, sessions', ['prompts', 'sessions']],
    ['give me the number of prompts plus responses last week', ['prompts', 'responses']],
    ['prompts and responses and sessions last week pls', ['prompts', 'responses', 'sessions']],
  ])('"%s": each measure answered, none dropped', async (text, measures) => {
    const q = await queryOf(text);
    expect(q.type).toBe('measure');
    if (q.type !== 'measure') throw new Error('not a measure');
    expect([q.measure, ...(q.also ?? [])].sort()).toEqual([...measures].sort());
    const answer = await ask(deps, text);
    expect(answer.kind).toBe('table');
    const figures = byTitle(answer);
    expect(Object.keys(figures)).toHaveLength(measures.length);
    if (measures.includes('prompts')) expect(figures.Prompts).toBe(prompts(within(lastMonday, monday)));
    // Each figure is the one the measure gives asked on its own.
    for (const m of measures) {
      const alone = await ask(deps, `how many ${m} last week`);
      const title = answer.columns.find((c) => c.title.toLowerCase().startsWith(m.slice(0, -1)))!;
      expect(answer.rows[0]![title.key]).toBe(alone.rows[0]!.value);
    }
    for (const c of answer.columns) expect(answer.interpretation).toContain(c.title);
  });

  test('"active users and prompts per app this month": one row per app, a column per measure', async () => {
    const text = 'active users and prompts per app this month';
    const answer = await ask(deps, text);
    expect(answer.interpretation).toMatch(/^Active users and Prompts, each answered by app · this month/);
    const rows = within(november, now);
    const apps = new Set(rows.map((r) => r.app));
    expect(answer.totalRows).toBe(apps.size);
    const [users, promptsCol] = answer.columns.filter((c) => c.kind === 'number');
    expect([users!.title, promptsCol!.title]).toEqual(['Active users', 'Prompts']);
    const all = await allRows(deps, answer);
    expect(all.length).toBe(apps.size);
    for (const row of all) {
      const appRows = rows.filter((r) => appName(r.app) === row.app);
      expect(appRows.length).toBeGreaterThan(0);
      expect(row[users!.key]).toBe(people(appRows));
      expect(row[promptsCol!.key]).toBe(prompts(appRows));
    }
  });

  test('"Word in November: users, prompts, files": the people, the prompts and the different files', async () => {
    const answer = await ask(deps, 'Word in November: users, prompts, files');
    const rows = within(november, now, 'Word');
    const files = new Set(rows.flatMap((r) => r.sources).filter((s) => truth.sources.get(s)?.kind === 'file'));
    expect(byTitle(answer)).toEqual({
      'Active users': people(rows),
      Prompts: prompts(rows),
      'Distinct data sources': files.size,
    });
    expect(answer.interpretation).toContain('Word');
  });

  test('measures a small department cannot show are refused once, with the reason, nothing made up', async () => {
    const small = [...new Set(truth.departments.values())].find((d) => d && !truth.alone.has(d))!;
    const answer = await ask(deps, `how many prompts and sessions did ${small} have this month`);
    expect(answer.kind).toBe('not_available');
    expect(answer.summary).toMatch(new RegExp(`^Prompts, Sessions: ${small} has fewer than 5 licensed users`));
    expect(answer.rows).toEqual([]);
  });

  test('"who" with a measure still ranks people; "users by app" is no list of measures', async () => {
    expect(await queryOf('who sent the most prompts this week')).not.toHaveProperty('also');
    expect(await queryOf('active users by app this week')).not.toHaveProperty('also');
    expect(await queryOf('prompts by users and departments this week')).not.toHaveProperty('also');
  });
});

describe('two counts asked one after the other ("how many A and how many B did they have")', () => {
  /** Sessions started in the range, from the stored interactions (each interaction carries its session). */
  async function sessions(from: Date, to: Date): Promise<number> {
    const docs = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
    return new Set(docs.filter((d) => d.createdAt >= from && d.createdAt < to).map((d) => d.sessionId)).size;
  }

  test.each([
    ['How many users were active this week and how many sessions did they have?', 'Sessions'],
    ['How many users were active this week, and how many sessions did they have?', 'Sessions'],
    ['how many people used Copilot this week and how many prompts did they send', 'Prompts'],
    ['how many people were active and how many chats did they start this week?', 'Sessions'],
    ['number of active users this week and how many prompts were there', 'Prompts'],
    ["What's the number of active users this week and how many prompts did they send?", 'Prompts'],
  ])('"%s": both counts answered over the same week', async (text, second) => {
    const answer = await ask(deps, text);
    expect(answer.interpretation).toMatch(new RegExp(`^Active users and ${second}, each answered · this week`));
    expect(answer.interpretation).not.toMatch(/not answered here/);
    const rows = within(monday, now);
    const figure = second === 'Prompts' ? prompts(rows) : await sessions(monday, now);
    expect(byTitle(answer)).toEqual({ 'Active users': people(rows), [second]: figure });
  });

  test('a count of some of them, or a filter named in the second count only, is not set on both counts', async () => {
    for (const text of [
      'how many users were active this week and how many of them used Teams?',
      'how many people were active this week and how many prompts did they send in Teams?',
    ])
      expect(await queryOf(text)).not.toHaveProperty('also');
  });

  test('a filter named in the first count is the second\'s too: "they" are the people it counts', async () => {
    const app = [...new Set(within(november, now).map((r) => r.app))][0]!;
    const answer = await ask(deps, `how many people used ${app} this month and how many prompts did they send?`);
    const rows = within(november, now, app);
    expect(byTitle(answer)).toEqual({ 'Active users': people(rows), Prompts: prompts(rows) });
  });
});
