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

describe('people by their last use, and a ranking by a figure kept one', () => {
  it.each([
    'who used Excel most recent',
    'who was the last person to use Excel',
    'last people who used Excel',
    'the last one who used Excel',
    'the last ones who used Excel',
    'who last used Excel',
    'who has last used Excel',
    'who had last used Excel',
    'who used Excel last?',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ by: ['user'], filters: { apps: ['excel'] }, recent: true });
  });

  it.each([
    'top 10 users by prompts who used Excel most recently',
    'users by sessions most recently',
    'users by interactions most recently',
    'users by responses most recently',
    'users by usage most recently',
    'users by activity most recently',
    'users by use most recently',
    'most active users most recently',
    'users with most prompts most recently',
    'users with most sessions most recently',
    'most used users most recently',
    'users with most usage most recently',
    'users with most use most recently',
  ])('%s: ranked by the figure', async (question) => {
    expect(await queryOf(question)).not.toHaveProperty('recent');
  });

  it('most recent activity by user is a figure by person, not last use', async () => {
    expect(await queryOf('most recent activity by user')).not.toHaveProperty('recent');
  });
});

describe('the asker’s own department is asked which', () => {
  it.each([
    ['our department usage', 'our department'],
    ['my team’s prompts', "my team's"],
    ['my dept prompts', 'my department'],
    ['our unit prompts', 'our unit'],
    ['my org prompts', 'my org'],
    ['our organisation prompts', 'our organisation'],
    ['my organization prompts', 'my organization'],
    ['our own team prompts', 'our own team'],
    ['our own department prompts', 'our own department'],
  ])('%s', async (question, said) => {
    const reply = await queryOf(question);
    // Said once: "own" was also asked about as a word, and "our own team" read as a department called "Own".
    expect(reply).toMatchObject({ reply: 'rephrase', notUnderstood: [`${said}: which department?`] });
    expect(reply).toMatchObject({ suggestions: [expect.stringContaining('the Engineering department'), expect.any(String), expect.any(String)] }); // prettier-ignore
  });
});

describe('a person’s use asked in the perfect is over all synced history', () => {
  it.each([
    'which apps has Lee Gu used',
    'has Diego Siciliani tried Copilot in Excel',
    'has Lee Gu touched Loop',
    'has Lee Gu opened Loop',
    'have Lee Gu and Grady Archie used Word',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ period: { label: 'all synced history' } });
  });

  it('a person’s figure otherwise keeps the default period', async () => {
    expect(await queryOf('which apps does Lee Gu use')).toMatchObject({ period: { label: 'last 30 days' } });
  });
});

describe('a condition said of each session is asked back, never read as one on people', () => {
  it.each([
    ['how many sessions had more than 5 prompts', 'more than 5 prompts'],
    ['sessions which have more than 5 prompts', 'more than 5 prompts'],
    ['conversations with over 10 prompts', 'over 10 prompts'],
    ['a session having more than 5 prompts', 'more than 5 prompts'],
    ['threads of more than 5 prompts', 'more than 5 prompts'],
    ['chats that has more than 5 prompts', 'more than 5 prompts'],
    ['sessions where more than 5 prompts were sent', 'more than 5 prompts'],
  ])('%s', async (question, said) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: [said] });
  });
});

describe('people with a count of sources are the rows, not the sources', () => {
  it.each([
    'users with more than 3 file references',
    'people having more than 3 file references',
    'persons who have more than 3 file references',
    'employees that had more than 3 file references',
    'staff who made more than 3 file references',
    'colleagues that got more than 3 file references',
    'folks who sent more than 3 file references',
    'user with more than 3 file references',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({
      measure: 'references',
      by: ['user'],
      having: { op: 'gt', value: 3 },
    });
  });
});

describe('a licence holder’s uses are counted in prompts, responses or interactions', () => {
  it.each([
    ['licensed users who used Copilot more than 10 times', 'prompts'],
    ['licensed users who used Copilot once', 'prompts'],
    ['licensed users who used Copilot twice', 'prompts'],
    ['licensed users who used Copilot thrice', 'prompts'],
    ['licensed users who used Copilot 1 time', 'prompts'],
    ['licence holders with more than 3 prompts', 'prompts'],
    ['licence holders with more than 3 responses', 'responses'],
    ['licence holders with more than 3 interactions', 'interactions'],
  ])('%s', async (question, holderCount) => {
    expect(await queryOf(question)).toMatchObject({ measure: 'licensed_users', holderCount });
  });

  it.each([
    ['licensed users with more than 3', 'more than 3'],
    ['licence holders with more than 3 sessions', 'more than 3 sessions'],
  ])('%s: asked back', async (question, said) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: [said] });
  });
});

describe('what people have (or tried) with no period named is all synced history', () => {
  it.each([
    'users who have more than 50 prompts',
    'people who had more than 50 prompts',
    'persons who got more than 50 prompts',
    'employees who have more than 50 prompts',
    'staff who has more than 50 prompts',
    'which have more than 50 prompts by user',
    'everyone who had more than 50 prompts',
    'anyone who had more than 50 prompts',
    'who tried Copilot only once or twice',
    'users who only ever used Copilot once',
    'users who just touched Copilot once',
    'users who used Copilot just twice',
    'users who used it only thrice',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ by: ['user'], period: { label: 'all synced history' } });
  });

  it('users with more than 50 prompts: the default period', async () => {
    expect(await queryOf('users with more than 50 prompts')).toMatchObject({ period: { label: 'last 30 days' } });
  });
});

describe('a lowest-first ranking keeps only people with activity when asked', () => {
  // "excluding non-users" was applied and asked back too, as words not understood.
  it.each([
    'users with the fewest prompts, only ones who actually used it',
    'users with the fewest prompts, only the people that have used it',
    'users with the fewest prompts, just those who really used it',
    'bottom 5 users by prompts who actually used it',
    'bottom 5 users by prompts that really used copilot',
    'users with the fewest prompts excluding non-users',
    'users with the fewest prompts excluding the zeros',
    'users with the fewest prompts excluding users with none',
    'users with the fewest prompts ignoring zeros',
    'users with the fewest prompts without the non users',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ type: 'measure', order: 'asc', activeOnly: true });
  });

  it('keeps the people at none otherwise', async () => {
    expect(await queryOf('bottom 5 users by prompts')).not.toHaveProperty('activeOnly');
  });
});

describe('a follow-up to an earlier question is asked as a whole question', () => {
  // Each message is read on its own: "and for Sales?" answered alone would be everyone's figure for Sales, about
  // nothing the admin asked before.
  it.each([
    ['and for Sales?', 'and for'],
    ['also in Word', 'also in'],
    ['ok by week', 'ok by'],
    ['okay what about Excel', 'okay what'],
    ['then the same for Legal', 'then the same'],
    ['and how many in Word', 'and how'],
    ['and now Legal', 'and now'],
    ['and just Teams', 'and just'],
    ['and only Teams', 'and only'],
    ['and the same for Legal', 'and the same'],
    ['same but last month', 'same but'],
    ['same for HR', 'same for'],
    ['same as before', 'same as'],
    // Declined before as small talk.
    ['same again', 'same again'],
    ['now just Teams', 'now just'],
    ['now only Sales', 'now only'],
    ['now for Legal', 'now for'],
    ['now by department', 'now by'],
    ['now split by app', 'now split'],
    ['now break it down by app', 'now break'],
    ['now show Teams', 'now show'],
    ['now the same for Legal', 'now the same'],
  ])('%s', async (question, said) => {
    expect(await queryOf(question)).toMatchObject({
      reply: 'rephrase',
      notUnderstood: expect.arrayContaining([`${said} … (a follow-up: ask the whole question)`]),
    });
  });

  it.each(['and which apps did Lee Gu use?', 'now, how many prompts in Word?', 'same day last week: prompts'])(
    '%s: not one',
    async (question) => {
      expect(JSON.stringify(await queryOf(question))).not.toContain('a follow-up');
    },
  );
});

describe('one app and no other', () => {
  it.each([
    'who only uses Teams',
    'who just used Teams',
    'who exclusively uses Teams',
    'who solely used Teams',
    'who uses only Teams',
    'who used just Teams',
    'who uses exclusively Teams',
    'who is using solely Teams',
    'who uses nothing but Teams',
    'users of Teams and no other app',
    'users of Teams and no other apps',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject({ filters: { apps: ['teams'] }, who: { soleApp: true } });
  });
});

describe('the time of a person’s last use', () => {
  it.each([
    'when did Lee Gu last use Copilot',
    'when was Lee Gu last active',
    'about Lee Gu, when did he last use Copilot?',
    're Lee Gu: when did he last use it',
    'for Lee Gu, when was the last time he used Copilot',
  ])('%s: the profile, which says it', async (question) => {
    expect(await queryOf(question)).toMatchObject({ type: 'list', list: 'profile', person: { name: 'Lee Gu' } });
  });

  it.each(['when has Lee Gu last used Excel', 'when is Lee Gu last using Excel'])(
    '%s: the sessions there',
    async (q) => {
      expect(await queryOf(q)).toMatchObject({ type: 'list', list: 'sessions', apps: ['excel'] });
    },
  );

  it.each([
    'when did Lee Gu last week use Copilot',
    'when did Lee Gu use Copilot last month',
    'when did Lee Gu use Copilot in the last 2 weeks',
    'when did Lee Gu use Copilot last night',
    'when did Lee Gu use Copilot last weekend',
    'when did Lee Gu use Copilot last fortnight',
    'when did Lee Gu use Copilot last monday',
    'when did Lee Gu use Copilot last quarter',
    'when did Lee Gu use Copilot last year',
    'when did Lee Gu use Copilot in the last 48 hours',
  ])('%s: a period, not the last use', async (question) => {
    expect(await queryOf(question)).not.toMatchObject({ type: 'list', list: 'profile' });
  });
});

describe('sites counted are distinct sites', () => {
  it.each([
    ['which departments reach the most sites', 'desc'],
    ['which departments reach the most SharePoint sites', 'desc'],
    ['which departments used the fewest sites', 'asc'],
    ['which departments used the least sites', 'asc'],
    ['which departments reach more sites', 'natural'],
  ])('%s', async (question, order) => {
    expect(await queryOf(question)).toMatchObject({ by: ['department'], distinct: 'sites', order });
  });

  it('how many sites did Sales use', async () => {
    expect(await queryOf('how many sites did Sales use')).toMatchObject({
      filters: { departments: ['Sales'] },
      distinct: 'sites',
    });
  });
});

describe('what is paid for is the licences', () => {
  it.each(['licenses we are paying for', 'licences we pay for', 'seats we paid for', 'the licences it pays for'])(
    '%s',
    async (question) => {
      expect(await queryOf(question)).toMatchObject({ type: 'measure', measure: 'licensed_users' });
    },
  );
});

describe('a period set against the one before it', () => {
  it.each([
    ['Word usage compared to last month', 'this month', 'last month'],
    ['Word usage compared with last month', 'this month', 'last month'],
    ['Word usage compare it with last month', 'this month', 'last month'],
    ['Word usage compare that to last month', 'this month', 'last month'],
    ['Word usage compared it to last month', 'this month', 'last month'],
    ['Word usage vs last month', 'this month', 'last month'],
    ['Word usage vs. last month', 'this month', 'last month'],
    ['Word usage versus the previous month', 'this month', 'last month'],
    ['Word usage higher than last quarter?', 'this quarter', 'last quarter'],
    ['Word usage against the prior year', 'this year', 'last year'],
    ['Word usage vs last week', 'this week', 'last week'],
  ])('%s', async (question, label, against) => {
    expect(await queryOf(question)).toMatchObject({
      period: { label },
      compare: 'previous',
      against: { label: against },
    });
  });
});

describe('someone’s agents and "never" look over all synced history', () => {
  it.each(['The list of agents of Lee Gu', "Lee Gu's agents", 'which agents does Lee Gu have'])('%s', async (q) => {
    expect(await queryOf(q)).toMatchObject({ by: ['app'], period: { label: 'all synced history' } });
  });

  it('people who used Teams but never Word', async () => {
    expect(await queryOf('people who used Teams but never Word')).toMatchObject({
      who: { notApps: ['word'] },
      period: { label: 'all synced history' },
    });
  });

  it('people who used Teams but not Word: the default period', async () => {
    expect(await queryOf('people who used Teams but not Word')).toMatchObject({ period: { label: 'last 30 days' } });
  });
});

describe('higher and lower', () => {
  // "higher than 5 prompts" was read as a top 5; "usage higher than last quarter" asked back "higher".
  it.each([
    ['users with higher than 5 prompts', 'gt', 5],
    ['departments with lower than 20 prompts', 'lt', 20],
  ])('%s: a condition on each row', async (question, op, value) => {
    const q = await queryOf(question);
    expect(q).toMatchObject({ having: { op, value } });
    expect(q).not.toHaveProperty('limit');
  });

  it.each([
    ['is Word usage higher than last quarter?', 'this quarter', 'last quarter'],
    ['were prompts lower this month than last month', 'this month', 'last month'],
  ])('%s: the period against the one before', async (question, label, against) => {
    expect(await queryOf(question)).toMatchObject({
      period: { label },
      compare: 'previous',
      against: { label: against },
    });
  });
});

describe('a name nobody in the directory has is "no one called" only where the question makes it a person', () => {
  const nobody = { type: 'reply', reply: 'nobody', text: 'megan' };

  // After a verb or preposition that takes a person, a name people have, in any case.
  it.each([
    'how many prompts did megan send',
    'how much does megan use copilot',
    'is megan using copilot',
    'has megan used copilot',
    'was megan active last week',
    'whom did megan message',
    'prompts for megan',
    'prompts about Megan',
  ])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject(nobody);
  });

  // Capitalised, before a word said of a person, or after "by", "of", "from", "with".
  it.each(['ask', 'asked', 'asks', 'asking', 'use', 'uses', 'used', 'using', 'send', 'sent', 'sessions'])(
    'how often Megan %s Copilot',
    async (word) => {
      expect(await queryOf(`how often Megan ${word} Copilot`)).toMatchObject(nobody);
    },
  );

  it.each([
    'is Megan busiest on Mondays',
    'has Megan been active',
    'prompts by Megan',
    'prompts of Megan',
    'prompts from Megan',
    'prompts with Megan',
  ])(
    // prettier-ignore
    '%s',
    async (question) => {
      expect(await queryOf(question)).toMatchObject(nobody);
    },
  );

  // Opening the question ("Megan prompts last week": a name, not sentence case). Asked back before.
  it.each(['Megan prompts last week', 'Megan activity last week', 'Megan usage last week'])('%s', async (question) => {
    expect(await queryOf(question)).toMatchObject(nobody);
  });

  it.each([
    ['how often Megan Copilot', 'megan'],
    ['megan', 'megan'],
  ])('asks back "%s": nothing makes it a person', async (question, word) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: [word] });
  });

  it('reads a full name nobody has as a person nobody is called', async () => {
    expect(await queryOf('megan bowen prompts')).toMatchObject({ reply: 'nobody', text: 'megan bowen' });
  });

  it('reads a first name the directory has alone as that person', async () => {
    expect(await queryOf('zara')).toMatchObject({ type: 'list', list: 'profile', person: { name: 'Zara Silva' } });
  });

  it('keeps a sentence-case word that is no name a word of the question', async () => {
    expect(await queryOf('Total prompts last week')).toMatchObject({ type: 'measure', measure: 'prompts' });
  });
});

describe('a full name of the directory is that person before a month, a department or a keyword is read', () => {
  const tenant = readCorpusTenant();
  const person = (userId: string, displayName: string, department: string | null) => ({
    userId,
    displayName,
    userPrincipalName: `${userId}@adatum.example`,
    mail: null,
    department,
  });
  const named = corpusContext(
    {
      ...tenant,
      people: [
        person('june', 'June Park', 'Finance'),
        person('may', 'May Chen', 'IT'),
        person('april', 'April Sales', 'Legal'),
        ...tenant.people,
        // A shared mailbox of one word: no full name, and no department's name taken.
        person('finance', 'Finance', null),
      ],
    },
    ctx.now,
  );
  const readNamed = async (question: string) => {
    const result = await understandOver(named, question);
    if (result.type !== 'query') throw new Error(question);
    return result.query;
  };

  // "June Park prompts" were her prompts in June 2026, "how active is june park" her sessions in June.
  it.each([
    ['June Park prompts', 'June Park', 'last 30 days'],
    ['how active is june park', 'June Park', undefined],
    ['prompts by May Chen in Teams', 'May Chen', 'last 30 days'],
    ['how many prompts did April Sales send', 'April Sales', 'last 30 days'],
    ['prompts by June Park in June', 'June Park', 'June 2026'],
  ])('%s', async (question, name, label) => {
    const q = await readNamed(question);
    expect(JSON.stringify(q)).toContain(`"name":"${name}"`);
    if (label) expect(q).toMatchObject({ period: { label } });
    else expect(q).toMatchObject({ type: 'list', list: 'profile' });
    expect(q).not.toMatchObject({ filters: { departments: ['Sales'] } });
  });

  it('reads a month alone as the month', async () => {
    expect(await readNamed('prompts in June')).toMatchObject({ period: { label: 'June 2026' } });
  });

  it('keeps a department named as a one-word mailbox is a department', async () => {
    expect(await readNamed('prompts by Finance last month')).toMatchObject({ filters: { departments: ['Finance'], people: [] } }); // prettier-ignore
  });
});

describe('a short name in capitals is a department only when it is one whole word of two to four letters after "in"', () => {
  it.each([
    ['prompts from PROCUREMENT', 'procurement'],
    ['prompts from QAOPS', 'qaops'],
    ['prompts from Q4A', 'q4a'],
    // First in the question, with no word before it.
    ['QA prompts last week', 'qa'],
  ])('%s: asked back', async (question, word) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: [word] });
  });
});

describe('a first name two people share is asked which, where the question makes it a person', () => {
  const tenant = readCorpusTenant();
  const joni = { userId: 'joni-park', displayName: 'Joni Park', userPrincipalName: 'joni.park@adatum.example', mail: null, department: 'Legal' }; // prettier-ignore
  const two = corpusContext({ ...tenant, people: [...tenant.people, joni] }, ctx.now);
  const readTwo = async (question: string) => {
    const result = await understandOver(two, question);
    if (result.type !== 'query') throw new Error(question);
    return result.query;
  };

  it.each(['joni', 'how active is Joni', 'compare Grady Archie and Joni', 'Grady Archie, Joni and Lee Gu prompts'])(
    '%s',
    async (question) => {
      const q = await readTwo(question);
      expect(q).toMatchObject({ type: 'reply', reply: 'which_person' });
      // Each one offered with the department that tells them apart.
      const labels = q.type === 'reply' ? q.people.map((p) => p.label).sort() : [];
      expect(labels).toEqual(['Joni Park (Legal)', 'Joni Sherman (Legal)']);
    },
  );

  it('asks back a capitalised first name nothing makes a person, with no one found beside it', async () => {
    expect(await readTwo('how often Joni Copilot')).toMatchObject({ reply: 'rephrase', notUnderstood: ['joni'] });
  });
});

describe('a capitalised name after "the" is a thing’s, no one’s', () => {
  it.each([
    ['prompts by the Night Shift', ['night', 'shift']],
    ['did the Avengers use Copilot', ['avengers']],
  ])('%s', async (question, words) => {
    expect(await queryOf(question)).toMatchObject({ reply: 'rephrase', notUnderstood: words });
  });
});

describe('a word beside a name of the directory keeps its spelling', () => {
  // "trent" is a step from "trend": corrected, "trent wilke" became Nestor Wilke's profile.
  it.each([
    ['how active is trent wilke', 'trent wilke'],
    ['prompts by trent wilke', 'trent wilke'],
    ['prompts by joni trent', 'joni trent'],
    ['how active is nestor trent', 'nestor trent'],
  ])('%s', async (question, text) => {
    expect(await queryOf(question)).toMatchObject({ type: 'reply', reply: 'nobody', text });
  });
});

describe('a team noun after a word of the question is no department nobody has', () => {
  it.each([
    // A filler word, a number, an app.
    ['how many prompts did the whole team send', { measure: 'prompts' }],
    ['prompts from the entire team', { measure: 'prompts' }],
    ['top 5 team prompts', { measure: 'prompts', limit: 5 }],
    ['prompts by the Teams team', { measure: 'prompts', filters: { apps: ['teams'] } }],
  ])('%s', async (question, expected) => {
    expect(await queryOf(question)).toMatchObject({ type: 'measure', ...expected });
  });

  it.each([
    ['prompts in the Marketeers team', 'Marketeers', 'prompts in the Marketing team'],
    ['prompts in the Salesforce team', 'Salesforce', 'prompts in the Sales team'],
    ['prompts in the Legl team', 'Legl', 'prompts in the Legal team'],
  ])('%s: the nearest departments first, as questions', async (question, text, first) => {
    const q = await queryOf(question);
    expect(q).toMatchObject({ reply: 'unknown_department', text });
    expect(q.type === 'reply' && q.suggestions[0]).toBe(first);
    expect(q.type === 'reply' && q.suggestions).toHaveLength(6);
  });
});

describe('a word the reader knows after a group word is read as itself, never as a department nobody has', () => {
  it.each([
    ['how many people in Teams', { apps: ['teams'], departments: [] }],
    ['how many users from Outlook', { apps: ['outlook'], departments: [] }],
    ['how many people in Finance', { apps: [], departments: ['Finance'] }],
    ['Teams folks prompts', { apps: ['teams'], departments: [] }],
  ])('%s', async (question, filters) => {
    expect(await queryOf(question)).toMatchObject({ type: 'measure', filters });
  });
});
