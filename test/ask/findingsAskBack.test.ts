import type { EngineDeps } from '../../server/core/ask/engine';
import {
  expectAskedBack as expectAskedBackIn,
  openDirectoryEngines,
  queryOf as queryIn,
  replyOf as replyIn,
  type AskedBackCases,
  type DirectoryEngines,
} from './directoryEngine';

/**
 * What a findings question is read into (server/core/ask/composeFindings.ts), through the engine's reading over a store
 * holding only a directory: the grouping asked, the source of the text, counts or a list, and every word a findings
 * answer cannot apply asked back rather than dropped.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'findings-askback',
    {
      main: [
        ['u01', 'Alex Wilber', 'Marketing'],
        ['u03', 'Patricia Lee', 'Engineering'],
      ],
    },
    now,
  );
  deps = engines.deps('main');
});

afterAll(() => engines.close());

const queryOf = (question: string) => queryIn(deps, question);
const replyOf = (question: string) => replyIn(deps, question);
const expectAskedBack = (cases: AskedBackCases) => expectAskedBackIn(deps, cases);

/** Checks each findings question's grouping, or the words asked back about it, naming the question in a failure. */
async function expectGrouped(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  const read: Array<[string, unknown]> = [];
  for (const [question] of cases) {
    const q = await queryOf(question);
    read.push([question, q.type === 'findings' ? q.by : q.type === 'reply' ? q.notUnderstood : q.type]);
  }
  expect(read).toEqual(cases);
}

describe('what a findings answer cannot apply is asked back', () => {
  it('asks back a kind or place of data source, usage measures and usage cues', async () => {
    await expectAskedBack([
      ['card number findings in files', ['files']],
      ['password findings in sharepoint', ['sharepoint']],
      ['are findings increasing', ['increasing']],
      ['findings of licensed users', ['licensed']],
      ['findings of inactive users', ['inactive']],
      ['findings summary', ['summary']],
      ['average findings per user', ['average']],
      ['findings by site', ['site']],
      // No answer divides findings, by people, licences or anything else.
      ['what percentage of findings', ['percentage']],
      ['findings rate this month', ['rate']],
      ['findings per licensed user this month', ['per licensed user']],
      ['password findings per seat', ['per licensed user']],
    ]);
  });

  it('asks back what people asked and how often, which findings do not say', async () => {
    await expectAskedBack([
      ['did people ask about passwords', ['ask']],
      ['how often are passwords pasted', ['how', 'often']],
    ]);
  });

  it('reads the source of the text from the measure named, and none when both are named', async () => {
    expect(await queryOf('card numbers in responses')).toMatchObject({ type: 'findings', source: 'response' });
    expect(await queryOf('password findings in prompts')).toMatchObject({ type: 'findings', source: 'prompt' });
    expect(await queryOf('passwords in prompts and responses')).not.toHaveProperty('source');
    expect(await queryOf('password findings in interactions')).toMatchObject({ type: 'findings', kinds: ['password'] }); // prettier-ignore
    expect(await queryOf('password findings in interactions')).not.toHaveProperty('source');
  });

  it('counts findings when asked how many, without grouping', async () => {
    expect(await queryOf('how many password findings this month')).toMatchObject({
      type: 'findings',
      show: 'count',
      counted: 'findings',
      by: [],
    });
  });

  it('groups by a findings dimension after a ranking word, and by person when people are ranked or listed', async () => {
    expect(await queryOf('top categories of findings')).toMatchObject({ type: 'findings', by: ['category'] });
    expect(await queryOf('biggest categories of findings')).toMatchObject({ by: ['category'], order: 'desc' });
    expect(await queryOf('users with the most findings')).toMatchObject({ by: ['user'], counted: 'findings' });
    expect(await queryOf('users with the fewest findings')).toMatchObject({ by: ['user'], order: 'asc' });
    expect(await queryOf('list users with findings')).toMatchObject({ by: ['user'], counted: 'findings' });
    expect(await queryOf('findings per user per user')).toMatchObject({ by: ['user'] });
    expect(await queryOf('how many users have findings by user')).toMatchObject({ by: ['user'], counted: 'findings' });
    expect(await queryOf('how many users have findings')).toMatchObject({ counted: 'people', by: [], show: 'count' });
  });

  it('groups findings after each grouping word, by a second dimension joined to the first, and asks back a third', async () => {
    await expectGrouped([
      ...['by', 'per', 'for each', 'for every', 'breakdown of findings by', 'across'].map(
        (word) =>
          [`findings ${word} severity this month`.replace('findings breakdown', 'breakdown'), ['severity']] as [
            string,
            unknown,
          ],
      ),
      ['which severity has the most findings this month', ['severity']],
      ['what severity are most findings this month', ['severity']],
      ['top severity of findings this month', ['severity']],
      ['findings by app this month', ['app']],
      ['findings by department this month', ['department']],
      ['findings by week this month', ['week']],
      ['findings by category and severity this month', ['category', 'severity']],
      ['findings by category then severity this month', ['category', 'severity']],
      ['findings by category & severity this month', ['category', 'severity']],
      ['findings by user by app this month', ['user', 'app']],
      ['findings by category and severity and app this month', ['by app']],
      ['findings by hour this month', ['hour']],
      ['fewest findings this month', ['fewest']],
    ]);
  });

  it('reads a kind offered as an alternative to its category as the whole category', async () => {
    expect(await queryOf('passwords or secrets this month')).toMatchObject({ categories: ['credential'], kinds: [] });
    expect(await queryOf('secrets: passwords only this month')).toMatchObject({ kinds: ['password'] });
  });

  it('reads a trend by day up to 45 days, by week up to 190 days, else by month', async () => {
    const by = async (q: string) => ((await queryOf(q)) as { by: string[] }).by;
    expect([
      await by('card number findings trend in the last 45 days'),
      await by('card number findings trend in the last 46 days'),
      await by('card number findings trend in the last 190 days'),
      await by('card number findings trend in the last 191 days'),
    ]).toEqual([['day'], ['week'], ['week'], ['month']]);
  });

  it('groups by a time grouping asked with a trend, by "breakdown" and past a ranking\'s number', async () => {
    await expectGrouped([
      // A time grouping asked is the trend's unit; none is added beside it.
      ['findings trend by day this month', ['day']],
      ['findings trend by week this month', ['week']],
      ['trend of findings by month this year', ['month']],
      ['findings by day this month', ['day']],
      ['findings by month this year', ['month']],
      ['breakdown of severity of findings this month', ['severity']],
      ['top 3 categories of findings this month', ['category']],
      ['top 3 severities of password findings this month', ['severity']],
      // A dimension named as the label of a value asked for ("severity high") narrows; it does not group.
      ['severity high findings this month', []],
      ['which findings have severity high this month', []],
      ['compare findings this month', ['compare']],
      ['tell me about findings this month', ['tell', 'me', 'about']],
      ['findings by category plus severity this month', ['plus']],
    ]);
    // Answered, not asked back with the same word: the time groupings findings share.
    for (const [question, dim] of [
      ['findings by day this month', 'day'],
      ['findings by week this month', 'week'],
      ['findings by month this year', 'month'],
    ] as const)
      expect(await queryOf(question)).toMatchObject({ type: 'findings', show: 'count', by: [dim] });
    expect(await queryOf('top 3 categories of findings this month')).toMatchObject({ limit: 3, order: 'desc' });
    expect(await queryOf('severity high findings this month')).toMatchObject({ show: 'list', severities: ['high'] });
    // Asked back, a grouping findings lack is not said as understood either.
    expect(await replyOf('findings by hour this month')).toMatchObject({
      notUnderstood: ['hour'],
      understood: 'Findings, newest first · this month (1 Nov 2026 – 20 Nov 2026)',
    });
  });
});
