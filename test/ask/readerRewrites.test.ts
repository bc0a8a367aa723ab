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
