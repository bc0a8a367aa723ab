import type { EngineDeps } from '../../server/core/ask/engine';
import type { InteractionDoc, UserDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * A department's figure beside the whole's or the rest's ("Engineering prompts vs the rest of the company", "Marketing
 * adoption vs the company average"): the same measure and period on each side, the rest computed without the named
 * department (never the whole again), and a department under the minimum group size withheld with the reason.
 * Figures are recomputed from the stored interactions and directory.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];
let users: UserDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
  users = await h.testStore.store.users.find({ tenantId: h.ctx.tenantId }).toArray();
}, 240_000);
afterAll(() => h?.close());

const PERIODS = {
  'this month': [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-21T00:00:00Z')],
  'last week': [new Date('2026-11-09T00:00:00Z'), new Date('2026-11-16T00:00:00Z')],
} as const;

/** Prompts and active users of the people `keep` holds, in the period. */
function figures(keep: (department: string | null) => boolean, [from, to]: readonly [Date, Date]) {
  const members = new Set(users.filter((u) => keep(u.department?.trim() || null)).map((u) => u.userId));
  const within = stored.filter((i) => members.has(i.userId) && i.createdAt >= from && i.createdAt < to);
  return {
    prompts: within.filter((i) => i.interactionType === 'userPrompt').length,
    active_users: new Set(within.map((i) => i.userId)).size,
  };
}

describe('a department beside the rest of the company', () => {
  it.each([
    ['Engineering prompts vs the rest of the company this month', 'prompts', 'this month'],
    ['how does Engineering compare to everyone else in prompts this month', 'prompts', 'this month'],
    ['active users in Engineering versus all other departments last week', 'active_users', 'last week'],
  ] as const)('"%s" is its figure and everyone else\'s', async (question, measure, period) => {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure, versus: 'rest', filters: { departments: ['Engineering'] } });
    const mine = figures((d) => d === 'Engineering', PERIODS[period])[measure];
    const rest = figures((d) => d !== 'Engineering', PERIODS[period])[measure];
    const whole = figures(() => true, PERIODS[period])[measure];
    expect(rows.map((r) => [r.group, r.value])).toEqual([
      ['Engineering', mine],
      ['the rest of the company', rest],
    ]);
    // The rest is computed without Engineering, not the whole again.
    expect([mine > 0, rest < whole]).toEqual([true, true]);
    expect(a.interpretation).toContain('Engineering vs the rest of the company');
  });
});

describe('a department beside the whole', () => {
  it.each([
    ['Engineering prompts compared with the whole company this month', 'prompts'],
    ['is Engineering above or below the average department in active users this month?', 'active_users'],
    ['Engineering active users vs the company this month', 'active_users'],
  ] as const)('"%s" is its figure and the whole tenant\'s', async (question, measure) => {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure, versus: 'whole', filters: { departments: ['Engineering'] } });
    const mine = figures((d) => d === 'Engineering', PERIODS['this month'])[measure];
    const whole = figures(() => true, PERIODS['this month'])[measure];
    expect(rows.map((r) => [r.group, r.value])).toEqual([
      ['Engineering', mine],
      ['all departments', whole],
    ]);
    expect(a.interpretation).toMatch(/^[^·]+ · Engineering vs all departments · this month/);
  });

  it('"Marketing adoption vs company average" is the adoption of each, as asked of each alone', async () => {
    const { q, a, rows } = await askedQuery(deps, 'Marketing adoption vs company average this month');
    expect(q).toMatchObject({ measure: 'adoption', versus: 'whole', filters: { departments: ['Marketing'] } });
    expect(a.interpretation).toMatch(/^Adoption[^·]* · Marketing vs all departments · this month/);
    const alone = await askedQuery(deps, 'adoption in Marketing by department this month');
    const everyone = await askedQuery(deps, 'what is our adoption rate this month');
    expect(everyone.q).toMatchObject({ measure: 'adoption', by: [], filters: { departments: [] } });
    const marketing = alone.rows.find((r) => r.department === 'Marketing')!;
    expect(rows.map((r) => [r.group, r.value])).toEqual([
      ['Marketing', marketing.value],
      ['all departments', everyone.rows[0]!.value],
    ]);
  });

  it('asks back adoption or licences beside "the rest": those answers read every holder, so the rest would be the whole', async () => {
    for (const question of [
      'Marketing adoption vs the rest of the company',
      'Engineering licensed users vs everyone else',
    ]) {
      const { a } = await askedQuery(deps, question);
      expect(a.kind).toBe('not_understood');
      expect(a.rows).toEqual([]);
    }
  });

  it('withholds a department under the minimum group size, with the reason', async () => {
    const sales = users.filter((u) => u.department?.trim() === 'Sales').length;
    expect(sales).toBeLessThan(5);
    for (const question of ['Sales prompts vs the company this month', 'Sales vs the rest of the company this month']) {
      const { q, a } = await askedQuery(deps, question);
      expect(q).toMatchObject({ versus: expect.any(String), filters: { departments: ['Sales'] } });
      expect([a.rows, a.summary]).toEqual([[], expect.stringMatching(/Sales.*fewer than 5/)]);
    }
  });
});

describe('a person beside the rest of their department', () => {
  /** The member of `department` with the most prompts this month, by display name. */
  function busiest(department: string) {
    const [from, to] = PERIODS['this month'];
    const members = users.filter((u) => u.department?.trim() === department);
    const prompts = (u: UserDoc) =>
      stored.filter((i) => i.userId === u.userId && i.interactionType === 'userPrompt' && i.createdAt >= from && i.createdAt < to).length; // prettier-ignore
    return [...members].sort((a, b) => prompts(b) - prompts(a))[0]!;
  }

  it.each([
    ['how does {name} compare to the rest of his department this month?', 'interactions'],
    ["{name}'s prompts vs the rest of her team this month", 'prompts'],
    ['{name} sessions compared with the others in their department this month', 'sessions'],
  ] as const)('"%s" is their figure and their department\'s others\'', async (template, measure) => {
    const person = busiest('Engineering');
    const question = template.replace('{name}', person.displayName!);
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure, versus: 'department_rest', filters: { people: [{ userId: person.userId }] } });
    const [from, to] = PERIODS['this month'];
    const within = stored.filter((i) => i.createdAt >= from && i.createdAt < to);
    const figure = (ids: Set<string>) => {
      const theirs = within.filter((i) => ids.has(i.userId));
      if (measure === 'interactions') return theirs.length;
      return measure === 'prompts'
        ? theirs.filter((i) => i.interactionType === 'userPrompt').length
        : new Set(theirs.map((i) => i.sessionId)).size;
    };
    const others = users.filter((u) => u.department?.trim() === 'Engineering' && u.userId !== person.userId);
    const mine = figure(new Set([person.userId]));
    expect(mine).toBeGreaterThan(0);
    expect(rows.map((r) => [r.group, r.value])).toEqual([
      [person.displayName, mine],
      ['the rest of Engineering', figure(new Set(others.map((u) => u.userId)))],
    ]);
    expect(a.interpretation).toContain(`${person.displayName} vs the rest of their department`);
  });

  it('withholds the comparison for a person in a department under the minimum group size', async () => {
    const person = busiest('Sales');
    const { q, a } = await askedQuery(deps, `how does ${person.displayName} compare to the rest of his department this month`); // prettier-ignore
    expect(q).toMatchObject({ versus: 'department_rest' });
    expect([a.rows, a.summary]).toEqual([[], expect.stringMatching(/Sales.*fewer than 5/)]);
  });
});
