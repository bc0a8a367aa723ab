import type { EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Questions an unseen set found answered as another: "list licensed users with no activity, with their departments"
 * (counts per department, not the people); "is <person> still using Copilot? last activity and how many prompts in the
 * last 30 days" (the last activity dropped); "who tried Copilot once and never came back" (asked back on "back").
 * Figures are recomputed from the stored interactions and the directory.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 240_000);
afterAll(() => h?.close());

it('"… with their departments" beside a list of people is a column of it, not a count per department', async () => {
  const users = new Set(truth.rows.map((r) => r.userId));
  const idle = truth.licensed.filter((l) => !users.has(l.userId));
  expect(idle.length).toBeGreaterThan(1);
  for (const question of [
    'list licensed users with no activity, with their departments',
    'licensed users who never used copilot and their department',
    'which licence holders have not used copilot, show department',
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'licensed_inactive', by: [] });
    expect(new Set(rows.map((r) => `${String(r.user)}|${String(r.department)}`))).toEqual(
      new Set(idle.map((l) => `${l.name}|${l.department}`)),
    );
  }
  // "by department" is still a breakdown, and so is a count with "department" in it.
  const { q } = await askedQuery(deps, 'list licensed users with no activity by department');
  expect(q).toMatchObject({ by: ['department'] });
});

it("a count asked beside a person's last use answers both: the count, then when they were last active", async () => {
  const counts = new Map<string, number>();
  for (const r of truth.rows) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  const [userId] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const name = truth.names.get(userId)!;
  const mine = truth.rows.filter((r) => r.userId === userId);
  const last = mine.reduce((a, r) => (r.at > a ? r.at : a), new Date(0));
  const since = new Date('2026-10-22T00:00:00Z');
  const prompts = mine.filter((r) => r.prompt && r.at >= since).length;
  for (const question of [
    `is ${name} still using copilot? last activity and how many prompts in the last 30 days`,
    `when did ${name} last use Copilot, and how many prompts were sent by ${name} in the last 30 days`,
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', filters: { people: [{ userId }] } });
    expect(rows[0]).toMatchObject({ value: prompts });
    expect(a.interpretation).toContain(`second question answered after the first: "when did ${name} last use Copilot"`);
    expect(a.summary).toContain(`last active ${last.toISOString().slice(0, 10)}`);
  }
});

it('"who tried Copilot twice and never came back" is everyone with that many prompts in all their synced history', async () => {
  const prompts = new Map<string, number>();
  for (const r of truth.rows) if (r.prompt) prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
  const fewest = Math.min(...prompts.values());
  const those = [...prompts].filter(([, n]) => n === fewest).map(([id]) => truth.names.get(id)!);
  // The fewest prompts anyone sent, written as people write it: "once", "twice", "3 times".
  const times = ({ 1: 'once', 2: 'twice' } as Record<number, string>)[fewest] ?? `${fewest} times`;
  for (const question of [
    `who tried copilot ${times} and never came back`,
    `users who tried copilot only ${times} and haven't been back since`,
    `people who used it ${times} and never again`,
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', by: ['user'], having: { op: 'eq', value: fewest } });
    expect(q.type === 'measure' && q.period.label).toBe('all synced history');
    expect(new Set(rows.map((r) => String(r.user)))).toEqual(new Set(those));
  }
  // "Only 2 times" is a count of uses as "twice" is, over the period asked.
  const { q } = await askedQuery(deps, 'users who used copilot only 2 times last month');
  expect(q).toMatchObject({ by: ['user'], having: { op: 'eq', value: 2 }, period: { label: 'last month' } });
});
