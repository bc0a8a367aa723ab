import type { ReplyQuery } from '../../server/core/ask/querySchema';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * What the corpus's judge does not look at: the words an ask-back names as not understood (the admin reads them to
 * rephrase), and readings that depend on a directory other than the corpus tenant's. Through the engine's
 * understanding over the corpus tenant (corpusTenant.ts), no database.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const tenant = readCorpusTenant();
const ctx = corpusContext(tenant, now);

async function askedBack(question: string, context = ctx): Promise<ReplyQuery> {
  const parsed = await understandOver(context, question);
  if (parsed.type !== 'query' || parsed.query.type !== 'reply') throw new Error(`answered: ${question}`);
  return parsed.query;
}

describe('a condition on each row that the answer cannot apply is asked back in the words typed', () => {
  it.each([
    // A list of one person's sessions has no row to count prompts in.
    ["list Ben Stewart's sessions with more than 5 prompts", 'more than 5 prompts'],
    // A bare number beside licence holders names nothing to count.
    ['licensed users with more than 3', 'more than 3'],
    // Two periods compared: the condition would have to hold in each.
    ['users with more than 5 prompts this week vs last week', 'more than 5 prompts'],
    // People counted per person is one each.
    ['active users with more than 10 users', 'more than 10 users'],
  ])('%s', async (question, words) => {
    const reply = await askedBack(question);
    expect(reply.reply).toBe('rephrase');
    expect(reply.notUnderstood).toEqual([words]);
  });
});

describe('a lead-in before a colon is read only when it names what the answer is about', () => {
  // Kept, a lead-in naming nothing would be read and said as context beside the same figure.
  it.each([
    [
      'Need this before the Friday steering meeting: how many prompts in Teams last week?',
      'how many prompts in Teams last week?',
    ],
    ['Please, the CFO asked twice: how many sessions in Word this month?', 'how many sessions in Word this month?'],
  ])('drops "%s"', async (question, plain) => {
    expect(await understandOver(ctx, question)).toEqual(await understandOver(ctx, plain));
  });

  it('keeps a lead-in naming a department of several words, and drops one naming only a word of it', async () => {
    const named = corpusContext({ ...tenant, departments: [...tenant.departments, 'Customer Success'] }, now);
    const kept = await understandOver(named, 'Customer Success needs numbers: how many prompts last week?');
    expect(kept.type === 'query' && kept.query.type === 'measure' && kept.query.filters.departments).toEqual([
      'Customer Success',
    ]);
    expect(await understandOver(named, 'Customer steering need numbers: how many prompts last week?')).toEqual(
      await understandOver(named, 'how many prompts last week?'),
    );
  });
});

describe('a message too long or with nothing to read is not read', () => {
  const asked = 'How many prompts last week?';

  it('reads a question of 500 characters and refuses one of 501', async () => {
    const read = await understandOver(ctx, asked.padEnd(500));
    expect(read).toEqual(await understandOver(ctx, asked));
    expect(read.type).toBe('query');
    expect(await understandOver(ctx, asked.padEnd(501))).toEqual({ type: 'unknown', reason: 'too_long' });
  });

  it.each(['   ', '<at>Copilot Observatory</at>', '** | **'])('finds nothing to read in %j', async (typed) => {
    expect(await understandOver(ctx, typed)).toEqual({ type: 'unknown', reason: 'empty' });
  });
});

describe('what no answer can apply is asked back in the words typed', () => {
  it.each([
    // A department has no last use: only a person's sessions, newest first, answer "when … last".
    ['when did the Sales department last use Copilot', 'when … last'],
    // A person's prompts are listed, not counted by hour: the hours cannot be applied to the list.
    ["Alex Wilber's prompts after hours", 'after hours'],
    // A figure by week is not divided by the licence holders.
    ['prompts per licensed user by week', 'per licensed user'],
  ])('%s', async (question, words) => {
    const reply = await askedBack(question);
    expect(reply.reply).toBe('rephrase');
    expect(reply.notUnderstood).toEqual([words]);
  });

  it('offers five measures one at a time, each as a question of its own', async () => {
    const reply = await askedBack('prompts, responses, sessions, interactions and active users by app');
    expect(reply.reply).toBe('rephrase');
    expect(reply.several).toEqual(['prompts', 'responses', 'sessions', 'interactions', 'active_users']);
    expect(reply.suggestions).toEqual([
      'prompts by app',
      'responses by app',
      'sessions by app',
      'interactions by app',
      'active users by app',
    ]);
  });
});

describe('a name that reads like a month is the person', () => {
  const named = corpusContext(
    {
      ...tenant,
      people: [
        ...tenant.people,
        { userId: 'u-jan', displayName: 'Jan Novak', userPrincipalName: 'jan.novak@adatum.example', mail: null, department: 'Sales' }, // prettier-ignore
        { userId: 'u-junie', displayName: 'Junie Marsh', userPrincipalName: 'junie.marsh@adatum.example', mail: null, department: 'Sales' }, // prettier-ignore
      ],
    },
    now,
  );

  it.each([
    ['how many prompts did Jan send last week', 'u-jan'],
    ["Junie Marsh's sessions this month", 'u-junie'],
  ])('%s', async (question, userId) => {
    const read = await understandOver(named, question);
    if (read.type !== 'query') throw new Error(`not read: ${question}`);
    const q = read.query;
    const people = q.type === 'measure' ? q.filters.people : q.type === 'list' ? [q.person] : [];
    expect(people.map((p) => p.userId)).toEqual([userId]);
  });
});

it('asks which department an abbreviation of two of them means', async () => {
  const two = corpusContext({ ...tenant, departments: [...tenant.departments, 'Engineering Operations'] }, now);
  const read = await understandOver(two, 'prompts in eng last week');
  expect(read).toMatchObject({
    type: 'query',
    query: {
      type: 'reply',
      reply: 'unknown_department',
      text: 'eng',
      suggestions: ['prompts in Engineering last week', 'prompts in Engineering Operations last week'],
    },
  });
});

it("keeps a department's word the typo corrector would read as a keyword ('science' is not 'since')", async () => {
  const science = corpusContext({ ...tenant, departments: [...tenant.departments, 'Data Science'] }, now);
  const read = await understandOver(science, 'top users in data science last month');
  expect(read).toMatchObject({ type: 'query', query: { type: 'measure', filters: { departments: ['Data Science'] } } });
  expect(read.type === 'query' && 'spelled' in read.query && read.query.spelled).toBeFalsy();
});

it('asks back a pronoun in a contraction that no one named stands for ("he\'d")', async () => {
  const reply = await askedBack("how many prompts he'd sent last week");
  expect(reply.reply).toBe('rephrase');
  expect(reply.notUnderstood).toEqual(['he']);
});

// The corpus's judge sees a comparison with the period before either way: "the week before" is the calendar week, and
// "compared to last week" compares this week with it.
it.each([
  ['prompts this week vs the week before', 'prompts this week vs last week'],
  ['sessions this month vs the month before', 'sessions this month vs last month'],
  ['prompts this week compared to last week', 'prompts this week vs last week'],
])('reads "%s" as "%s"', async (question, plain) => {
  const read = await understandOver(ctx, question);
  expect(read).toEqual(await understandOver(ctx, plain));
  expect(read.type === 'query' && read.query.type === 'measure' && read.query.against?.label).toMatch(/^last /);
});

it('names the period compared against as the same days a week earlier', async () => {
  const read = await understandOver(ctx, 'prompts yesterday vs the same day last week');
  expect(read.type === 'query' && read.query.type === 'measure' && read.query.against?.label).toBe(
    'the same days a week earlier',
  );
});

describe('words set aside are said beside an answer, never beside a reply or the help card', () => {
  const read = async (question: string) => {
    const parsed = await understandOver(ctx, question);
    if (parsed.type !== 'query') throw new Error(`no query: ${question}`);
    return parsed.query;
  };
  it('an answer and the sync status keep them', async () => {
    expect(await read('roughly how many prompts last week')).toMatchObject({ measure: 'prompts', aside: ['roughly'] });
    expect(await read('quickly: sync status')).toEqual({ type: 'system', system: 'sync', aside: ['quickly'] });
  });
  it('the help card and an ask-back do not', async () => {
    expect(await read('urgent - what can you do')).toEqual({ type: 'system', system: 'help' });
    const reply = await read('roughly asdfgh');
    expect(reply).toMatchObject({ type: 'reply', reply: 'rephrase', notUnderstood: ['asdfgh'] });
    expect(reply).not.toHaveProperty('aside');
  });
});
