import type { AskQuery } from '../../server/core/ask/querySchema';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * The reader's word lists, each word in a question of its own: a group word that makes an unknown word a department, a
 * word that makes the next one a topic, a pronoun, a money word, a word asking who failed the sync, a change that
 * removes someone. A word dropped from its list (or a list that stops matching) changes the reply, and the admin reads
 * "nobody called …" or a request to rephrase where the product knows better. Through the engine's understanding over
 * the corpus tenant (corpusTenant.ts), no database.
 */

const ctx = corpusContext(readCorpusTenant(), new Date('2026-11-20T12:00:00Z'));

async function queryOf(question: string): Promise<AskQuery> {
  const result = await understandOver(ctx, question);
  if (result.type !== 'query') throw new Error(`not a query: ${JSON.stringify(result)}`);
  return result.query;
}

describe('a word the directory has no department of is a department by the group words around it', () => {
  const unknownDepartment = async (question: string, name: string) =>
    expect(await queryOf(question)).toMatchObject({ type: 'reply', reply: 'unknown_department', text: name });

  // "how many personnel in procurement": people of a group, then "in"; the group word itself is no unknown word
  // (it was: "members" and "personnel" are in no reader's list, and two unknown words are asked back together).
  it.each(['people', 'users', 'user', 'staff', 'employees', 'persons', 'folks', 'colleagues', 'members', 'personnel'])(
    'how many %s in procurement',
    (group) => unknownDepartment(`how many ${group} in procurement`, 'Procurement'),
  );

  it.each(['anyone', 'anybody', 'someone', 'everyone', 'everybody', 'nobody'])(
    'did %s in procurement use Copilot',
    (group) => unknownDepartment(`did ${group} in procurement use Copilot`, 'Procurement'),
  );

  it('reads "ppl" as people', () => unknownDepartment('how many ppl in procurement', 'Procurement'));

  it.each(['in', 'from', 'for', 'of'])('users %s procurement', (lead) =>
    unknownDepartment(`how many users ${lead} procurement`, 'Procurement'),
  );

  // "Procurement personnel": capitalised before a group word (it was "No one called 'procurement personnel'").
  it.each(['staff', 'folks', 'people', 'employees', 'personnel', 'colleagues', 'members', 'users'])(
    'prompts by Procurement %s',
    (group) => unknownDepartment(`prompts by Procurement ${group}`, 'Procurement'),
  );

  it.each(['team', 'department', 'dept', 'division', 'org', 'group', 'unit'])(
    'how many prompts in the narnia %s',
    (noun) => unknownDepartment(`how many prompts in the narnia ${noun}`, 'Narnia'),
  );

  it.each(['in', 'from', 'for', 'of'])('a short name in capitals after "%s" (QA)', (lead) =>
    unknownDepartment(`prompts ${lead} QA`, 'QA'),
  );

  it('asks back two unknown words together, taking neither for a department', async () => {
    expect(await queryOf('how many users in zorblax and quuxly')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['zorblax', 'quuxly'],
    });
  });
});

describe('a word after one asking about a subject is a topic, not a person nobody is called', () => {
  // Each list word was a word not understood itself ("regarding salaries" asked back as two words).
  it.each(['about', 'regarding', 'mentioning', 'mention', 'mentioned', 'containing', 'concerning'])(
    'prompts %s salaries',
    async (word) => {
      expect(await queryOf(`which prompts ${word} salaries`)).toMatchObject({ reply: 'topic', text: 'salaries' });
    },
  );

  it.each(['the', 'a', 'an', 'our', 'any', 'their', 'some'])('past the article: about %s merger', async (article) => {
    expect(await queryOf(`who asked Copilot about ${article} merger`)).toMatchObject({
      reply: 'topic',
      text: 'merger',
    });
  });
});

describe('a pronoun is never looked up as a name, and never dropped', () => {
  it.each([
    ['how many prompts did he send last week', 'he'],
    ['how many prompts did him send', 'him'],
    ['his prompts last week', 'his'],
    ['her prompts last week', 'her'],
    ['prompts from hers', 'hers'],
    ['prompts by himself', 'himself'],
    ['prompts by herself', 'herself'],
    ['prompts by somebody', 'somebody'],
    ['prompts by someone', 'someone'],
  ])('%s', async (question, pronoun) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: [pronoun] });
  });
});

describe('a money word is out of scope, said with what can be counted instead', () => {
  it.each([
    'what does Copilot cost',
    'what are the costs of Copilot',
    'Copilot price per seat',
    'what are the prices of the Copilot licences',
    'Copilot pricing',
    'Copilot spending this year',
    'what is our Copilot budget',
    'Copilot billing',
    'Copilot invoice last month',
    'show the Copilot invoices',
    'how much money do we spend on Copilot',
    'what is the Copilot fee',
    'Copilot licence fees',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({
      reply: 'scope',
      text: 'prices',
      suggestions: ['Adoption rate last 30 days', 'Licensed users without Copilot activity', 'Adoption by department last 30 days'], // prettier-ignore
    });
  });
});

describe('a sync question asking who failed or why names them', () => {
  it.each([
    "which users' Copilot history could not be read in the last sync",
    'whose data cannot be read',
    'which accounts were unreadable in the sync',
    'which users failed to read in the sync',
    'users the sync was unable to read',
    'whose interactions could not be read',
    'which user errored in the last sync',
    'why did the sync fail',
    'what went wrong with the sync',
    'what were the errors in the last sync',
    'what was the reason the sync failed',
    'users with sync errors',
    'people that failed to sync',
    'accounts whose sync failed',
    'failed users in the sync',
    'failing accounts sync',
    'sync errors by user',
    'sync errors per person',
    'sync errors for each user',
    'unreadable sync',
    'forbidden sync users',
    'sync error details',
    'sync 403',
    'sync 401',
    'sync 404',
    'which mailboxes failed to sync',
    'which ones failed in the sync',
    'which persons failed the sync',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toEqual({ type: 'system', system: 'sync', failing: true });
  });

  it.each(['sync status', 'when did the last sync run', 'is the sync healthy'])('%s: the status alone', async (q) => {
    expect(await queryOf(q)).toEqual({ type: 'system', system: 'sync' });
  });
});

describe('removing someone from the records is a change, not a saved question deleted', () => {
  it.each([
    'delete Mark Mensah from the system',
    'delete Mark Mensah from our tenant',
    'delete Lee Gu from the directory',
    'delete user Lee Gu',
    "delete Mark's account",
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ type: 'reply', reply: 'change' });
  });
});

describe('a name people have is never read as a word that declines the question', () => {
  // "jones" is a step from "jokes", an out-of-scope word: read so, the question was declined as small talk.
  it('compares with a surname nobody in the directory has, saying so', async () => {
    expect(await queryOf('compare Grady Archie with jones')).toMatchObject({
      type: 'measure',
      filters: { people: [{ name: 'Grady Archie' }] },
      unmatched: ['jones'],
    });
  });

  it('asks back a surname alone rather than declining it', async () => {
    expect(await queryOf('jones')).toMatchObject({ reply: 'rephrase', notUnderstood: ['jones'] });
  });

  it('still declines a slip of an out-of-scope word that is no name', async () => {
    expect(await queryOf('what is the weathr')).toMatchObject({ reply: 'scope' });
  });
});

describe('"the last users that used Teams" lists people by their last use, as "who used Teams last" does', () => {
  // Read before as a count of Teams' active users in the last 30 days: another question.
  it.each([
    ['the last users that used Teams', 'teams'],
    ['the last employee to use Excel', 'excel'],
    ['the last colleague to use Excel', 'excel'],
    ['who used Excel most recently', 'excel'],
  ])('%s', async (question, app) => {
    expect(await queryOf(question)).toMatchObject({
      type: 'measure',
      measure: 'prompts',
      by: ['user'],
      filters: { apps: [app] },
      recent: true,
      period: { label: 'all synced history' },
    });
  });

  it('keeps a count asked as one', async () => {
    const q = await queryOf('how many users used Teams most recently');
    expect(q).toMatchObject({ type: 'measure', measure: 'active_users', by: [] });
    expect(q).not.toHaveProperty('recent');
  });
});

describe('the time since someone last used Copilot is their last use, never a duration', () => {
  const grace = { type: 'list', list: 'profile', person: { name: 'Grace Abbott' } };
  it.each([
    'how much time since Grace Abbott last used it',
    'how long since Grace Abbott last used Copilot',
    'how much time has passed since Grace Abbott was last active',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject(grace);
  });

  it('keeps the app asked: her sessions there, newest first', async () => {
    expect(await queryOf('how long has it been since Grace Abbott last used Copilot in Excel?')).toMatchObject({
      type: 'list',
      list: 'sessions',
      person: { name: 'Grace Abbott' },
      apps: ['excel'],
      period: { label: 'all synced history' },
    });
  });

  it('still declines a duration', async () => {
    expect(await queryOf('how long do sessions last')).toMatchObject({ reply: 'scope', text: 'duration' });
  });
});

describe('the first prompt asked as when (or by whom) is the start of their use', () => {
  it.each([
    'when did Lee Gu send her first prompt',
    'when was Lee Gu’s first Copilot prompt',
    'when did Lee Gu make his very first question to Copilot',
  ])('%s: the profile, which says the first use', async (question) => {
    expect(await queryOf(question)).toMatchObject({ type: 'list', list: 'profile', person: { name: 'Lee Gu' } });
  });

  it('who sent their first prompt this month: the new users', async () => {
    expect(await queryOf('who sent their first prompt this month')).toMatchObject({
      type: 'measure',
      measure: 'new_users',
      period: { label: 'this month' },
    });
  });

  // Its text, which the product shows only with a reason: asked about, never the date instead.
  it('asks back "what was Lee Gu’s first prompt"', async () => {
    expect(await queryOf("what was Lee Gu's first prompt")).toMatchObject({
      reply: 'rephrase',
      notUnderstood: ['first'],
    });
  });
});
