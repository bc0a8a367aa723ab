import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { COPILOT_APPS } from '../../server/core/appCatalog';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * Honesty rules the fifth blind set broke, each as the rule it is rather than the question that showed it: a full
 * name the directory lacks is "No one called …" while typing by mistake is never a name; a word after "is" is a
 * person only if it reads as a name; a change request that starts with "mark" is declined, not read as Mark; what a
 * ticket or a report request wraps around a question is left out, unless it names what the answer is about; two
 * things compared that one filter covers are asked about; counted sites are not answered as references; a share of
 * the active users is not adoption; and "per licensed user" is a ratio over licence holders, or said to be impossible.
 */

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('reading the fifth blind set’s phrasings', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'blind-set-5',
      {
        t1: [
          ['u1', 'Alex Wilber', 'Sales'],
          ['u2', 'Mark Mensah', 'Sales'],
          ['u3', 'Lina Olsen', 'Finance'],
          ['u4', 'Ryan Weber', 'Marketing'],
          ['u5', 'Omar Zimmermann', 'IT'],
        ],
      },
      NOW,
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  test.each([
    ['grady archie prompts by app last 90 days', 'grady archie'],
    ['INC0012345: pls confirm whether lee gu has a copilot license and has used it', 'lee gu'],
    ['what did henrietta mueller ask last week', 'henrietta mueller'],
  ])('"%s" says no one is called "%s"', async (question, name) => {
    const reply = await replyOf(deps, question);
    expect(reply.reply).toBe('nobody');
    expect(reply.text).toBe(name);
  });

  test.each([
    ['blorp zzkt prompts by app last 90 days', ['blorp', 'zzkt']],
    ['asdf qwer usage', ['asdf', 'qwer']],
    // "missing" is read (missing data); the reporting verb is not read past: the report may hold a filter.
    ['alex wilber says his history is missing', ['says']],
    // A pronoun is no one's name, near as it may be to one ("him" is a typo away from "Zim…"); with nobody named
    // before it in the message it stands for no one (contextClauses.test.ts: with someone named, it is that person).
    ['ticket: the user says his history is missing, any activity for him?', ['says', 'him']],
  ])('"%s" is asked back with the words not understood, never as a name', async (question, words) => {
    const reply = await replyOf(deps, question);
    expect(reply.reply).toBe('rephrase');
    for (const w of words) expect(reply.notUnderstood).toContain(w);
  });

  test('"mark … as false positive" is declined as a change; Mark Mensah is still a person', async () => {
    expect((await replyOf(deps, 'mark all findings from last week as false positive')).reply).toBe('change');
    expect((await replyOf(deps, 'close all open findings')).reply).toBe('change');
    expect(await queryOf(deps, "Mark Mensah's prompts last week")).toMatchObject({
      type: 'list',
      list: 'prompts',
      person: { name: 'Mark Mensah' },
    });
  });

  test('a report request or a ticket around a question is left out; a lead-in naming a department is read', async () => {
    expect(
      await queryOf(deps, 'I need numbers for the exec deck: how many people actually used Copilot in November?'),
    ).toMatchObject({ type: 'measure', measure: 'active_users', period: { label: 'November 2026' } });
    expect(
      await queryOf(
        deps,
        'Need a breakdown of Copilot sessions per week for the last 6 weeks for my report to the CIO',
      ),
    ).toMatchObject({ type: 'measure', measure: 'sessions', by: ['week'] });
    // The requester's department is who asks, not what is asked about.
    expect(await queryOf(deps, 'Requester: Finance ops. Request: top users this week')).toMatchObject({
      type: 'measure',
      by: ['user'],
      filters: { departments: [] },
    });
    expect(await queryOf(deps, 'Sales numbers please: top users this week')).toMatchObject({
      type: 'measure',
      by: ['user'],
      filters: { departments: ['Sales'] },
    });
  });

  test('"leave out", month abbreviations and "highest first" are read, not asked about', async () => {
    expect(await queryOf(deps, 'active users by app, leave out Teams')).toMatchObject({
      measure: 'active_users',
      by: ['app'],
      filters: { apps: [], exclude: { apps: ['teams'] } },
    });
    expect(await queryOf(deps, 'teams vs outlook prompts, nov')).toMatchObject({
      compare: 'values',
      period: { label: 'November 2026' },
    });
    expect(await queryOf(deps, 'active users per department for October, highest first')).toMatchObject({
      measure: 'active_users',
      by: ['department'],
    });
  });

  test('OneDrive vs SharePoint is asked about and the most sites per department counts distinct sites, neither answered as references', async () => {
    expect((await replyOf(deps, 'OneDrive vs SharePoint references this month')).notUnderstood).toContain(
      'onedrive vs sharepoint',
    );
    // Sites reached per department are distinct sites counted (distinctSources.test.ts), not references.
    expect(await queryOf(deps, 'which departments reach the most SharePoint sites')).toMatchObject({
      measure: 'references',
      by: ['department'],
      distinct: 'sites',
    });
    // Sites themselves are still ranked.
    expect(await queryOf(deps, 'which SharePoint sites does Copilot pull from the most this month')).toMatchObject({
      measure: 'references',
      by: ['site'],
    });
  });

  test('a share of the active users divides them between rows; licences against users is adoption', async () => {
    expect(await queryOf(deps, 'share of active users by department last month')).toMatchObject({
      measure: 'active_users',
      by: ['department'],
      share: true,
    });
    expect(await queryOf(deps, 'what percentage of licensed users are active')).toMatchObject({ measure: 'adoption' });
    expect(await queryOf(deps, 'licensed seats vs people actually using it')).toMatchObject({ measure: 'adoption' });
  });

  test('"per licensed user" is a ratio over licence holders or asked about; "per user per week" is per active user', async () => {
    const q = await queryOf(deps, 'prompts per licensed user by department');
    expect(q).toMatchObject({ measure: 'prompts', by: ['department'], perPerson: true, perLicensed: true });
    expect((await replyOf(deps, 'active users per licensed user')).notUnderstood).toContain('per licensed user');
    expect(await queryOf(deps, 'avg prompts per user per week')).toMatchObject({
      measure: 'prompts',
      by: ['week'],
      perPerson: true,
    });
  });
});

describe('answers the fifth blind set asked for', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = engineDeps(h);
  }, 120_000);
  afterAll(() => h.close());

  test('prompts per licensed user: each row is its prompts over its licence holders, the holders counted in the store', async () => {
    const { store } = h.testStore;
    const per = await ask(deps, 'prompts per licensed user last 30 days');
    const plain = await ask(deps, 'prompts last 30 days');
    const holders = await store.directoryUsers.countDocuments({ tenantId: h.ctx.tenantId });
    const row = per.rows[0]!;
    expect(row.total).toBe(plain.rows[0]!.value);
    // Holders whose history could not be read are left out of the denominator (said in the answer).
    expect(Number(row.people)).toBeLessThanOrEqual(holders);
    expect(Number(row.people)).toBeGreaterThan(0);
    expect(row.value).toBe(Math.round((Number(row.total) / Number(row.people)) * 10) / 10);
    expect(per.interpretation).toMatch(/^Prompts per licensed user/);
    const byDepartment = await ask(deps, 'prompts per licensed user by department last 30 days');
    const counts = await ask(deps, 'prompts by department last 30 days');
    const prompts = new Map((await allRows(deps, counts)).map((r) => [r.department, r.value]));
    for (const r of await allRows(deps, byDepartment)) {
      expect(r.total).toBe(prompts.get(r.department) ?? 0);
      if (!String(r.department).startsWith('Other')) {
        const inDepartment = await store.directoryUsers.countDocuments({
          tenantId: h.ctx.tenantId,
          department: String(r.department),
        });
        expect(Number(r.people)).toBeLessThanOrEqual(inDepartment);
        expect(Number(r.people)).toBeGreaterThanOrEqual(inDepartment - 1);
      }
    }
  });

  test('the Copilot app with the fewest users is ranked among the catalogue’s apps, unused ones at 0', async () => {
    const answer = await ask(deps, 'which copilot app has the fewest users yesterday');
    const rows = await allRows(deps, answer);
    expect(rows.map((r) => r.app).sort()).toEqual(COPILOT_APPS.map((a) => a.displayName).sort());
    expect(rows.some((r) => r.value === 0)).toBe(true);
    const values = rows.map((r) => Number(r.value));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(answer.interpretation).toContain("the catalogue's Copilot apps");
  });

  test('a share of the active users by department adds up to the whole', async () => {
    const parsed = await understand(deps, 'share of active users by department last month');
    expect(parsed).toMatchObject({ type: 'query', query: { measure: 'active_users', share: true } });
    const answer = await ask(deps, 'share of active users by department last month');
    expect(answer.kind).toBe('table');
    const rows = await allRows(deps, answer);
    const total = rows.reduce((s, r) => s + Number(r.value), 0);
    for (const r of rows) expect(r.share).toBe(Math.round((Number(r.value) / total) * 1000) / 10);
  });
});
