import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps, queryOf } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * "Least active users", "bottom 5 users by prompts", "who used Copilot the least": licence holders with no activity in
 * the period are the least of all, ranked with 0 and said, never left out; figures against the stored interactions
 * and licences.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const october = [new Date(Date.UTC(2026, 9, 1)), new Date(Date.UTC(2026, 10, 1))] as const;
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h?.close());

/** Each licence holder's prompts in October, 0 for those without any. */
const holdersPrompts = () => {
  const counts = new Map(truth.licensed.map((u) => [u.name, 0]));
  for (const r of truth.rows.filter((x) => x.prompt && x.at >= october[0] && x.at < october[1])) {
    const name = truth.names.get(r.userId)!;
    if (counts.has(name)) counts.set(name, counts.get(name)! + 1);
  }
  return counts;
};

test.each([
  'least active users in October',
  'bottom 5 users by prompts in October',
  'who used Copilot the least in October?',
  'lightest Copilot users in October',
  'fewest prompts by user in October',
  'lowest 3 users by prompts, October',
])('"%s": licence holders with no prompts come first, with 0, and it is said', async (text) => {
  const q = await queryOf(deps, text);
  expect(q).toMatchObject({ type: 'measure', by: ['user'], order: 'asc' });
  const answer = await ask(deps, text);
  const counts = holdersPrompts();
  const idle = [...counts].filter(([, n]) => n === 0).map(([name]) => name);
  expect(idle.length).toBeGreaterThan(0);
  const rows = await allRows(deps, answer);
  const values = rows.map((r) => Number(r.value));
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(values[0]).toBe(0);
  // Every row shown with 0 is a licence holder who sent no prompt in October.
  for (const r of rows.filter((x) => Number(x.value) === 0)) expect(idle).toContain(r.user);
  expect(answer.summary).toContain(`Licence holders with no prompts in the period count as 0 and are ranked as the least (${idle.length}).`); // prettier-ignore
  expect(answer.summary).not.toContain('are not listed');
  // The rows shown all 0 are the least, not a period without prompts.
  expect(answer.summary).not.toMatch(/^No prompts/);
});

test('a ranking from the top, or of apps, adds no one', async () => {
  for (const text of ['top 5 users by prompts in October', 'bottom 2 apps by prompts in October']) {
    const answer = await ask(deps, text);
    expect(answer.rows.filter((r) => r.user !== undefined && Number(r.value) === 0)).toEqual([]);
    expect(answer.summary).not.toContain('count as 0');
  }
});
