import type { AskQuery } from '../../server/core/ask/querySchema';
import type { ParseResult } from '../../server/core/ask/understand';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * What the reader asks back or answers when a message holds more than one thing: a pronoun that could stand for
 * several people, a department named only in the reason for asking, a statement or another question before the
 * question, two questions in one message, the sync's failures asked after it. Through the engine's understanding over
 * the corpus tenant (corpusTenant.ts), no database.
 */

const tenant = readCorpusTenant();
const ctx = corpusContext(tenant, new Date('2026-11-20T12:00:00Z'));
const read = (question: string) => understandOver(ctx, question);

function queryOf(result: ParseResult): AskQuery {
  if (result.type !== 'query') throw new Error(`not a query: ${JSON.stringify(result)}`);
  return result.query;
}

/** The measures an answer counts, in the order it says them. */
function measuresOf(result: ParseResult): string[] {
  const q = queryOf(result);
  return q.type === 'measure' ? [q.measure, ...(q.also ?? [])] : [];
}

describe('a pronoun that could stand for several people named is asked back', () => {
  const five = 'Henrietta Mueller, Hannah Jovanovic, Diego Siciliani, Ben Stewart and Zara Silva';

  it('names the first three as the choice and offers the question for each of the first four', async () => {
    // The people are offered in the directory's order: here the longest names first.
    const first = ['Henrietta Mueller', 'Hannah Jovanovic', 'Diego Siciliani', 'Ben Stewart'];
    const rank = (name: string | null) => (first.includes(name ?? '') ? first.indexOf(name ?? '') : first.length);
    const people = [...tenant.people].sort((a, b) => rank(a.displayName) - rank(b.displayName));
    const question = `${five}: how many prompts did she send? She is new.`;
    const reply = queryOf(await understandOver(corpusContext({ ...tenant, people }, ctx.now), question));
    expect(reply).toMatchObject({ type: 'reply', reply: 'rephrase' });
    if (reply.type !== 'reply') return;
    // Said in at most 60 characters: the three longest names of the corpus do not fit.
    expect(reply.notUnderstood).toHaveLength(1);
    expect(reply.notUnderstood[0]!.length).toBeLessThanOrEqual(60);
    expect(reply.notUnderstood[0]).toMatch(/^"she": Henrietta Mueller or Hannah Jovanovic or Diego/);
    // Every "she", whatever its case, is the person offered.
    expect(reply.suggestions).toEqual(
      first.map((name) => `${five}: how many prompts did ${name} send? ${name} is new.`),
    );
  });

  it('says the choice whole when it fits, and offers each person named', async () => {
    const reply = queryOf(await read('Ben Stewart and Zara Silva: how many prompts did he send?'));
    expect(reply).toMatchObject({
      type: 'reply',
      reply: 'rephrase',
      notUnderstood: ['"he": Ben Stewart or Zara Silva?'],
      suggestions: [
        'Ben Stewart and Zara Silva: how many prompts did Ben Stewart send?',
        'Ben Stewart and Zara Silva: how many prompts did Zara Silva send?',
      ],
    });
  });

  it('names no more than three, even when four fit', async () => {
    const reply = queryOf(await read('Ben Stewart, Zara Silva, Lee Gu and Vera Russo: how many prompts did she send?'));
    expect(reply.type === 'reply' && reply.notUnderstood).toEqual(['"she": Ben Stewart or Zara Silva or Lee Gu?']);
  });

  it('offers questions of at most 500 characters, however long the names make them', async () => {
    const question = `${five}: how many prompts did she send?${' She is new.'.repeat(30)}`.slice(0, 490);
    const reply = queryOf(await read(question));
    expect(reply.type === 'reply' && reply.suggestions.length).toBe(4);
    if (reply.type !== 'reply') return;
    expect(Math.max(...reply.suggestions.map((s) => s.length))).toBe(500);
  });
});

describe('a pronoun read as the one person named is said beside the answer', () => {
  it('answers as if the name had been typed, saying whom the pronoun was read as', async () => {
    const plain = queryOf(await read('how many prompts did Ben Stewart send last week?'));
    expect(await read('Ben Stewart: how many prompts did he send last week?')).toEqual({
      type: 'query',
      query: { ...plain, context: { text: '', pronoun: 'he', person: 'Ben Stewart' } },
    });
  });

  it('names a person with a very long display name in the pronoun line as the answer names them', async () => {
    const name = `Anna Maria Theresa Walburga Amalia Christina ${'Habsburg Lothringen Esterhazy Batthyany '.repeat(2)}`;
    const person = {
      userId: 'u-long',
      displayName: name.trim(),
      userPrincipalName: null,
      mail: null,
      department: null,
    };
    const named = corpusContext({ ...tenant, people: [...tenant.people, person] }, ctx.now);
    const q = queryOf(await understandOver(named, `${name.trim()}: how many prompts did she send last week?`));
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q.filters.people).toHaveLength(1);
    expect(q.filters.people[0]!.name.length).toBeLessThanOrEqual(120);
    expect(q.context).toEqual({ text: '', pronoun: 'she', person: q.filters.people[0]!.name });
  });

  it('declines another subject without a pronoun line', async () => {
    expect(await read("Ben Stewart: what's the weather where he is?")).toEqual(await read("what's the weather?"));
  });

  it('declines a message over 500 characters as too long, whoever its pronoun names', async () => {
    const question = `Ben Stewart: how many prompts did he send last week?${' Please.'.repeat(60)}`;
    expect(await read(question)).toEqual({ type: 'unknown', reason: 'too_long' });
  });
});

describe('a statement or another question before the question', () => {
  it('answers the question after a statement, and says the statement as context', async () => {
    const plain = queryOf(await read('How many prompts last week?'));
    for (const before of ["I'm building the exec slide.", 'Blorf blah?', 'Blorf. Translate this.'])
      expect(await read(`${before} How many prompts last week?`)).toEqual({
        type: 'query',
        query: { ...plain, context: { text: before } },
      });
  });

  it('asks back a list of more measures than one answer holds before a question, never setting it aside', async () => {
    const list = 'Prompts, responses, sessions, interactions, agents';
    const reply = queryOf(await read(`${list}. How many prompts last week?`));
    expect(reply).toMatchObject({ type: 'reply', reply: 'rephrase', notUnderstood: [] });
    expect(reply.type === 'reply' && reply.several).toEqual([
      'prompts',
      'responses',
      'sessions',
      'interactions',
      'agents',
    ]);
  });

  it('declines when what comes first is a question about another subject: it is never context', async () => {
    expect(await read("What's the weather? How many prompts last week?")).toEqual(await read("What's the weather?"));
    expect(await read("What's the weather? Who?")).toEqual(await read("What's the weather?"));
    expect(await read('help? who?')).toEqual(await read("What's the weather?"));
  });

  it('asks whose figures are meant when the reason for asking names a department', async () => {
    for (const end of ['?', '?!', ' ?'])
      expect(queryOf(await read(`This is for the Finance review. How many prompts last week${end}`))).toEqual({
        type: 'reply',
        reply: 'rephrase',
        notUnderstood: ["Finance: its figures or everyone's?"],
        understood: 'Prompts · last week (9 Nov 2026 – 15 Nov 2026)',
        suggestions: ['How many prompts last week in Finance', 'How many prompts last week'],
        people: [],
        choices: [],
      });
  });

  it('says a long reading in at most 300 characters, its start first', async () => {
    const names = tenant.people.slice(0, 16).map((p) => p.displayName);
    const clause = `How many prompts did ${names.join(', ')} send in Word, Excel, PowerPoint, Outlook and Teams last week`;
    const reply = queryOf(await read(`This is for the Finance review. ${clause}?`));
    if (reply.type !== 'reply') throw new Error('answered');
    expect(reply.suggestions).toEqual([`${clause} in Finance`, clause]);
    expect(reply.understood!.length).toBeLessThanOrEqual(300);
    expect(reply.understood).toMatch(
      /^Prompts by person and app · Word, Excel, PowerPoint, Outlook, Teams · Ben Stewart, /,
    );
  });

  it('says a long department name in the ask-back cut short, and offers it whole', async () => {
    const long = 'Customer Success and Renewals EMEA';
    const named = corpusContext({ ...tenant, departments: [...tenant.departments, long] }, ctx.now);
    const reply = queryOf(await understandOver(named, `This is for the ${long} review. How many prompts last week?`));
    if (reply.type !== 'reply') throw new Error('answered');
    expect(reply.notUnderstood).toEqual([`${long.slice(0, 30)}: its figures or everyone's?`]);
    expect(reply.suggestions).toEqual([`How many prompts last week in ${long}`, 'How many prompts last week']);
  });
});

describe('measures joined to data sources are counted beside them', () => {
  it.each([
    ['data sources versus prompts by app', 'data sources vs prompts by app'],
    ['data sources versus responses by app', 'data sources and responses by app'],
  ])('"%s" reads as "%s"', async (question, same) => {
    expect(await read(question)).toEqual(await read(same));
  });

  it.each([
    ['data sources and responses by app', ['references', 'responses']],
    ['data sources and interactions by app', ['references', 'interactions']],
    ['responses versus data sources by app', ['responses', 'references']],
    ['interactions, data sources by app', ['interactions', 'references']],
  ])('%s', async (question, measures) => {
    expect(measuresOf(await read(question))).toEqual(measures);
  });
});

describe("the sync's failures asked after the sync are one question", () => {
  it.each([
    'the sync it have errors? which user',
    'the sync it have errors? Which users were they',
    // Four words, however spaced.
    'the sync it have errors? which users  were they',
  ])('%s', async (question) => {
    expect(await read(question)).toEqual({ type: 'query', query: { type: 'system', system: 'sync', failing: true } });
  });

  it('says another question after the sync as not answered', async () => {
    expect(await read('the sync it have errors? how many prompts last week')).toEqual({
      type: 'query',
      query: { type: 'system', system: 'sync', context: { text: '', unanswered: ['how many prompts last week'] } },
    });
    // A short question after it is another question all the same.
    for (const after of ['how many prompts last week?', 'how many prompts?'])
      expect(await read(`which users did the sync fail on? ${after}`)).toEqual({
        type: 'query',
        query: { type: 'system', system: 'sync', failing: true, context: { text: '', unanswered: [after] } },
      });
  });
});

describe('two questions in one message are both answered or the second is said', () => {
  it('answers two counts side by side', async () => {
    const both = await read('how many users were active last week and how many sessions did they have?');
    expect(measuresOf(both)).toEqual(['active_users', 'sessions']);
  });

  it.each([
    `how many prompts ${'really '.repeat(70)}last week and how many sessions did they have?`,
    `how many prompts last week and how many sessions ${'really '.repeat(70)}did they have?`,
  ])('declines two counts over 500 characters as too long (%#)', async (question) => {
    expect(await read(question)).toEqual({ type: 'unknown', reason: 'too_long' });
  });

  it('reads two counts after a lead-in that leaves an app out whole: both, without that app', async () => {
    for (const lead of ['Not in Teams.', 'Excluding Teams:']) {
      const q = queryOf(await read(`${lead} How many prompts last week? And how many sessions?`));
      expect(measuresOf({ type: 'query', query: q })).toEqual(['prompts', 'sessions']);
      expect(q).toMatchObject({ filters: { apps: [], exclude: { apps: ['teams'] } }, period: { label: 'last week' } });
    }
  });

  it('answers a part of a count beside the whole', async () => {
    expect(queryOf(await read('How many users were active last week and how many of them used Teams?'))).toMatchObject({
      measure: 'active_users',
      filters: { apps: ['teams'] },
      share: true,
    });
  });

  it('says a second count that narrows nothing as not answered', async () => {
    const question = 'How many users were active last week and how many of them sent more than 10 prompts?';
    expect(queryOf(await read(question))).toEqual({
      ...queryOf(await read('How many users were active last week')),
      context: { text: '', unanswered: ['how many of them sent more than 10 prompts?'] },
    });
  });

  it('counts the idle licence holders against the holders, with nothing left unanswered', async () => {
    const question = 'how many Copilot licences are assigned and how many of them are sitting unused?';
    expect(await read(question)).toEqual(await read('Licensed users with no activity'));
  });

  it('lists people with their departments as a column, not a count per department', async () => {
    expect(await read('Licensed users with no activity, with their departments')).toEqual(
      await read('Licensed users with no activity'),
    );
  });

  it("answers a person's count and says when they last used Copilot as asked after it", async () => {
    const question = 'When did Ben Stewart last use Copilot and how many prompts did he send this month?';
    expect(queryOf(await read(question))).toEqual({
      ...queryOf(await read('how many prompts did Ben Stewart send this month?')),
      context: {
        text: '',
        pronoun: 'he',
        person: 'Ben Stewart',
        unanswered: ['when did Ben Stewart last use Copilot'],
      },
    });
  });

  it('sets the figure inside working hours beside the one outside them', async () => {
    expect(queryOf(await read('Usage during work hours vs after hours'))).toEqual({
      ...queryOf(await read('Usage during work hours')),
      clockSides: true,
    });
  });
});
