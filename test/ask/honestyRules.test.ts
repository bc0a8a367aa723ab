import { answerToken, ask, type EngineDeps } from '../../server/core/ask/engine';
import type { FindingsQuery } from '../../server/core/ask/querySchema';
import {
  GENERAL_QUESTIONS as GENERAL,
  openDirectoryEngines,
  queryOf as queryIn,
  replyOf as replyIn,
  told as toldIn,
  type DirectoryEngines,
  type DirectoryPerson,
} from './directoryEngine';

/**
 * The Ask engine's honesty rules, through its public entry (`understand`, `ask`) over a real store holding only a
 * directory: a constraint it cannot apply is asked back with its words, never dropped; words that are neither
 * understood nor a person are not a person; every answer opens with how it was read, the period included (and says
 * when the period is a default); change requests and other subjects are declined with what can be asked instead.
 */

const tenantId = 'tenant-honesty';
const now = new Date('2026-11-20T12:00:00.000Z');
const PEOPLE: DirectoryPerson[] = [
  ['u01', 'Alex Wilber', 'Marketing'],
  ['u02', 'Alex Johnson', 'Sales'],
  ['u03', 'Patricia Lee', 'Engineering'],
  ['u04', 'Grace Abbott', 'Finance'],
];
// Ten more departments, so the known ones are more than the twelve a reply lists.
for (const [i, d] of [
  'Legal',
  'HR',
  'Facilities',
  'Research',
  'Support',
  'Operations',
  'Procurement',
  'Security',
  'Design',
  'Audit',
].entries())
  // prettier-ignore
  PEOPLE.push([`u${10 + i}`, `Person${i} Quinn`, d]);

let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines('honesty', { [tenantId]: PEOPLE }, now);
  deps = engines.deps(tenantId);
});

afterAll(() => engines.close());

const queryOf = (question: string) => queryIn(deps, question);
const replyOf = (question: string) => replyIn(deps, question);
const told = (question: string) => toldIn(deps, question);

async function findingsOf(question: string): Promise<FindingsQuery> {
  const q = await queryOf(question);
  if (q.type !== 'findings') throw new Error(`"${question}" was read as ${JSON.stringify(q)}`);
  return q;
}

describe('the Ask engine asks back rather than dropping what it cannot apply', () => {
  it('says which word it did not understand and what it understood, and guesses nothing', async () => {
    // ("top users in zorblax" would read zorblax as a department the directory lacks, and say so.)
    expect(await told('top zorblax users this week')).toEqual({
      kind: 'not_understood',
      interpretation: '',
      summary:
        'I did not understand "zorblax" (I understood: Prompts by person · this week (16 Nov 2026 – 20 Nov 2026)), so I have not guessed. Try one of these:',
    });
    expect((await ask(deps, 'top zorblax users this week')).suggestions).toEqual([
      'prompts by app this month',
      'prompts by department last 30 days',
      'top users this week',
    ]);
  });

  it('asks back a number it has no use for rather than ignoring it', async () => {
    expect(await replyOf('users active on more than 5 weeks')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['5'],
      understood: 'Active users by week · last 8 weeks (26 Sep 2026 – 20 Nov 2026), the default',
    });
  });

  it('asks back a per-row condition where there are two groupings or a comparison', async () => {
    expect(await replyOf('prompts by app and department with more than 10 prompts')).toMatchObject({
      notUnderstood: ['more than 10 prompts'],
      understood: 'Prompts by app and department · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    });
    expect(await replyOf('Word vs Excel users with more than 10 prompts')).toMatchObject({
      notUnderstood: ['more than 10 prompts'],
      understood: 'Active users by app · Word vs Excel · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    });
  });

  it('offers each measure on its own when more are asked together than one answer holds', async () => {
    const text = 'prompts, responses, sessions, interactions and agents by app';
    expect(await replyOf(text)).toMatchObject({
      reply: 'rephrase',
      several: ['prompts', 'responses', 'sessions', 'interactions', 'agents'],
      suggestions: ['prompts by app', 'responses by app', 'sessions by app', 'interactions by app', 'agents by app'],
    });
    expect((await told(text)).summary).toBe(
      'I answer one measure at a time (prompts, responses, sessions, interactions (prompts and responses), agents (a person using an app) were asked together), so I have not picked one. Each on its own:',
    );
  });

  it('asks back what a findings answer cannot apply: an hour, a site, another measure, a second period, a third grouping', async () => {
    const cases: Array<[string, string[], string]> = [
      ['open findings by hour', ['hour'], 'Findings, newest first · open · all synced history (no period asked)'],
      ['card number findings by site', ['site'], 'Findings, newest first · card numbers · all synced history (no period asked)'], // prettier-ignore
      ['sessions with card numbers', ['sessions'], 'Findings, newest first · card numbers · all synced history (no period asked)'], // prettier-ignore
      ['findings this month vs last month', ['vs', 'last month'], 'Findings, newest first · this month (1 Nov 2026 – 20 Nov 2026)'], // prettier-ignore
      ['fewest card number findings', ['fewest'], 'Findings, newest first · card numbers · all synced history (no period asked)'], // prettier-ignore
      ['findings by category by severity by app this week', ['by app'], 'Findings by category and severity · this week (16 Nov 2026 – 20 Nov 2026)'], // prettier-ignore
    ];
    for (const [question, words, understood] of cases)
      expect({ question, ...(await replyOf(question)) }).toMatchObject({
        question,
        reply: 'rephrase',
        notUnderstood: words,
        understood,
        suggestions: GENERAL,
      });
    expect((await told('open findings by hour')).summary).toBe(
      'I did not understand "hour" (I understood: Findings, newest first · open · all synced history (no period asked)), so I have not guessed. Try one of these:',
    );
  });
});

describe('the Ask engine does not turn unknown words into people', () => {
  it('reads a lower-case unknown word as a word not understood, never as a person', async () => {
    expect(await replyOf('prompts by flurbish')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['flurbish'],
      people: [],
      understood: 'Prompts · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    });
  });

  it('says no one has a name asked about as a person, with near names as choices that answer for them', async () => {
    const answer = await ask(deps, 'what did Patti ask Copilot');
    expect(answer).toMatchObject({
      kind: 'choice',
      summary: 'No one called "Patti" in your directory. Did you mean one of these?',
    });
    expect(answer.choices?.map((c) => c.label)).toEqual(['Patricia Lee (Engineering)']);
    const picked = await answerToken(deps, answer.choices![0]!.queryToken);
    expect(picked.interpretation).toBe(
      'Prompts sent by Patricia Lee · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    );
    // She sent none in those days (as the count says): there is no text to ask a reason for.
    const counted = await ask(deps, 'how many prompts did Patricia Lee send in the last 30 days');
    expect(counted.rows).toEqual([{ measure: 'Prompts', value: 0 }]);
    expect(picked).toMatchObject({ kind: 'table', summary: 'Patricia Lee sent no prompts in this period: there is no prompt text to read.' }); // prettier-ignore
  });

  it('says no one has the name, without choices, when nobody is near it', async () => {
    expect(await told('what did Zebediah ask Copilot')).toEqual({
      kind: 'choice',
      interpretation: '',
      summary: 'No one called "Zebediah" in your directory (among licensed and active Copilot users).',
    });
    expect(await replyOf('prompts by Flurbish')).toMatchObject({ reply: 'nobody', text: 'flurbish', people: [] });
  });

  it('asks which person when a first name fits several, each choice answering for its person', async () => {
    const answer = await ask(deps, 'what did Alex ask Copilot');
    expect(answer.kind).toBe('choice');
    expect(answer.summary).toBe('Several people match "Alex". Which one do you mean?');
    expect(answer.choices?.map((c) => c.label)).toEqual(['Alex Johnson (Sales)', 'Alex Wilber (Marketing)']);
    const interpretations = [];
    for (const choice of answer.choices!) interpretations.push((await answerToken(deps, choice.queryToken)).interpretation); // prettier-ignore
    expect(interpretations).toEqual([
      'Prompts sent by Alex Johnson · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
      'Prompts sent by Alex Wilber · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    ]);
  });

  it('answers for a person the directory resolves, named in the opening line', async () => {
    expect((await told('files used by Grace')).interpretation).toBe(
      'Data-source references by data source · Grace Abbott · files · all synced history (no period asked)',
    );
  });

  it('reads a subject after "about" as a topic it does not search, not as a person', async () => {
    expect(await told('who asked Copilot about salaries')).toEqual({
      kind: 'not_understood',
      interpretation: '',
      summary:
        'I do not search what people asked Copilot about ("salaries"): the product counts use and flags risks, it does not index prompt text for topics. To be told about prompts that mention "salaries", add it to a watch-list in the Risk view (stored history is checked by a rescan); then ask for watch-list findings. For example:',
    });
  });

  it('says a department is not in the directory, lists the known ones and offers the nearest as questions', async () => {
    const answer = await ask(deps, 'prompts in Narnia department');
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toBe(
      'There is no "Narnia" department in your directory. Known departments: Audit, Design, Engineering, Facilities, Finance, HR, Legal, Marketing, Operations, Procurement, Research, Sales and 2 more. The nearest, as questions:',
    );
    expect(answer.suggestions).toHaveLength(6);
    expect(answer.suggestions?.every((s) => /^prompts in \w+ department$/.test(s) && !s.includes('Narnia'))).toBe(true);
  });
});

describe('the Ask engine declines what it cannot do, saying what it can', () => {
  it('declines a change request: it only reads', async () => {
    for (const question of ['remove the Copilot license from Grace', 'give Grace a Copilot licence'])
      expect({ question, ...(await told(question)) }).toEqual({
        question,
        kind: 'not_understood',
        interpretation: '',
        summary:
          'Copilot Observatory only reads: it cannot change licences, users, Copilot settings or the data. Here is what I can show instead:',
      });
    expect((await ask(deps, 'give Grace a Copilot licence')).suggestions).toEqual([
      'Licensed users who never used Copilot',
      'Licensed users with no activity in the last 30 days',
      'Top 10 users this month',
    ]);
  });

  it('says what it answers when asked what people talk to Copilot about', async () => {
    const answer = await ask(deps, 'what are people asking Copilot about');
    expect(answer.summary).toBe(
      'That is outside what Copilot Observatory knows. It answers questions about how Microsoft 365 Copilot is used in your organisation — who uses it, in which apps and departments, when, what it drew on, and licences without use. For example:',
    );
    expect(answer.suggestions).toEqual(GENERAL);
  });
});

describe('every answer opens with how it was read, its period stated', () => {
  it('says when the period is a default and gives its days', async () => {
    expect((await told('prompts by app')).interpretation).toBe(
      'Prompts by app · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    );
    expect((await told('prompts by app last week')).interpretation).toBe(
      'Prompts by app · last week (9 Nov 2026 – 15 Nov 2026)',
    );
    expect((await told('prompts in the last 24 hours')).interpretation).toBe(
      'Prompts · last 24 hours (19 Nov 12:00 – 20 Nov 12:00)',
    );
    expect((await told('prompts for all time')).interpretation).toBe('Prompts · all synced history');
    expect((await told('findings')).interpretation).toBe(
      'Findings, newest first · all synced history (no period asked)',
    );
  });

  it('states every filter of a findings question in its opening line', async () => {
    expect((await told('open high card number findings in prompts this week by app')).interpretation).toBe(
      'Findings by app · open · high severity · card numbers · in prompts (pasted by users) · this week (16 Nov 2026 – 20 Nov 2026)',
    );
    expect((await told('findings in Word for Marketing by Grace Abbott this year')).interpretation).toBe(
      'Findings, newest first · Word · Marketing (department) · Grace Abbott · this year (1 Jan 2026 – 20 Nov 2026)',
    );
    expect((await told('how many people pasted passwords this month')).interpretation).toBe(
      'People with findings · passwords · in prompts (pasted by users) · this month (1 Nov 2026 – 20 Nov 2026)',
    );
    expect((await told('fewest findings by app this month')).interpretation).toBe(
      'Findings by app · this month (1 Nov 2026 – 20 Nov 2026) · fewest first',
    );
    expect((await told('top 3 findings by app fewest')).interpretation).toBe(
      'Findings by app · all synced history (no period asked) · bottom 3',
    );
    expect((await told('findings by user top 3 last week')).interpretation).toBe(
      'Findings by person · last week (9 Nov 2026 – 15 Nov 2026) · top 3',
    );
  });
});

describe('a findings question is read into the findings query it asks for', () => {
  it('counts people when it asks how many people, and reads the source from the verb', async () => {
    expect(await findingsOf('how many people pasted passwords this month')).toMatchObject({
      show: 'count',
      counted: 'people',
      by: [],
      kinds: ['password'],
      source: 'prompt',
    });
  });

  it('lists findings newest first unless it counts, groups or ranks', async () => {
    expect(await findingsOf('findings in Word for Marketing by Grace Abbott this year')).toMatchObject({
      show: 'list',
      counted: 'findings',
      by: [],
      order: 'natural',
      filters: { apps: ['word'], departments: ['Marketing'], people: [{ userId: 'u04', name: 'Grace Abbott' }] },
    });
  });

  it('reads a trend as findings per day, week or month by the length of the period', async () => {
    expect((await findingsOf('card number findings trend this month')).by).toEqual(['day']);
    expect((await findingsOf('card number findings trend this year')).by).toEqual(['month']);
    expect((await findingsOf('card number findings trend in the last 90 days')).by).toEqual(['week']);
  });

  it('keeps the order and cut asked for', async () => {
    expect(await findingsOf('open high card number findings in prompts this week by app')).toMatchObject({
      show: 'count',
      by: ['app'],
      kinds: ['card_number'],
      severities: ['high'],
      statuses: ['open'],
      source: 'prompt',
      order: 'natural',
    });
    expect(await findingsOf('top 3 findings by app fewest')).toMatchObject({ by: ['app'], order: 'asc', limit: 3 });
    expect(await findingsOf('findings by user top 3 last week')).toMatchObject({ by: ['user'], order: 'desc', limit: 3 }); // prettier-ignore
  });

  it('groups by a second grouping joined to the first, and asks back a third rather than dropping it', async () => {
    expect(await queryOf('password findings by category and severity')).toMatchObject({
      type: 'findings',
      by: ['category', 'severity'],
    });
    expect(await replyOf('findings by status and then severity and app')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['by app'],
    });
  });
});
