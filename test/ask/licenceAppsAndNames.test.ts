import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * Two honesty rules the fourth blind set broke. An app asked of licence holders ("how many licensed users use
 * Excel") is applied — the holders who used it in the period — never dropped, checked against the stored per-day
 * activity. A name the directory lacks is not spell-corrected into a keyword beside it ("Megan" is not "mean"),
 * while typos of keywords and apps elsewhere are still corrected.
 */

describe('licence holders asked with an app', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = engineDeps(h);
  }, 120_000);
  afterAll(() => h.close());

  /** The names of licence holders with activity in `app` on a day of [from, to), read from the raw aggregates. */
  async function holdersWhoUsed(app: string, from?: Date, to?: Date): Promise<string[]> {
    const { store } = h.testStore;
    const licensed = await store.directoryUsers.find({ tenantId: h.ctx.tenantId }).toArray();
    const days = await store.dailyUserActivity.find({ tenantId: h.ctx.tenantId }).toArray();
    const inRange = (day: string) =>
      (!from || Date.parse(`${day}T00:00:00Z`) >= from.getTime()) &&
      (!to || Date.parse(`${day}T00:00:00Z`) < to.getTime());
    const used = new Set(days.filter((d) => inRange(d.day) && (d.appCounts?.[app] ?? 0) > 0).map((d) => d.userId));
    return licensed
      .filter((u) => used.has(u.userId))
      .map((u) => (u.displayName ?? u.userPrincipalName ?? u.userId).trim())
      .sort();
  }

  test.each([
    ['how many licensed users use Excel', 'excel'],
    ['licensed users in Word', 'word'],
    ['how many people with a licence used Teams this month', 'teams'],
  ])('"%s" counts only the holders who used the app', async (question, app) => {
    const parsed = await understand(deps, question);
    if (parsed.type !== 'query' || parsed.query.type !== 'measure')
      throw new Error(`read as ${JSON.stringify(parsed)}`);
    const { period } = parsed.query;
    const answer = await ask(deps, question);
    const expected = await holdersWhoUsed(
      app,
      period.all ? undefined : period.from,
      period.all ? undefined : period.to,
    );
    const everyone = await h.testStore.store.directoryUsers.countDocuments({ tenantId: h.ctx.tenantId });
    expect(expected.length).toBeLessThan(everyone);
    expect((await allRows(deps, answer)).map((r) => r.user).sort()).toEqual(expected);
    expect(answer.summary).toMatch(new RegExp(`^${expected.length} (person|people) hold a Copilot license and used `));
    expect(answer.interpretation).toMatch(/Licensed Copilot users · (Excel|Word|Teams)/);
  });
});

describe('names the directory lacks', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'names-lacking',
      {
        t1: [
          ['u1', 'Alex Wilber', 'Marketing'],
          ['u2', 'Nestor Bowen', 'Sales'],
        ],
      },
      new Date('2026-11-20T12:00:00.000Z'),
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  test.each([
    ['how active is Megan', 'megan'],
    ["Megan's usage this week", 'megan'],
    ['how active is megan bowen', 'megan bowen'],
  ])('"%s" says no one is called "%s", not an average', async (question, name) => {
    const reply = await replyOf(deps, question);
    expect(reply.reply).toBe('nobody');
    expect(reply.text).toBe(name);
  });

  test('typos of keywords and apps are still corrected, beside a known name too', async () => {
    const list = await queryOf(deps, 'alex wilber promts last week');
    expect(list).toMatchObject({ type: 'list', list: 'prompts', person: { name: 'Alex Wilber' } });
    const ranked = await queryOf(deps, 'top users in Exel');
    expect(ranked).toMatchObject({ type: 'measure', by: ['user'], filters: { apps: ['excel'] } });
    const mean = await queryOf(deps, 'mean prompts per user this week');
    expect(mean).toMatchObject({ type: 'measure', measure: 'prompts', perPerson: true });
  });
});

describe('a surname two people share, made plural', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'shared-surnames',
      {
        t1: [
          ['u1', 'Nathan Haddad', 'Sales'],
          ['u2', 'Angela Haddad', 'Finance'],
          ['u3', 'Irvin Sayers', 'Sales'],
        ],
      },
      new Date('2026-11-20T12:00:00.000Z'),
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  test.each(['compare the two haddads', 'prompts of both Haddads last month', "the Haddads' usage this week"])(
    '"%s" is both people who bear it, by name',
    async (question) => {
      const q = await queryOf(deps, question);
      expect(q.type === 'measure' && q.filters.people.map((p) => p.name).sort()).toEqual([
        'Angela Haddad',
        'Nathan Haddad',
      ]);
    },
  );

  test('a plural of a surname only one person bears is asked about, never read as that one person', async () => {
    const reply = await replyOf(deps, 'compare the two sayerses');
    expect(JSON.stringify(reply)).toContain('sayerses');
    expect(JSON.stringify(reply)).not.toContain('Irvin Sayers');
  });
});
