import { ask, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery } from '../../server/core/ask/querySchema';
import { openDirectoryEngines, queryOf as queryIn, type DirectoryEngines } from './directoryEngine';

/**
 * The words of a condition on each row's figure, each read through the engine's understanding of a whole question
 * over a store holding only a directory: every phrase before or after the number with its comparison, the count
 * words, the noun that names what is counted, and what is not a condition (a span of time, a frequency, "at least
 * once"). test/ask/thresholdRows.test.ts has the rows such a condition keeps.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines('thresholdwords', { main: [['u01', 'Alex Wilber', 'Marketing']] }, now);
  deps = engines.deps('main');
});

afterAll(() => engines.close());

/** What the opening line of a reply says a condition kept ("people with more than 3 prompts"), as a threshold. */
const CONDITION_SAID = / with (more than|at least|fewer than|at most|exactly) (\d+) /;
const SAID_OPS: Record<string, string> = { 'more than': 'gt', 'at least': 'gte', 'fewer than': 'lt', 'at most': 'lte', exactly: 'eq' }; // prettier-ignore

/**
 * What a question was read as: the measure, grouping and condition of an answer, or the words asked back and the
 * condition the reply says it understood.
 */
async function readingOf(question: string) {
  const q: AskQuery = await queryIn(deps, question);
  if (q.type === 'reply') {
    const said = CONDITION_SAID.exec(q.understood ?? '');
    return { askedBack: q.notUnderstood, having: said ? { op: SAID_OPS[said[1]!], value: Number(said[2]) } : null };
  }
  if (q.type !== 'measure') return { type: q.type };
  return { measure: q.measure, by: q.by, having: q.having ?? null, limit: q.limit ?? null };
}

/** Each question with what it must be read as, all read before one comparison so a failure names every miss. */
async function expectReadings(cases: ReadonlyArray<readonly [string, object]>): Promise<void> {
  const read: Array<[string, object]> = [];
  for (const [question, expected] of cases) {
    const reading: Record<string, unknown> = await readingOf(question);
    // Only the fields the expectation names: a missing one reads as undefined and fails.
    read.push([question, Object.fromEntries(Object.keys(expected).map((k) => [k, reading[k]]))]);
  }
  expect(read).toEqual(cases);
}

const prompts = (op: string, value = 3) => ({ measure: 'prompts', by: ['user'], having: { op, value } });

describe('the words of a condition on rows', () => {
  it('reads each phrase before the number as its comparison', async () => {
    await expectReadings([
      ['people with more than 3 prompts this month', prompts('gt')],
      ['people with greater than 3 prompts this month', prompts('gt')],
      ['people with over 3 prompts this month', prompts('gt')],
      ['people with above 3 prompts this month', prompts('gt')],
      ['people exceeding 3 prompts this month', prompts('gt')],
      ['people with at least 3 prompts this month', prompts('gte')],
      ['people with a minimum of 3 prompts this month', prompts('gte')],
      ['people with fewer than 3 prompts this month', prompts('lt')],
      ['people with less than 3 prompts this month', prompts('lt')],
      ['people with under 3 prompts this month', prompts('lt')],
      ['people with below 3 prompts this month', prompts('lt')],
      ['people with at most 3 prompts this month', prompts('lte')],
      ['people with no more than 3 prompts this month', prompts('lte')],
      ['people with a maximum of 3 prompts this month', prompts('lte')],
      ['people with exactly 3 prompts this month', prompts('eq')],
    ]);
  });

  it('reads each phrase after the number as its comparison', async () => {
    await expectReadings([
      ['people with 3 or more prompts this month', prompts('gte')],
      ['people with 3 or over prompts this month', prompts('gte')],
      ['people with 3 or fewer prompts this month', prompts('lte')],
      ['people with 3 or less prompts this month', prompts('lte')],
      ['people with 3 plus prompts this month', prompts('gte')],
    ]);
  });

  it('reads a count word as a number of uses, alone or after a comparison, but not as a frequency', async () => {
    await expectReadings([
      ['people who used copilot once this month', prompts('eq', 1)],
      ['people who used copilot twice this month', prompts('eq', 2)],
      ['people who used copilot thrice this month', prompts('eq', 3)],
      ['people who used copilot only once this month', prompts('eq', 1)],
      ['people who used copilot at least twice this month', prompts('gte', 2)],
      ['people who used copilot more than once this month', prompts('gt', 1)],
      ['people who use copilot once a week', { having: null }],
      ['people who use copilot once per week', { having: null }],
      ['people who use copilot twice every day', { having: null }],
      ['people who use copilot once each day', { having: null }],
    ]);
  });

  it('reads a condition every active person meets as none, and a number given alone as no condition', async () => {
    await expectReadings([
      // Being active is having used Copilot at least once: no condition beyond it.
      ['people who used copilot at least once this month', { measure: 'prompts', by: ['user'], having: null }],
      ['people with more than 0 prompts this month', { having: null }],
      // A figure of 1 is a condition when it is a number, not a count word.
      ['people with at least 1 prompt this month', prompts('gte', 1)],
      ['people with exactly 1 prompt this month', prompts('eq', 1)],
      // What people have "only" or "just" so many of is that many each (two blind sets read it so); "top 3 only" and
      // "show only 3" are a number of rows.
      ['people with only 3 prompts this month', { having: { op: 'eq', value: 3 }, limit: null }],
      ['people with just 3 prompts this month', { having: { op: 'eq', value: 3 }, limit: null }],
      ['people who have had only 3 prompts this month', { having: { op: 'eq', value: 3 }, limit: null }],
      ['top 3 only prompts by user this month', { having: null, limit: 3 }],
      ['show only 3 people by prompts this month', { having: null, limit: 3 }],
    ]);
  });

  it('never reads a span of time after the number as a condition on the figure', async () => {
    await expectReadings([
      ['people with more than 3 prompts in the last 8 weeks', prompts('gt')],
      ['prompts by user over the last 8 weeks', { having: null }],
      ...['1 hour', '1 day', '1 week', '1 month', '3 months', '1 year', '3 years'].flatMap((span) =>
        [`active users over ${span}`, `prompts by user over ${span}`].map((q) => [q, { having: null }] as const),
      ),
    ]);
  });

  it('reads a condition at the very start of the question', async () => {
    await expectReadings([['over 3 prompts this month', prompts('gt')]]);
  });

  it('counts what the noun after the number names, per row', async () => {
    const by = (measure: string) => ({ measure, by: ['department'], having: { op: 'gt', value: 3 } });
    await expectReadings([
      ['people with more than 3 apps this month', { measure: 'agents', by: ['user'] }],
      ...(
        [
          ['apps', 'agents'],
          ['app', 'agents'],
          ['applications', 'agents'],
          ['products', 'agents'],
          ['agents', 'agents'],
          ['prompts', 'prompts'],
          ['prompt', 'prompts'],
          ['questions', 'prompts'],
          ['requests', 'prompts'],
          ['messages', 'prompts'],
          ['responses', 'responses'],
          ['answers', 'responses'],
          ['sessions', 'sessions'],
          ['session', 'sessions'],
          ['conversations', 'sessions'],
          ['chats', 'sessions'],
          ['interactions', 'interactions'],
          ['users', 'active_users'],
          ['user', 'active_users'],
          ['people', 'active_users'],
          ['employees', 'active_users'],
          ['persons', 'active_users'],
          ['active users', 'active_users'],
        ] as const
      ).map(([noun, measure]) => [`departments with more than 3 ${noun} this month`, by(measure)] as const),
    ]);
  });

  it('says the rows a condition keeps and what they have, in the singular for a figure of 1', async () => {
    const cases: Array<[string, string]> = [
      ['departments with more than 3 responses this month', 'departments with more than 3 responses'],
      ['departments with exactly 1 response this month', 'departments with exactly 1 response'],
      ['departments with more than 3 sessions this month', 'departments with more than 3 sessions'],
      ['departments with exactly 1 session this month', 'departments with exactly 1 session'],
      ['departments with more than 3 interactions this month', 'departments with more than 3 interactions'],
      ['departments with exactly 1 interaction this month', 'departments with exactly 1 interaction'],
      // A person's agents are the apps they used; a department's are its people in each app.
      ['people with more than 3 apps this month', 'people with more than 3 apps'],
      ['people with exactly 1 app this month', 'people with exactly 1 app'],
      ['departments with more than 3 apps this month', 'departments with more than 3 agents'],
      ['departments with exactly 1 app this month', 'departments with exactly 1 agent'],
      ['departments with exactly 1 active user this month', 'departments with exactly 1 active user'],
      ['files with more than 3 references this month', 'data sources with more than 3 references'],
      ['files with exactly 1 reference this month', 'data sources with exactly 1 reference'],
      ['references by site with more than 3 this month', 'sites with more than 3 references'],
      ['references by kind with more than 3 this month', 'kinds of source with more than 3 references'],
      ['prompts by week with more than 3 this month', 'weeks with more than 3 prompts'],
      ['prompts by month with more than 3 this year', 'months with more than 3 prompts'],
      ['prompts by hour with more than 3 this month', 'hours of the day with more than 3 prompts'],
      ['prompts by weekday with more than 3 this month', 'days of the week with more than 3 prompts'],
    ];
    const said: Array<[string, string | undefined]> = [];
    // The opening line: "Sessions by department · departments with more than 3 sessions · this month (…)".
    for (const [question] of cases) said.push([question, (await ask(deps, question)).interpretation.split(' · ')[1]]);
    expect(said).toEqual(cases);
  });

  it('asks back, in the words typed, a condition on what no answer counts per row', async () => {
    await expectReadings(
      [
        'more than 3 files',
        'more than 3 documents',
        'more than 3 sites',
        '3 or more weeks',
        '3 or more hours',
        '3 or more files',
        '3 or more active users',
      ].map((words) => [`people with ${words} this month`, { askedBack: [words] }] as const),
    );
    // A count word with its comparison, on a list of what someone asked (no figure per row to compare).
    await expectReadings([
      ['what did Alex ask only twice', { askedBack: ['only twice'] }],
      ['what did Alex ask just twice', { askedBack: ['just twice'] }],
    ]);
  });
});
