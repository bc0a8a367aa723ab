import type { ParseResult } from '../../server/core/ask/understand';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * The rewrites the reader makes before it reads a word (understand.ts's readText): each way of typing a question read
 * as its plain form is, and the plain form answered (so the two cannot agree by both being asked back). A rewrite lost
 * leaves its words not understood, or reads them as something else (a period, a person, a topic). Through the engine's
 * understanding over the corpus tenant (corpusTenant.ts), no database.
 */

const ctx = corpusContext(readCorpusTenant(), new Date('2026-11-20T12:00:00Z'));
const read = (question: string) => understandOver(ctx, question);

function answered(result: ParseResult): boolean {
  return result.type === 'query' && result.query.type !== 'reply';
}

async function readsAs(typed: string, plain: string): Promise<void> {
  const expected = await read(plain);
  expect(answered(expected)).toBe(true);
  expect(await read(typed)).toEqual(expected);
}

describe('characters Teams escapes, "# of" and "&"', () => {
  it.each([
    ['prompts by app &amp; department', 'prompts by app and department'],
    ['prompts by app & department', 'prompts by app and department'],
    ['prompts by app&department', 'prompts by app and department'],
    ['users with &gt; 5 prompts this month', 'users with > 5 prompts this month'],
    ['users with &lt; 5 prompts this month', 'users with < 5 prompts this month'],
    ['users with &GT; 5 prompts this month', 'users with > 5 prompts this month'],
    ['# of prompts in Word this month', 'number of prompts in Word this month'],
    ['#of prompts in Word this month', 'number of prompts in Word this month'],
  ])('%s', readsAs);
});

describe("a report's column headers between bars group by the dimension", () => {
  it.each([
    ['Prompts | Department | Last month', 'prompts by department last month'],
    ['Prompts | Departments | Last month', 'prompts by departments last month'],
    ['Sessions | App | This month', 'sessions by app this month'],
    ['Sessions | Apps | This month', 'sessions by apps this month'],
    ['Prompts | User | This month', 'prompts by user this month'],
    ['Prompts | Users | This month', 'prompts by users this month'],
    ['Prompts | People | This month', 'prompts by people this month'],
    ['Prompts | Persons | This month', 'prompts by persons this month'],
    ['Prompts this month | Day', 'prompts this month by day'],
    ['Prompts this month | Days', 'prompts this month by days'],
    ['Prompts this quarter | Week', 'prompts this quarter by week'],
    ['Prompts this quarter | Weeks', 'prompts this quarter by weeks'],
    ['Prompts this year | Month', 'prompts this year by month'],
    ['Prompts this year | Months', 'prompts this year by months'],
    ['Data sources | Site | This month', 'data sources by site this month'],
    ['Data sources | Sites | This month', 'data sources by sites this month'],
  ])('%s', readsAs);
});

describe('contractions read as their words', () => {
  it.each([
    ["we're looking for prompts in Word this month", 'we are looking for prompts in Word this month'],
    ["they're asking for prompts in Word this month", 'they are asking for prompts in Word this month'],
    ["if you're able, show prompts in Word this month", 'if you are able, show prompts in Word this month'],
    ["I've got a question: prompts in Word this month", 'i have got a question: prompts in Word this month'],
    ["we've seen prompts in Word this month", 'we have seen prompts in Word this month'],
    ["which users haven't used Copilot this month", 'which users have not used Copilot this month'],
    ['which users havent used Copilot this month', 'which users have not used Copilot this month'],
    ["which users didn't use Copilot this month", 'which users did not use Copilot this month'],
    ["who hasn't used Word this month", 'who has not used Word this month'],
    ["which users can't be read by the sync", 'which users can not be read by the sync'],
  ])('%s', readsAs);
});

describe('numbers and signs', () => {
  it.each([
    ['what % of licensed users were active this month', 'what percent of licensed users were active this month'],
    ['users with more than 1,000 prompts', 'users with more than 1000 prompts'],
    ['users with more than 1,000,000 prompts', 'users with more than 1000000 prompts'],
  ])('%s', readsAs);
});

describe('a span of time is the last N of it', () => {
  it.each([
    ['prompts over 8 weeks', 'prompts over the last 8 weeks'],
    ['prompts across 3 months', 'prompts across the last 3 months'],
    ['prompts throughout 10 days', 'prompts in the last 10 days'],
    ['prompts spanning two weeks', 'prompts in the last two weeks'],
    ['prompts over a period of six months', 'prompts over the last six months'],
    ['prompts across twelve weeks', 'prompts across the last twelve weeks'],
  ])('%s', readsAs);
});

describe('no use said in other words is no activity', () => {
  it.each([
    ['licensed users with zero prompts this month', 'licensed users with no activity this month'],
    ['licensed users with 0 sessions this month', 'licensed users with no activity this month'],
    ['licensed users with no Copilot usage this month', 'licensed users with no activity this month'],
    ['licensed users with no M365 Copilot use this month', 'licensed users with no activity this month'],
    ['licensed users with no interactions this month', 'licensed users with no activity this month'],
    ['licensed users with no engagement this month', 'licensed users with no activity this month'],
    ['licensed users with no activities this month', 'licensed users with no activity this month'],
  ])('%s', readsAs);
});

describe('only had N is exactly N', () => {
  it.each([
    ['users who have only one session', 'users who have exactly 1 session'],
    ['users who only ever had a single session', 'users who had exactly 1 session'],
    ['users with just two sessions', 'users with exactly 2 sessions'],
    ['users who have just 3 prompts', 'users who have exactly 3 prompts'],
    ['users that only sent 4 prompts', 'users that sent exactly 4 prompts'],
    ['users having only ten prompts', 'users having exactly 10 prompts'],
    ['people who made just five prompts this month', 'people who made exactly 5 prompts this month'],
  ])('%s', readsAs);
});

describe('never once is never', () => {
  it.each([
    ['licensed users who have not once used Copilot', 'licensed users who have never used Copilot'],
    ['licensed users who have not even once used Copilot', 'licensed users who have never used Copilot'],
    ['licensed users who never once used Copilot', 'licensed users who never used Copilot'],
    ['licensed users who never even once used Copilot', 'licensed users who never used Copilot'],
    ['licensed users who never ever used Copilot', 'licensed users who never used Copilot'],
  ])('%s', readsAs);
});

describe('a fortnight and the period before this one', () => {
  it.each([
    ['prompts in the past fortnight', 'prompts in the past 2 weeks'],
    ['prompts in the last fortnight', 'prompts in the last 2 weeks'],
    ['prompts last fortnight vs the previous fortnight', 'prompts last 2 weeks vs the previous 2 weeks'],
    ['prompts in the past fortnight vs the fortnight before', 'prompts last 2 weeks vs the previous 2 weeks'],
    // Without "the": read before as the last two weeks alone, the comparison dropped.
    ['prompts last 2 weeks vs previous 2 weeks', 'prompts last 2 weeks vs the previous 2 weeks'],
    ['prompts for the week before this one', 'prompts for last week'],
    ['prompts for the month before this', 'prompts for last month'],
    ['prompts this week vs the week before', 'prompts this week vs the previous week'],
    ['prompts this month compared to the month before', 'prompts this month compared to the previous month'],
  ])('%s', readsAs);
});

describe('apps or departments by people are ranked by how many use them', () => {
  it.each([
    ['top 3 apps by ppl', 'top 3 apps by number of users'],
    ['departments by users this month', 'departments by number of users this month'],
    ['apps by headcount', 'apps by number of users'],
    ['applications by user count', 'applications by number of users'],
  ])('%s', readsAs);
});

describe('someone asking the admin for figures is no question of what Copilot was asked', () => {
  // Read before as "what are people asking Copilot about", declined as out of scope.
  it.each([
    ["they're asking for the prompts in Word this month", 'prompts in Word this month'],
    ['asking for prompts in Word this month', 'prompts in Word this month'],
    [
      'Legal keeps asking for the number of prompts in Word this month',
      'number of prompts in Word this month in Legal',
    ],
    ['HR asked us for the usage in Excel last month', 'HR usage in Excel last month'],
  ])('%s', readsAs);

  it('still declines what people ask Copilot about', async () => {
    expect(await read('what are people asking Copilot for')).toMatchObject({ query: { reply: 'scope' } });
  });
});

describe('politeness around the question', () => {
  it.each([
    ['would you be able to list prompts in Word this month', 'list prompts in Word this month'],
    ['are you able to show prompts in Word this month?', 'show prompts in Word this month?'],
  ])('%s', readsAs);
});

describe('the start of someone’s use, however it is said', () => {
  it.each([
    ['who first used Copilot in November', 'who started using Copilot in November'],
    ['who first tried Copilot in November', 'who started using Copilot in November'],
    ['who first touched Copilot in November', 'who started using Copilot in November'],
    ['who first began using Copilot in November', 'who started using Copilot in November'],
    // Asked before with nothing said about what was not understood.
    ['whose first activity was in November', 'who started using Copilot in November'],
    ['whose first Copilot use was last month', 'who started using Copilot last month'],
    ['whose first M365 Copilot usage was last month', 'who started using Copilot last month'],
    ['when was Lee Gu’s first Microsoft 365 Copilot activity', 'when did Lee Gu start using Copilot'],
  ])('%s', readsAs);
});

describe('used before but not since is use that stopped', () => {
  it.each([
    ['who used Copilot before but not in the last 30 days', 'who stopped using Copilot in the last 30 days'],
    ['users who were active previously but have not used it this month', 'users who stopped using it this month'],
    ['who has used Copilot earlier, yet hasn’t touched it this month', 'who stopped using Copilot this month'],
    ['users who had been active in the past and no longer this month', 'users who stopped using this month'],
    ['people who used M365 Copilot before and never this month', 'people who stopped using Copilot this month'],
  ])('%s', async (typed, plain) => {
    const [a, b] = [await read(typed), await read(plain)];
    expect(answered(b)).toBe(true);
    // The same people quiet in the same period, any time before it (the plain "stopped" reads only the unit before).
    expect(a).toMatchObject({ query: { type: 'measure', who: (b.type === 'query' && b.query.type === 'measure' && b.query.who) || {} } }); // prettier-ignore
    expect(a).toMatchObject({ query: { period: { label: expect.stringMatching(/^before /) } } });
  });
});

describe('what the figures are for, a ticket’s fields and the record they come from are not the question', () => {
  const plain = 'how many prompts in Word last month?';
  it.each([
    'For our quarterly review, how many prompts in Word last month?',
    'For the board meeting - how many prompts in Word last month?',
    'how many prompts in Word last month for my report to the CIO',
    'how many prompts in Word last month for the QBR',
    'INC0012345: how many prompts in Word last month?',
    'Ticket #4471 - how many prompts in Word last month?',
    'Re: Fwd: case 12-34: how many prompts in Word last month?',
    'RITM0042: how many prompts in Word last month?',
    'Requester: Sales ops. How many prompts in Word last month?',
    'Priority: high; how many prompts in Word last month?',
    'Request: how many prompts in Word last month?',
    'Summary: how many prompts in Word last month?',
    'how many prompts in Word last month, and if so how many',
  ])('%s', (typed) => readsAs(typed, plain));

  it.each([
    ['Exec summary please: prompts in Word last month', 'prompts in Word last month'],
    ['Monthly report for November: prompts in Word', 'prompts in Word in November'],
    ['Q3 review pack: prompts in Word', 'prompts in Word in Q3'],
  ])('%s: a lead-in’s period kept, its other words not', readsAs);

  it('keeps a lead-in naming a department, asking whose figures', async () => {
    expect(await read('For the Finance review, how many prompts in Word last month?')).toMatchObject({
      query: { reply: 'rephrase', notUnderstood: ["Finance: its figures or everyone's?"] },
    });
  });
});

describe('the same days a unit earlier', () => {
  it.each([
    ['prompts yesterday vs the same day last week', 'the same days a week earlier'],
    ['prompts this month vs the same period last year', 'the same days a year earlier'],
    ['prompts this week vs the same days the month before', 'the same days a month earlier'],
    ['prompts in Q3 vs the same period a year ago', 'the same days a year earlier'],
    ['prompts today vs the same time one week earlier', 'the same days a week earlier'],
    ['prompts this month vs the same stretch of the previous quarter', 'the same days a quarter earlier'],
  ])('%s', async (question, label) => {
    expect(await read(question)).toMatchObject({ query: { compare: 'previous', against: { label } } });
  });
});

describe('a change, an assistant’s task or a purpose is declined before any word is read', () => {
  it.each([
    ['remove the Copilot license from Lee Gu', 'change'],
    ['GDPR request: delete all of Ryan’s Copilot history', 'change'],
    ['Urgent - remove Lee’s licence', 'change'],
    ['Eli’s licence should be cancelled', 'change'],
    ['delete user Lee Gu', 'change'],
    ['book me a meeting with Lee', 'scope'],
    ['set up a call with Sales', 'scope'],
    ['summarise my emails', 'scope'],
  ])('%s', async (question, kind) => {
    expect(await read(question)).toMatchObject({ query: { type: 'reply', reply: kind } });
  });

  it.each([
    ['what are people using Copilot for', 'purpose'],
    ['how long do people spend in Copilot', 'duration'],
  ])('%s: said with what can be counted instead', async (question, text) => {
    const q = await read(question);
    expect(q).toMatchObject({ query: { reply: 'scope', text } });
    expect(q.type === 'query' && q.query.type === 'reply' && q.query.suggestions.length).toBe(3);
  });

  // "remove <name>" deletes a saved question of that name: not a change to anyone.
  it('keeps "remove weekly report" a command', async () => {
    expect(await read('remove weekly report')).toMatchObject({ type: 'command' });
  });
});

describe('what counts days or a range of a figure names no period', () => {
  it.each([
    ['users active on more than 5 days last month', 'last month'],
    ['users active for at least 3 days this month', 'this month'],
    ['users with 5 to 10 prompts last month', 'last month'],
  ])('%s', async (question, label) => {
    expect(await read(question)).toMatchObject({ query: { period: { label } } });
  });

  it('"at all" with no period looks over all synced history', async () => {
    expect(await read('any Outlook activity from Lee Gu at all?')).toMatchObject({
      query: { period: { label: 'all synced history' } },
    });
  });
});
