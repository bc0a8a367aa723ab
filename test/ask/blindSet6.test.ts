import { answerQuery, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { syncFactsOf } from '../../server/core/insights/syncFacts';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * Honesty rules the sixth blind set broke, each as the rule it is: a period named in words is the period, never the
 * default; a constraint the answer cannot apply is asked about, never dropped or guessed at ("and for sales?" with no
 * question before it, one SharePoint site named like a department); words of grammar, a
 * thing after "the" and a file's name are nobody's name; an alternative ("passwords or secrets") is not narrowed to
 * one of its parts; money is said to be unknown, with what can be counted instead. The figures of the answered
 * phrasings are checked against the stored interactions by the corpus (`blind6` entries marked `fig`).
 */

const NOW = new Date('2026-12-03T17:00:00.000Z'); // a Thursday

describe('reading the sixth blind set’s phrasings', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'blind-set-6',
      {
        t1: [
          ['u1', 'Chris Diaz', 'IT'],
          ['u2', 'Hassan Wright', 'IT'],
          ['u3', 'Nathan Haddad', 'Finance'],
          ['u4', 'Rosa Olsen', 'Sales'],
          ['u5', 'Angela Haddad', 'Engineering'],
        ],
      },
      NOW,
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  const periodOf = async (question: string) => {
    const q = await queryOf(deps, question);
    if (q.type !== 'measure') throw new Error(`not a measure: ${JSON.stringify(q)}`);
    return { from: q.period.from.toISOString().slice(0, 10), to: q.period.to.toISOString().slice(0, 10) };
  };

  test.each([
    ['prompts the week before last', '2026-11-16', '2026-11-23'],
    ['active users in the first half of November', '2026-11-01', '2026-11-16'],
    ['active users in the second half of October', '2026-10-16', '2026-11-01'],
    ['users per week for the last 3 full weeks', '2026-11-09', '2026-11-30'],
    ['prompts since begin of November', '2026-11-01', '2026-12-04'],
    ['prompts the month before last', '2026-10-01', '2026-11-01'],
  ])('"%s" is the period it names (%s to %s), not the default', async (question, from, to) => {
    expect(await periodOf(question)).toEqual({ from, to });
  });

  test('"hasn\'t used it in a month" is no use in the last 30 days, not a grouping by month', async () => {
    expect(await queryOf(deps, 'who in sales hasnt used it in a mth')).toMatchObject({
      measure: 'licensed_inactive',
      by: [],
      filters: { departments: ['Sales'] },
      period: { label: 'last 30 days' },
    });
  });

  test('a dimension between the bars of a pasted header groups by it; "apps by people" counts the people', async () => {
    expect(await queryOf(deps, 'Prompts | Department | Last month')).toMatchObject({
      measure: 'prompts',
      by: ['department'],
    });
    expect(await queryOf(deps, 'top 3 apps by ppl this mth')).toMatchObject({
      measure: 'active_users',
      by: ['app'],
      limit: 3,
    });
    expect(await queryOf(deps, 'Top 10 users by number of sessions in Teams and Outlook combined')).toMatchObject({
      measure: 'sessions',
      by: ['user'],
      filters: { apps: ['teams', 'outlook'] },
      limit: 10,
    });
  });

  test('people compared by "more apps" are compared by their apps (agents), not their interactions', async () => {
    expect(await queryOf(deps, 'is Chris Diaz using more apps than Hassan Wright?')).toMatchObject({
      measure: 'agents',
      by: ['user'],
      compare: 'values',
    });
  });

  test('licences beside how many use them is adoption; licence holders at zero prompts are the idle ones', async () => {
    expect(
      await queryOf(deps, 'how many Copilot licences do we have in total and how many are actually used'),
    ).toMatchObject({ measure: 'adoption' });
    expect(await queryOf(deps, 'which licence holders are still stuck at zero prompts')).toMatchObject({
      measure: 'licensed_inactive',
    });
    expect(await queryOf(deps, 'pct of licensed users active this wk')).toMatchObject({ measure: 'adoption' });
  });

  test('"passwords or secrets" is every credential finding, while "passwords" alone narrows to them', async () => {
    expect(await queryOf(deps, 'has anyone pasted passwords or secrets into Copilot')).toMatchObject({
      type: 'findings',
      categories: ['credential'],
      kinds: [],
    });
    expect(await queryOf(deps, 'any passwords pasted into Copilot')).toMatchObject({
      type: 'findings',
      kinds: ['password'],
    });
  });

  test('money is said to be unknown, with licence figures offered instead', async () => {
    const reply = await replyOf(deps, 'how much are we spending on copilot licences');
    expect(reply).toMatchObject({ reply: 'scope', text: 'prices' });
    expect(reply.suggestions.join(' ')).toMatch(/licen[cs]ed users|adoption/i);
    // Per person, what a price would be divided by is known: the period's active users and licence holders.
    expect(await queryOf(deps, 'what is our cost per active user')).toMatchObject({
      measure: 'adoption',
      priced: true,
    });
  });

  // Asked back, not answered without what cannot be applied, and never a name: words of grammar, a thing after "the"
  // and a file's name are nobody's.
  test.each([
    ['and for sales?', 'and for … (a follow-up: ask the whole question)'],
    ['same but last month', 'same but … (a follow-up: ask the whole question)'],
    ['now just the top 3', 'now just … (a follow-up: ask the whole question)'],
  ])('"%s" is asked back ("%s"), not answered without it nor read as a name', async (question, word) => {
    const reply = await replyOf(deps, question);
    expect(reply.reply).toBe('rephrase');
    expect(reply.notUnderstood).toContain(word);
  });

  // A file or site this tenant has no source of is said to be none's (namedSources.test.ts answers the ones it has).
  test.each([
    ['which users accessed files on the Finance SharePoint site last month', 'Finance site'],
    ['how often was Coho Winery Budget.xlsx used by copilot', 'Coho Winery Budget.xlsx'],
    ['who opened the Fourth Coffee Playbook through copilot', 'Fourth Coffee Playbook'],
  ])('"%s" is said to name no data source or site ("%s"), never a person', async (question, name) => {
    expect(await replyOf(deps, question)).toMatchObject({ reply: 'no_source', text: name });
  });

  test("someone else's OneDrive is OneDrive files used by someone other than their owner", async () => {
    expect(await queryOf(deps, "has Copilot surfaced files from someone else's OneDrive")).toMatchObject({
      measure: 'references',
      filters: { host: 'onedrive', owner: 'others', sourceKind: 'file' },
    });
  });

  test('people named in full are still people beside those rules', async () => {
    expect(await queryOf(deps, 'compare Rosa Olsen and Angela Haddad prompts the week before last')).toMatchObject({
      filters: { people: [{ name: 'Rosa Olsen' }, { name: 'Angela Haddad' }] },
      period: { label: 'the week before last' },
    });
  });
});

describe('answers the sixth blind set asked for', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, seed: 7 });
    deps = engineDeps(h);
  }, 120_000);
  afterAll(() => h.close());

  test('a period compared against that starts before the synced history says its figure begins there', async () => {
    const first = await syncFactsOf(deps).firstSyncedDay();
    expect(first).not.toBeNull();
    const day = (n: number) => new Date(Date.parse(`${first}T00:00:00Z`) + n * 86_400_000);
    const query = (from: number): MeasureQuery => ({
      type: 'measure',
      measure: 'prompts',
      by: [],
      filters: { apps: [], departments: [], people: [] },
      period: { from: day(14), to: day(21), label: 'a week' },
      order: 'desc',
      compare: 'previous',
      against: { from: day(from), to: day(from + 7), label: 'a week before' },
    });
    const partly = await answerQuery(deps, query(-3), 'prompts vs a week reaching before the history');
    expect(partly.summary).toContain(`The synced history starts on ${first}`);
    const inside = await answerQuery(deps, query(7), 'prompts vs the week before');
    expect(inside.summary).not.toContain('The synced history starts');
  });
});
