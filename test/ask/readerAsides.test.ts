import type { AskQuery } from '../../server/core/ask/querySchema';
import type { ParseResult } from '../../server/core/ask/understand';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * Words the reader sets aside and says, never reads as a filter or a topic: who asked for the figures ("my manager
 * asked:"), why ("thinking about reassigning licences"), hedges and urgency ("roughly", "quickly"), "getting value
 * from" beside a person, a claim to check. Each is compared with the same question typed without them: the reading is
 * the same, and the words set aside are said. Through the engine's understanding over the corpus tenant, no database.
 */

const ctx = corpusContext(readCorpusTenant(), new Date('2026-11-20T12:00:00Z'));
const read = (question: string) => understandOver(ctx, question);
const PLAIN = 'how many prompts last week?';

/** The reading of `plain` with `aside` said beside it. */
async function withAside(plain: string, aside: string[]): Promise<ParseResult> {
  const q = (await read(plain)) as { type: 'query'; query: AskQuery };
  expect(q.query).not.toHaveProperty('aside');
  return { type: 'query', query: { ...q.query, aside } as AskQuery };
}

function asideOf(result: ParseResult): string[] | undefined {
  return result.type === 'query' && 'aside' in result.query ? result.query.aside : undefined;
}

describe('who wants the answer is set aside and said, at the start of the message or of a sentence', () => {
  it.each([
    ["Megan's manager asked: how many prompts last week?", "Megan's manager asked"],
    // No word before the role, or two.
    ['Manager asked: how many prompts last week?', 'Manager asked'],
    ['Our new boss asked: how many prompts last week?', 'Our new boss asked'],
    ['My supervisor wants to know: how many prompts last week?', 'My supervisor wants to know'],
    ['My line manager needs to know: how many prompts last week?', 'My line manager needs to know'],
    ['Team lead would like to know: how many prompts last week?', 'Team lead would like to know'],
    ['The director is asking: how many prompts last week?', 'The director is asking'],
    ['Her HRBP was asking, how many prompts last week?', 'Her HRBP was asking'],
    ['My HR business partner wonders: how many prompts last week?', 'My HR business partner wonders'],
    ['The boss wondered — how many prompts last week?', 'The boss wondered'],
    ['Her boss wanted to know: how many prompts last week?', 'Her boss wanted to know'],
    ['The boss needed, how many prompts last week?', 'The boss needed'],
    ['My boss asks - how many prompts last week?', 'My boss asks'],
    // Typed without a space after the colon, or with two between words: the question's first word stays read.
    ['My boss asked:how many prompts last week?', 'My boss asked'],
    ['My boss  asked: how many prompts last week?', 'My boss  asked'],
    ['Our new  boss asked: how many prompts last week?', 'Our new  boss asked'],
    ['Her boss wants  to know: how many prompts last week?', 'Her boss wants  to know'],
  ])('%s', async (question, said) => {
    expect(await read(question)).toEqual(await withAside(PLAIN, [said]));
  });

  it.each([
    // "to know", "whether" and "if" belong to the requester; what follows them is the question.
    ['HRBP wants to know whether Sales used Copilot last week', 'HRBP wants to know whether'],
    ['Boss wants to  know whether Sales used Copilot last week', 'Boss wants to  know whether'],
    ['Boss wants to know  whether Sales used Copilot last week', 'Boss wants to know  whether'],
    ['Boss asks if Sales used Copilot last week', 'Boss asks if'],
    ['My manager wants to know if Sales used Copilot last week', 'My manager wants to know if'],
  ])('%s', async (question, said) => {
    expect(await read(question)).toEqual(await withAside('Sales used Copilot last week', [said]));
  });

  it('sets aside a requester who opens a later sentence, with the other words of the message', async () => {
    for (const gap of [' ', '  '])
      expect(await read(`Quick one.${gap}Her boss asked: how many prompts last week?`)).toEqual(
        await withAside(PLAIN, ['Her boss asked', 'quick']),
      );
  });

  it('says a long requester in about 30 characters, its first whole words and an ellipsis, never half a word', async () => {
    const phrase = "Lee Gu's manager's boss wants to know";
    const said = asideOf(await read(`${phrase}: ${PLAIN}`))!;
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^Lee Gu's manager's boss \S.* …$/);
    const words = said[0]!.slice(0, -2);
    expect(words.length).toBeLessThanOrEqual(30);
    expect(phrase.startsWith(words)).toBe(true);
    // The cut falls between words.
    expect(phrase[words.length]).toBe(' ');
    // A short one is said whole.
    expect(asideOf(await read(`Ben Stewart asked: ${PLAIN}`))).toEqual(['Ben Stewart asked']);
  });

  it.each([
    // Mid-sentence, the manager is what the question is about, not who asks it.
    'How many prompts did Ben Stewart send since his manager asked?',
    'how many prompts did Ben Stewart send after his manager asked him to try Copilot?',
    // "managers" is no requester, and neither is a role not followed by a verb of asking.
    'Which managers asked Copilot the most last week?',
    'My manager: how many prompts last week?',
  ])('does not set aside "%s"', async (question) => {
    const result = await read(question);
    expect(JSON.stringify(result)).not.toMatch(/"aside":\[[^\]]*(?:manager|boss)/i);
    if (/since|after/.test(question))
      expect(result.type === 'query' && result.query.type === 'reply' && result.query.notUnderstood).toContain(
        'manager',
      );
  });
});

describe('why the figures are wanted, and hedges, are set aside and said', () => {
  it.each([
    ['Thinking about reassigning licences. How many prompts last week?', ['thinking about reassigning …']],
    ['how many prompts last week, thinking about reassigning licences', ['thinking about reassigning …']],
    ['roughly how many prompts last week', ['roughly']],
    // A hedge said twice, in any case, is said once and in lower case.
    ['Roughly, roughly how many prompts last week', ['roughly']],
    ['roughly, ROUGHLY how many prompts last week', ['roughly']],
  ])('%s', async (question, aside) => {
    expect(await read(question)).toEqual(await withAside(PLAIN, aside));
  });

  it('says at most six words set aside', async () => {
    const question = `roughly approximately approx ballpark kindly quickly honestly ${PLAIN}`;
    expect(await read(question)).toEqual(
      await withAside(PLAIN, ['roughly', 'approximately', 'approx', 'ballpark', 'kindly', 'quickly']),
    );
  });

  it('reads "in terms of" as the measure the values are set side by side on, however it is spaced', async () => {
    for (const question of ['Word vs Excel in terms of prompts', 'Word vs Excel in  terms  of prompts'])
      expect(await read(question)).toEqual(await read('Word vs Excel by prompts'));
    expect(await read('prompts in terms of department')).toEqual(await read('prompts by department'));
  });

  it('says who claimed what is to be checked, and reads the claim', async () => {
    expect(asideOf(await read('Ben Stewart says he never used it, can you confirm?'))).toEqual([
      'says … can you confirm',
    ]);
  });

  it('reads "getting value from" beside a person as their use, and says the words', async () => {
    expect(await read('Is Ben Stewart getting value from Teams')).toEqual(
      await withAside('Is Ben Stewart using Teams', ['getting value from']),
    );
    expect(await read('Is Ben Stewart seeing value from Copilot this month')).toEqual(
      await withAside('Is Ben Stewart using Copilot this month', ['seeing value from']),
    );
  });

  it('names no one when value is asked about the whole organisation: nothing is set aside', async () => {
    const result = await read('are we getting value from Copilot');
    expect(result.type === 'query' && result.query.type === 'reply' && result.query.notUnderstood).toEqual(['value']);
  });
});

describe('the words set aside are said only where an answer is read', () => {
  it('keeps a question with nothing set aside free of an empty aside', async () => {
    expect(await read(PLAIN)).not.toEqual(expect.objectContaining({ query: expect.objectContaining({ aside: [] }) }));
    expect(asideOf(await read(PLAIN))).toBeUndefined();
  });

  it('carries them on the sync status, which is an answer', async () => {
    expect(await read('roughly when did the sync last run')).toEqual({
      type: 'query',
      query: { type: 'system', system: 'sync', aside: ['roughly'] },
    });
  });

  it.each([
    ['kindly list saved questions', { type: 'command', command: { command: 'list_saved' } }],
    ['quickly sync now', { type: 'command', command: { command: 'sync_now' } }],
    ['kindly, what can you do?', { type: 'query', query: { type: 'system', system: 'help' } }],
    ['honestly what can I ask', { type: 'query', query: { type: 'system', system: 'help' } }],
  ])('runs "%s" as asked, with no words said aside', async (question, expected) => {
    expect(await read(question)).toEqual(expected);
  });

  it('declines another subject as it would without the hedge', async () => {
    expect(await read("roughly what's the weather")).toEqual(await read("what's the weather"));
  });
});

describe('each way of giving a reason is set aside, whatever follows it', () => {
  it.each([
    ['Considering reassigning licences. how many prompts last week?', 'considering reassigning …'],
    ['Planning to reassign licences. how many prompts last week?', 'planning to reassign licences'],
    ['Planning on reassigning licences. how many prompts last week?', 'planning on reassigning …'],
    ['Looking to reassign licences. how many prompts last week?', 'looking to reassign licences'],
    ['Trying to decide on renewals. how many prompts last week?', 'trying to decide on renewals'],
    ['Asking because we renew in March. how many prompts last week?', 'asking because we renew in …'],
    ['Asking since renewals are due. how many prompts last week?', 'asking since renewals are due'],
    ['Asking as renewals are due. how many prompts last week?', 'asking as renewals are due'],
    ['Because we want to renew. how many prompts last week?', 'because we want to renew'],
    ['Because I need a baseline. how many prompts last week?', 'because i need a baseline'],
    ['Because we plan a rollout. how many prompts last week?', 'because we plan a rollout'],
    ['Because we are renewing. how many prompts last week?', 'because we are renewing'],
    ['Because I am renewing. how many prompts last week?', 'because i am renewing'],
    ['Need it for a ticket. how many prompts last week?', 'need it for a ticket'],
    ['Needed this for the audit. how many prompts last week?', 'needed this for the audit'],
    ['Need these for the deck. how many prompts last week?', 'need these for the deck'],
    ['Need them for the deck. how many prompts last week?', 'need them for the deck'],
    ['Need the numbers for the deck. how many prompts last week?', 'need the numbers for the deck'],
    ['Need the figure for the deck. how many prompts last week?', 'need the figure for the deck'],
    ["It's for the audit. how many prompts last week?", "it's for the audit"],
    ['This is for the audit. how many prompts last week?', 'this is for the audit'],
    ['Context: audit next week. how many prompts last week?', 'context: audit next week'],
    ['Background: renewals. how many prompts last week?', 'background: renewals'],
    ['Reason: renewals. how many prompts last week?', 'reason: renewals'],
    ['Purpose: renewals. how many prompts last week?', 'purpose: renewals'],
    ['Why: renewals. how many prompts last week?', 'why: renewals'],
    ["I'm thinking of renewals. how many prompts last week?", "i'm thinking of renewals"],
    ['We are considering renewals. how many prompts last week?', 'we are considering renewals'],
    ['Just asking because of renewals. how many prompts last week?', 'just asking because of …'],
    ['Mainly planning to renew. how many prompts last week?', 'mainly planning to renew'],
    ['how many prompts last week - thinking about renewals', 'thinking about renewals'],
    ['how many prompts last week, need it for a ticket', 'need it for a ticket'],
  ])('%s', async (question, said) => {
    expect(await read(question)).toEqual(await withAside(PLAIN, [said]));
  });
});

describe('each hedge and urgency word is set aside', () => {
  it.each([
    'roughly',
    'approximately',
    'approx',
    'ballpark',
    'kindly',
    'quickly',
    'quick',
    'honestly',
    'frankly',
    'basically',
    'urgently',
    'urgent',
  ])(
    // prettier-ignore
    '%s',
    async (word) => {
      expect(await read(`${word} how many prompts last week?`)).toEqual(await withAside(PLAIN, [word]));
    },
  );

  it('reads "kindly to" as one hedge', async () => {
    expect(asideOf(await read('could you kindly to list how many prompts last week?'))).toEqual(['kindly to']);
  });

  it('keeps "how quickly" where findings are closed: the time to close is asked', async () => {
    expect(asideOf(await read('how quickly are findings closed'))).toBeUndefined();
  });
});

describe('once and never again is once over all synced history', () => {
  it.each([
    'who tried Copilot once and never came back',
    'who tried Copilot once and then never came back',
    "who tried Copilot once and didn't come back",
    'who tried Copilot once and did not come back to it',
    "who tried Copilot once and haven't been back",
    'who tried Copilot once and has not returned since',
    'who tried Copilot once and never returned',
    'who tried Copilot once and never again',
    'who tried Copilot once and never since',
    'who tried Copilot once and never used it again',
    'who tried Copilot once and never touched it again',
    "who tried Copilot once and hasn't gone back again",
  ])('%s', async (question) => {
    expect(await read(question)).toMatchObject({
      type: 'query',
      query: { having: { op: 'eq', value: 1 }, period: { label: 'all synced history' } },
    });
  });
});

describe('value asked beside a person is their use', () => {
  it.each([
    ['Is Ben Stewart getting any value out of Teams', 'getting any value out of'],
    ['Does Ben Stewart get real value from Teams', 'get real value from'],
    ['Ben Stewart gets much value with Teams?', 'gets much value with'],
    ['Has Ben Stewart got enough value from Teams', 'got enough value from'],
    ['Does Ben Stewart see some value from Teams', 'see some value from'],
    ['Ben Stewart sees value from Teams?', 'sees value from'],
    ['Does Ben Stewart derive value from Teams', 'derive value from'],
    ['Ben Stewart derives value from Teams?', 'derives value from'],
    ['Is Ben Stewart deriving value from Teams', 'deriving value from'],
    ['Is Ben Stewart really getting value from Teams', 'getting value from'],
  ])('%s', async (question, said) => {
    expect(asideOf(await read(question))).toEqual([said]);
    expect(await read(question)).toMatchObject({
      query: { filters: { people: [{ name: 'Ben Stewart' }], apps: ['teams'] } },
    });
  });
});
