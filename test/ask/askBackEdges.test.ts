import { answerToken, ask, type EngineDeps } from '../../server/core/ask/engine';
import { encodePageToken } from '../../server/core/ask/pageToken';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import {
  expectAskedBack as expectAskedBackIn,
  GENERAL_QUESTIONS as GENERAL,
  openDirectoryEngines,
  queryOf as queryIn,
  replyOf as replyIn,
  told as toldIn,
  type AskedBackCases,
  type DirectoryEngines,
  type DirectoryPerson,
} from './directoryEngine';

/**
 * The Ask engine's honesty rules at their edges, through its public entry over a store holding only directories
 * (test/ask/honestyRules.test.ts has the main cases): the words of every reply that asks back or declines, a
 * condition on rows asked back wherever it cannot be applied, and which words may be taken for a person (what a
 * findings answer cannot apply: test/ask/findingsAskBack.test.ts).
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const MAIN: DirectoryPerson[] = [
  ['u01', 'Alex Wilber', 'Marketing'],
  ['u02', 'Alex Johnson', 'Sales'],
  ['u03', 'Patricia Lee', 'Engineering'],
  ['u04', 'Grace Abbott', 'Finance'],
  // Names of two and four letters: found where a person is meant, not for the length of the name alone.
  ['u05', 'Bo Li', 'Sales'],
  ['u06', 'Nora Vance', 'Finance'],
];
/** Exactly the twelve departments a reply lists in full. */
const TWELVE: DirectoryPerson[] = [
  'Audit',
  'Design',
  'Engineering',
  'Facilities',
  'Finance',
  'HR',
  'Legal',
  'Marketing',
  'Operations',
  'Procurement',
  'Research',
  'Sales',
].map((department, i) => [`d${i}`, `Person${i} Quinn`, department]);

let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'askback',
    { main: MAIN, twelve: TWELVE, nodepartments: [['n1', 'Nadia Noble', null]] },
    now,
  );
  deps = engines.deps('main');
});

afterAll(() => engines.close());

const queryOf = (question: string) => queryIn(deps, question);
const replyOf = (question: string) => replyIn(deps, question);
const told = (question: string, on = deps) => toldIn(on, question);

const expectAskedBack = (cases: AskedBackCases) => expectAskedBackIn(deps, cases);

describe('the words of a reply that asks back or declines', () => {
  it('declines a question about topics as not understood, pointing to the Risk view and watch-list questions', async () => {
    const answer = await ask(deps, 'who asked Copilot about salaries');
    expect(answer.kind).toBe('not_understood');
    expect(answer.tabLink).toBe('http://localhost:3978/tab/#/risk');
    expect(answer.suggestions).toEqual(['Watch-list findings this month', 'Open high findings', 'Top 10 users this month']); // prettier-ignore
  });

  it('declines a question outside the product as not understood', async () => {
    expect((await told('what are people asking Copilot about')).kind).toBe('not_understood');
  });

  it('asks back more measures than one answer holds as not understood', async () => {
    expect((await told('prompts, responses, sessions, interactions and agents by app')).kind).toBe('not_understood');
  });

  it('names every word it did not understand, each quoted', async () => {
    expect((await told('top users in zorblax and quuxly this week')).summary).toBe(
      'I did not understand "zorblax", "quuxly" (I understood: Prompts by person · this week (16 Nov 2026 – 20 Nov 2026)), so I have not guessed. Try one of these:',
    );
  });

  it('says it did not understand the question when there is no word to name and nothing was understood', async () => {
    const answer = await ask(deps, 'this week');
    expect({ kind: answer.kind, summary: answer.summary, suggestions: answer.suggestions }).toEqual({
      kind: 'not_understood',
      summary: 'I did not understand that question, so I have not guessed. Try one of these:',
      suggestions: GENERAL,
    });
  });

  it('lists all twelve known departments without "more" when there are exactly twelve', async () => {
    expect((await told('prompts in Narnia department', engines.deps('twelve'))).summary).toBe(
      'There is no "Narnia" department in your directory. Known departments: Audit, Design, Engineering, Facilities, Finance, HR, Legal, Marketing, Operations, Procurement, Research, Sales. The nearest, as questions:',
    );
  });

  it('lists no departments when the directory records none, and offers the general questions', async () => {
    const answer = await ask(engines.deps('nodepartments'), 'prompts in Narnia department');
    expect(answer.summary).toBe('There is no "Narnia" department in your directory. The nearest, as questions:');
    expect(answer.suggestions).toEqual(GENERAL);
  });

  it('says a short name in capitals after "from" is no department it knows, with the nearest as questions', async () => {
    const answer = await ask(deps, 'users from QA this week');
    expect(answer.summary).toBe(
      'There is no "QA" department in your directory. Known departments: Engineering, Finance, Marketing, Sales. The nearest, as questions:',
    );
    expect(answer.suggestions).toHaveLength(4);
  });

  it('names a person it cannot find in the words the question used, as typed', async () => {
    const cases: Array<[string, string]> = [
      ['what did Zebediah ask Copilot', 'Zebediah'],
      ["Zebediah's prompts", 'Zebediah'], // the name opens the question
      // The question's apostrophe is not the reader's: the name is given as read rather than cut from the wrong place.
      ['what did O’Hara ask Copilot', "o'hara"],
      // A dotted capital I is two letters in lower case: every place after it moves, so the name is given as read.
      ['İ what did Zebediah ask Copilot', 'zebediah'],
    ];
    const said: Array<[string, string]> = [];
    for (const [question] of cases) said.push([question, (await told(question)).summary]);
    expect(said).toEqual(
      cases.map(([q, name]) => [
        q,
        `No one called "${name}" in your directory (among licensed and active Copilot users).`,
      ]),
    );
  });
});

describe('a condition on rows is asked back wherever it cannot be applied', () => {
  it('asks back a condition on a list of prompts, saying what was understood', async () => {
    expect(await replyOf('what did Grace ask with more than 3 prompts')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['more than 3 prompts'],
      understood: 'Prompts sent by Grace Abbott · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    });
  });

  it('asks back a condition on what no answer counts per row, or on people counted per person', async () => {
    await expectAskedBack([
      ['people with more than 3 files', ['more than 3 files']],
      ['licensed users with more than 3', ['more than 3']],
      ['people with more than 5 users', ['more than 5 users']],
    ]);
  });

  it('applies a condition it can, keeping the top N asked', async () => {
    expect(await queryOf('top 3 people with more than 5 prompts this week')).toMatchObject({
      type: 'measure',
      measure: 'prompts',
      by: ['user'],
      having: { op: 'gt', value: 5 },
      limit: 3,
    });
    expect(await queryOf('users who used Copilot only once this month')).toMatchObject({
      type: 'measure',
      measure: 'prompts',
      by: ['user'],
      having: { op: 'eq', value: 1 },
    });
    expect(await queryOf('apps with more than 5 users this month')).toMatchObject({
      type: 'measure',
      measure: 'active_users',
      by: ['app'],
      having: { op: 'gt', value: 5 },
    });
  });
});

describe('what else the engine asks back rather than drops', () => {
  it('asks back "average" that no answer divides, and answers a ranking of agents (a person in an app)', async () => {
    await expectAskedBack([
      ['average active users by hour of day', ['average']],
      ['average prompts per user this month', []],
      ['which agents are used most', []],
      ['how many agents this month', []],
    ]);
  });

  it('answers counts and rankings of what people asked, and agents ranked within a grouping', async () => {
    await expectAskedBack([
      ['how many prompts did people ask this month', []],
      ['who asked the most this month', []],
      ['which agents are used least', []],
      ['most used agents by app this month', []],
    ]);
  });

  it('answers a ranking cut to a number without asking about the number', async () => {
    expect(await queryOf('top 5 users this week')).toMatchObject({ type: 'measure', by: ['user'], limit: 5 });
    expect(await queryOf('top 5 findings')).toMatchObject({ type: 'findings', show: 'list', limit: 5 });
  });

  it('asks back a number a findings question has no use for', async () => {
    expect(await replyOf('card number findings 42')).toMatchObject({ reply: 'rephrase', notUnderstood: ['42'] });
  });

  it('says it understood nothing when a condition is all there is', async () => {
    expect((await told('more than 5')).summary).toBe(
      'I did not understand that question, so I have not guessed. Try one of these:',
    );
  });

  it('names at most ten words, each cut to 60 characters', async () => {
    const eleven = 'zorblax quuxly fribble wuzzle gronk blorp snarf plonk twerp zibber flomp';
    expect((await replyOf(`top users in ${eleven}`)).notUnderstood).toEqual(eleven.split(' ').slice(0, 10));
    // (One such word after "users in" alone would be read as a department the directory lacks.)
    expect((await replyOf(`top users in ${'z'.repeat(70)} quuxly`)).notUnderstood).toEqual(['z'.repeat(60), 'quuxly']);
  });
});

describe('which words may be taken for a person', () => {
  it('asks which person when an ambiguous first name is followed by what a person does', async () => {
    expect(await replyOf('alex prompts')).toMatchObject({ reply: 'which_person', text: 'alex' });
    expect(await replyOf('Alex')).toMatchObject({ reply: 'which_person', text: 'alex' });
  });

  it('does not take an ambiguous lower-case name after "by" for a person, nor asks which: it is not understood', async () => {
    expect(await replyOf('prompts by alex')).toMatchObject({ reply: 'rephrase', notUnderstood: ['alex'], people: [] });
  });

  it('reads a possessive as a person, whatever its case', async () => {
    expect(await replyOf("Zebediah's prompts")).toMatchObject({ reply: 'nobody', text: 'zebediah' });
    expect(await replyOf("zebediah's prompts")).toMatchObject({ reply: 'nobody', text: 'zebediah' });
  });

  it('offers near names for a name typed alone, and reads an unknown word alone as not understood', async () => {
    const patti = await replyOf('patti');
    expect(patti).toMatchObject({ reply: 'nobody', text: 'patti' });
    expect(patti.people.map((p) => p.label)).toEqual(['Patricia Lee (Engineering)']);
    expect(await replyOf('flurbish')).toMatchObject({ reply: 'rephrase', notUnderstood: ['flurbish'], people: [] });
  });

  it('takes a name the directory has for a person only where a person is meant', async () => {
    const personOf = async (question: string) => {
      const q = await queryOf(question);
      if (q.type === 'list') return q.person.name;
      if (q.type === 'measure') return q.filters.people.map((p) => p.name).join(', ');
      return `asked back: ${q.type === 'reply' ? q.notUnderstood.join(', ') : q.type}`;
    };
    const cases: Array<[string, string]> = [
      ['bo', 'Bo Li'], // the question is the name
      ['bo prompts', 'Bo Li'], // before what a person does
      ['prompts of bo', 'Bo Li'], // after "of"
      ['word usage Bo', 'Bo Li'], // capitalised inside the question
      ['word usage nora', 'Nora Vance'], // four letters or more
      ['word usage bo', 'asked back: bo'], // two lower-case letters with nothing that means a person
    ];
    const read: Array<[string, string]> = [];
    for (const [question] of cases) read.push([question, await personOf(question)]);
    expect(read).toEqual(cases);
  });

  it('asks which person for an ambiguous name after "did" or capitalised after "by"', async () => {
    expect(await replyOf('what did alex ask')).toMatchObject({ reply: 'which_person', text: 'alex' });
    expect(await replyOf('prompts by Alex')).toMatchObject({ reply: 'which_person', text: 'alex' });
  });

  it('says nobody has a name only where a person is meant: a first capital, capitals or a weak cue are not enough', async () => {
    await expectAskedBack([
      ['Zebediah prompts', ['zebediah']],
      ['word usage Zebediah', ['zebediah']],
      ['prompts by XYZ', ['xyz']],
      ['prompts from zebediah', ['zebediah']],
    ]);
    expect(await replyOf('word usage Zebediah Quux')).toMatchObject({ reply: 'nobody', text: 'zebediah quux' });
    expect(await replyOf("who asked about zebediah's project")).toMatchObject({
      reply: 'nobody',
      text: 'zebediah project',
    });
  });

  it('reads a subject after "mentioning" as a topic, but a capitalised word after "about" as a person', async () => {
    expect(await replyOf('prompts mentioning the merger')).toMatchObject({ reply: 'topic', text: 'merger' });
    expect(await replyOf('who asked Copilot about Salaries')).toMatchObject({ reply: 'nobody', text: 'salaries' });
  });
});

describe('a breakdown or narrowing a measure does not have is declined, saying why', () => {
  it('declines it as not available, in words that name the measure and what it lacks', async () => {
    const shareOfOne = 'A share is given for a breakdown by one dimension, such as "share of prompts by app".';
    const cases: Array<[string, string]> = [
      ['sessions by kind this month', 'Sessions cannot be broken down by kind of source: only data-source questions have sources.'], // prettier-ignore
      ['licensed users by app', 'Licensed users without activity can only be counted by department: they have no app of use to group by.'], // prettier-ignore
      ['new users by hour this month', 'New users can be grouped by department or by the day, week or month of their first use, not by hour of day.'], // prettier-ignore
      ['new users in sharepoint this month', 'New Copilot users (first use) have no address: only data-source questions can be narrowed to SharePoint.'], // prettier-ignore
      ['share of agents by app this month', 'A share is given for prompts, responses, sessions, interactions and references, which add up across rows; agents (a person using an app) do not (one person can be in several rows).'], // prettier-ignore
      ['share of prompts by app and department this month', shareOfOne],
      // Word vs Excel is each over all apps' prompts (test/ask/ratiosAndShares.test.ts); a row per person is not joined.
      ["Word's share of prompts by person this month", 'A share of all apps is given overall or by one of app, department, day, week, month, hour or day of the week.'], // prettier-ignore
      ['licensed users without activity by app', 'Licensed users without activity can only be counted by department: they have no app of use to group by.'], // prettier-ignore
      ['active users by agent this month', 'Active users cannot be counted per agent: an agent is one person in one app. Ask for prompts, sessions or interactions by agent.'], // prettier-ignore
      ['licensed users excluding Sales', 'Licensed Copilot users cannot leave a department out; ask for them by department to see each one.'], // prettier-ignore
      ['adoption rate by app this month', 'Adoption (the share of licensed users who were active) can be shown overall or by department; for other breakdowns ask for active users.'], // prettier-ignore
      ['prompts per session by user this month', 'An average per session is given overall or by one of app, department, day, week, month, hour or day of the week.'], // prettier-ignore
      // Active users add up across departments only (a person is in one): not across apps, nor two dimensions.
      ['share of active users by app this month', 'A share is given for prompts, responses, sessions, interactions and references, which add up across rows; active users do not (one person can be in several rows).'], // prettier-ignore
      ['share of active users by department and app this month', 'A share is given for prompts, responses, sessions, interactions and references, which add up across rows; active users do not (one person can be in several rows).'], // prettier-ignore
      ['share of agents by department this month', 'A share is given for prompts, responses, sessions, interactions and references, which add up across rows; agents (a person using an app) do not (one person can be in several rows).'], // prettier-ignore
    ];
    for (const [question, summary] of cases) {
      const { kind, summary: said } = await told(question);
      expect({ question, kind, summary: said }).toEqual({ question, kind: 'not_available', summary });
    }
  });

  it('answers the breakdowns and narrowings each measure has', async () => {
    const kinds: Array<[string, string]> = [];
    for (const question of [
      'new users by department this month',
      'new users by day this month',
      'new users by week this month',
      'new users by month this year',
      'new users by day of the week this month',
      'licensed users without activity by department',
      'share of prompts by app this month',
      'most referenced sharepoint files this month',
      'share of active users by department this month',
      'distinct users per file this month',
      'distinct users per file in sharepoint this month',
      'sessions by agent this month',
      'licensed users with more than 3 prompts this month',
      'prompts by user this month',
      'people with more than 3 prompts this month',
    ])
      kinds.push([question, (await told(question)).kind]);
    expect(kinds.filter(([, kind]) => kind !== 'table')).toEqual([]);
    expect(kinds).toHaveLength(15);
  });

  it('declines the same from a page token the client changed, which no question is read into', async () => {
    const base = await queryOf('prompts by app this month');
    if (base.type !== 'measure') throw new Error('"prompts by app this month" is not a measure');
    const budget = {
      of: 'source' as const,
      key: 'url:https://contoso.sharepoint.com/Budget.xlsx',
      name: 'Budget.xlsx',
    };
    const over3 = { op: 'gt' as const, value: 3 };
    const condition = 'A condition such as "more than 3" applies to a breakdown by one dimension of prompts, responses, sessions, interactions, agents, active users or references.'; // prettier-ignore
    const cases: Array<[Partial<MeasureQuery>, string]> = [
      [{ measure: 'licensed_users', by: [], filters: { ...base.filters, source: budget } }, 'Licensed Copilot users are counted from licences and first uses, not from what Copilot drew on, so not for Budget.xlsx. Ask who used it instead ("who used Budget.xlsx").'], // prettier-ignore
      [{ distinct: 'sources' }, 'Distinct data sources are counted from the data sources Copilot used, not beside another measure.'], // prettier-ignore
      // Agents per active user overall are apps per person (test/ask/ratiosAndShares.test.ts); by app each is one.
      [{ measure: 'agents', by: ['app'], perPerson: true }, 'Agents (a person using an app) are people already: an average per person is given for prompts, responses, sessions, interactions, references and apps used (not by app).'], // prettier-ignore
      [
        { measure: 'source_users', by: ['source', 'user'] },
        'Distinct users per source cannot also be split by person.',
      ],
      [{ by: ['app', 'department'], having: over3 }, condition],
      [{ by: [], having: over3 }, condition],
      [{ by: [], having: over3, holderCount: 'prompts' }, condition],
      // Licence holders with a condition but nothing named to count per holder.
      [{ measure: 'licensed_users', by: [], having: over3 }, condition],
      [{ measure: 'new_users', by: ['department'], having: over3 }, condition],
      [{ measure: 'licensed_inactive', by: ['department'], having: over3 }, condition],
      [{ measure: 'licensed_users', by: ['department'], having: over3, holderCount: 'prompts' }, condition],
    ];
    const answered: Array<[object, string, string]> = [];
    for (const [change] of cases) {
      const token = encodePageToken({ q: { ...base, ...change }, page: 1, question: 'prompts by app this month' });
      const { kind, summary: said } = await answerToken(deps, token);
      answered.push([change, kind, said]);
    }
    expect(answered).toEqual(cases.map(([change, summary]) => [change, 'not_available', summary]));
    // A count of licence holders meeting a condition ("licensed users with more than 3 prompts") has no rows to keep.
    const holders = {
      ...base,
      measure: 'licensed_users' as const,
      by: [],
      having: over3,
      holderCount: 'prompts' as const,
    };
    const token = encodePageToken({ q: holders, page: 1, question: 'licensed users with more than 3 prompts' });
    expect((await answerToken(deps, token)).kind).toBe('table');
  });
});
