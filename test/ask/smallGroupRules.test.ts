import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { BatchWriter } from '../../server/core/sync/batchWriter';
import { createSilentLogger } from '../../server/logger';
import { buildUser, promptsBatch } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';
import { directoryRecord } from './directoryEngine';

/**
 * The minimum group size at its bounds, on records written by hand (no sync): a department with fewer licence
 * holders than the minimum is never shown alone, narrowed to or left out (whole minus the rest), one at the minimum
 * is, and the merged row is withheld until it reaches the minimum itself. Ten licence holders: Sales 6 (one of them
 * stored as " Sales "), Legal 2, HR 1, one without a department; this week's prompts: Sales 3 + 2 (one in Teams) + 1,
 * Legal 4, HR 1, the one without 1.
 */

const tenantId = 'tenant-small-groups';
const NOW = new Date('2026-11-05T12:00:00.000Z');
const SMALL = 'Other (small groups)';
const SINCE = 'The synced history starts on 2026-11-03, so the figures begin there.';
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const TEAMS = 'IPM.SkypeTeams.Message.Copilot.Teams';
/** Each licence holder: id, department, prompts this week (app classes). */
const HOLDERS: Array<[string, string | null, string[]]> = [
  ['sales-1', 'Sales', [WORD, WORD, WORD]],
  ['sales-2', 'Sales', [WORD, TEAMS]],
  ['sales-3', 'Sales', []],
  ['sales-4', 'Sales', []],
  ['sales-5', 'Sales', []],
  // The same department as another spelling would store it: counted in Sales, never a row of its own.
  ['sales-6', ' Sales ', [WORD]],
  ['legal-1', 'Legal', [WORD, WORD, WORD, WORD]],
  ['legal-2', 'Legal', []],
  ['hr-1', 'HR', [WORD]],
  ['nobody-1', null, [WORD]],
];
let t: TestStore;
let deps: EngineDeps;

beforeAll(async () => {
  t = await openTestStore('smallgrouprules');
  await t.store.directoryUsers.insertMany(
    HOLDERS.map(([userId, department]) => directoryRecord(tenantId, [userId, userId, department], NOW)) as never[],
  );
  const writer = new BatchWriter(t.store, createSilentLogger());
  for (const [id, department, apps] of HOLDERS) {
    if (!apps.length) continue;
    const prompts = apps.map((appClass, i) => ({ appClass, createdDateTime: `2026-11-03T0${i + 1}:00:00.000Z` }));
    await writer.write(promptsBatch(tenantId, `batch-${id}`, buildUser({ id, displayName: id, department }), prompts, NOW)); // prettier-ignore
  }
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(() => t.close());

/** Each row's department and figure, by department name. */
const byDepartment = (rows: Array<Record<string, unknown>>) =>
  rows.map((r) => [r.department, r.value]).sort(([a], [b]) => String(a).localeCompare(String(b)));
/** The one figure of an answer that has no grouping. */
const total = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.value);

describe('grouped by department', () => {
  it('shows a department at the minimum alone and withholds the merged row while it holds fewer', async () => {
    const answer = await ask(deps, 'prompts by department this week');
    expect(byDepartment(answer.rows)).toEqual([['Sales', 6]]);
    expect(answer.summary).toContain(
      `"${SMALL}" (departments with fewer than 5 licensed users) is withheld: even merged it has fewer.`,
    );
  });

  it('shows the merged row once it holds the minimum, and says what it merges', async () => {
    const answer = await ask({ ...deps, minGroupSize: 4 }, 'prompts by department this week');
    expect(byDepartment(answer.rows)).toEqual([
      [SMALL, 6],
      ['Sales', 6],
    ]);
    expect(answer.summary).toContain(`Departments with fewer than 4 licensed users are merged into "${SMALL}".`);
  });

  it('merges every department when none reaches the minimum', async () => {
    const answer = await ask({ ...deps, minGroupSize: 7 }, 'prompts by department this week');
    expect(byDepartment(answer.rows)).toEqual([[SMALL, 12]]);
  });
});

describe('with no row merged', () => {
  it('says nothing of merging, grouped by department or narrowed to one', async () => {
    const cases = [
      ['prompts by department in Sales this week', 'Highest: Sales with 6 prompts.'],
      ['prompts in Sales this week', 'Prompts: 6.'],
    ] as const;
    for (const [question, summary] of cases) {
      const answer = await ask(deps, question);
      expect({ question, summary: answer.summary }).toEqual({ question, summary: `${summary} ${SINCE}` });
    }
  });
});

describe('narrowed to a department', () => {
  it('answers for a department at the minimum', async () => {
    const answer = await ask(deps, 'prompts in Sales this week');
    expect(answer.kind).not.toBe('not_available');
    expect(total(answer.rows)).toEqual([6]);
  });

  it('refuses one under it, in the singular, and says where its figures are', async () => {
    const answer = await ask(deps, 'prompts in Legal this week');
    expect([answer.kind, answer.columns, answer.rows]).toEqual(['not_available', [], []]);
    expect(answer.summary).toBe(
      `Legal has fewer than 5 licensed users, so its figures are shown only within "${SMALL}", as in the tab's department view; ask per person, or by department.`,
    );
  });

  it('refuses two under it, in the plural, naming both', async () => {
    const answer = await ask(deps, 'prompts in Legal and HR this week');
    expect([answer.kind, answer.columns, answer.rows]).toEqual(['not_available', [], []]);
    expect(answer.summary).toBe(
      `Legal, HR have fewer than 5 licensed users, so their figures are shown only within "${SMALL}", as in the tab's department view; ask per person, or by department.`,
    );
  });

  it('still ranks the people of a small department, whose rows are per person', async () => {
    const answer = await ask(deps, 'top users in Legal this week');
    expect(answer.rows.map((r) => [r.user, r.value])).toEqual([['legal-1', 4]]);
  });

  it('still answers by agent in a small department, whose rows are a person in an app', async () => {
    const answer = await ask(deps, 'prompts by agent in Legal this week');
    expect(answer.kind).not.toBe('not_available');
    expect(total(answer.rows)).toEqual([4]);
  });
});

describe('leaving a department out', () => {
  it('answers without a department at the minimum: the whole less its figure', async () => {
    const answer = await ask(deps, 'prompts this week excluding Sales');
    expect(answer.kind).not.toBe('not_available');
    expect(total(answer.rows)).toEqual([6]);
    // Sales sent 6 of the 12 too: in Word (Sales 5, the rest 6) the two sides differ.
    expect(total((await ask(deps, 'prompts in Word this week excluding Sales')).rows)).toEqual([6]);
  });

  it('refuses to leave one under it out, which would show its figure by difference, in the singular', async () => {
    const answer = await ask(deps, 'prompts this week excluding Legal');
    expect([answer.kind, answer.columns, answer.rows]).toEqual(['not_available', [], []]);
    expect(answer.summary).toBe(
      `Legal has fewer than 5 licensed users: leaving it out would show it by difference from the whole. Ask by department, where small departments are counted within "${SMALL}".`,
    );
  });

  it('refuses to leave two out, in the plural', async () => {
    const answer = await ask(deps, 'prompts this week excluding Legal and HR');
    expect([answer.kind, answer.columns, answer.rows]).toEqual(['not_available', [], []]);
    expect(answer.summary).toBe(
      `Legal, HR have fewer than 5 licensed users: leaving them out would show them by difference from the whole. Ask by department, where small departments are counted within "${SMALL}".`,
    );
  });
});

describe('leaving an app out', () => {
  it('counts every app, with no app named, when nothing is left out (the control)', async () => {
    const answer = await ask(deps, 'prompts this week');
    expect(total(answer.rows)).toEqual([12]);
    expect(answer.interpretation).toMatch(/^Prompts · this week/);
    expect(answer.filters.map((f) => f.label)).not.toContain('App');
  });

  it('counts every other app the tenant used', async () => {
    const answer = await ask(deps, 'prompts this week not in Teams');
    expect(total(answer.rows)).toEqual([11]);
  });

  it('counts the named apps less the one left out', async () => {
    const answer = await ask(deps, 'prompts in Word and Teams this week excluding Teams');
    expect(total(answer.rows)).toEqual([11]);
  });

  it('says nothing is left when every app used is left out', async () => {
    const answer = await ask(deps, 'prompts this week excluding Word and Teams');
    expect([answer.kind, answer.columns, answer.rows]).toEqual(['not_available', [], []]);
    expect(answer.summary).toBe('Nothing is left once those apps are excluded: no other app has Copilot activity.');
  });
});

/**
 * The departments HOLDERS gives with no prompt in an app this week, as the rule shows them: each department of at least
 * `min` holders by name, the rest as one merged row (at zero only if none of them used it, withheld under `min`).
 */
function emptyDepartments(appClass: string, min: number): Array<[string, number]> {
  const holders = new Map<string, { n: number; used: boolean }>();
  for (const [, department, apps] of HOLDERS) {
    const name = department?.trim() ?? '';
    const d = holders.get(name) ?? { n: 0, used: false };
    holders.set(name, { n: d.n + 1, used: d.used || apps.includes(appClass) });
  }
  const alone = [...holders].filter(([name, d]) => name && d.n >= min);
  const small = [...holders].filter(([name, d]) => !name || d.n < min);
  const merged = small.reduce((s, [, d]) => s + d.n, 0);
  const rows: Array<[string, number]> = alone.filter(([, d]) => !d.used).map(([name]) => [name, 0]);
  if (merged >= min && small.every(([, d]) => !d.used)) rows.push([SMALL, 0]);
  return rows.sort(([a], [b]) => a.localeCompare(b));
}

/** Each question answered at each minimum group size gives the departments emptyDepartments gives for Teams. */
async function expectEmptyDepartments(questions: string[], minimums: number[]): Promise<void> {
  for (const min of minimums)
    for (const question of questions) {
      const answer = await ask({ ...deps, minGroupSize: min }, question);
      expect({ question, min, rows: byDepartment(answer.rows) }).toEqual({
        question,
        min,
        rows: emptyDepartments(TEAMS, min),
      });
    }
}

describe('departments with no use', () => {
  it('lists the departments without any user, the small ones only merged', async () => {
    const questions = [
      'Which departments have no Copilot users in Teams this week?',
      'departments with zero active users in Teams this week',
      'which depts has nobody used Teams in this week',
      'which departments had no Teams activity this week',
      'departments with zero Teams usage this week',
    ];
    await expectEmptyDepartments(questions, [2, 4, 5]);
    // Legal (2 holders) is a row of its own at a minimum of 2, never under it.
    expect(emptyDepartments(TEAMS, 2)).toContainEqual(['Legal', 0]);
    expect(emptyDepartments(TEAMS, 4)).toEqual([[SMALL, 0]]);
  });

  it('reads "didn\'t use" and one department asked among them as the departments without any user', async () => {
    const questions = [
      "which teams didn't use Teams this week",
      'which departments did not use Teams this week',
      "which departments haven't used Teams yet this week",
      'any department where nobody used Teams this week',
      'is there a department with no Teams activity this week?',
    ];
    await expectEmptyDepartments(questions, [2, 4]);
    const merged = await ask({ ...deps, minGroupSize: 4 }, questions[0]!);
    expect(merged.summary).toContain(`Departments with fewer than 4 licensed users are merged into "${SMALL}".`);
  });

  it('says so when every department had some use', async () => {
    const answer = await ask({ ...deps, minGroupSize: 2 }, 'which departments have no active users this week');
    expect(emptyDepartments(WORD, 2)).toEqual([]);
    expect([answer.rows, answer.summary.startsWith('None in this period')]).toEqual([[], true]);
  });
});
