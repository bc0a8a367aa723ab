import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';

/**
 * The minimum group size (MIN_GROUP_SIZE) in the engine's department figures, as in the tab's department view:
 * a department with fewer readable licensed users is never shown alone — merged into "Other (small groups)" when
 * figures are grouped by department, refused when a figure is narrowed to it — while rows per person stay per person.
 * The truth is the simulator's own record of licences and refusals and the interactions stored, not the engine's reads.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
const from = new Date('2026-10-22T00:00:00.000Z');
const to = new Date('2026-11-21T00:00:00.000Z');
const MIN = 5;
const SMALL = 'Other (small groups)';
let h: AppHarness;
let deps: EngineDeps;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = { ...engineDeps(h), minGroupSize: MIN };
});
afterAll(async () => h.close());

/** Each department's readable licensed users, and every user's department (trimmed; null without one). */
async function directory() {
  const runs = await h.testStore.store.syncRuns.find({ tenantId: h.ctx.tenantId }).toArray();
  const refused = new Set(runs.flatMap((r) => r.errors.filter((e) => e.status === 403).map((e) => e.userId ?? '')));
  const licensed = new Map<string, number>();
  const departmentOf = new Map<string, string | null>();
  for (const u of h.graph.tenant.users) {
    const d = u.graph.department?.trim() || null;
    departmentOf.set(u.graph.id, d);
    if (u.licensed && !refused.has(u.graph.id) && d) licensed.set(d, (licensed.get(d) ?? 0) + 1);
  }
  const alone = [...licensed].filter(([, n]) => n >= MIN).map(([d]) => d);
  const small = [...licensed].filter(([, n]) => n < MIN).map(([d]) => d);
  return { alone, small, departmentOf };
}

/** Stored prompts in the last 30 days per department, the small ones (and people without one) merged. */
async function promptsByGroup(alone: string[], departmentOf: Map<string, string | null>) {
  const prompts = await h.testStore.store.interactions
    .find({ tenantId: h.ctx.tenantId, interactionType: 'userPrompt', createdAt: { $gte: from, $lt: to } })
    .project<{ userId: string }>({ _id: 0, userId: 1 })
    .toArray();
  const out = new Map<string, number>();
  for (const p of prompts) {
    const d = departmentOf.get(p.userId) ?? null;
    const key = d && alone.includes(d) ? d : SMALL;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

it('merges departments below the minimum group size into one row when figures are grouped by department', async () => {
  const { alone, small, departmentOf } = await directory();
  expect(alone.length).toBeGreaterThan(0);
  expect(small.length).toBeGreaterThan(0);
  const answer = await ask(deps, 'prompts by department in the last 30 days');
  expect(answer.interpretation).toMatch(/^Prompts by department · last 30 days/);
  const shown = new Map(answer.rows.map((r) => [String(r.department), Number(r.value)]));
  expect(shown).toEqual(await promptsByGroup(alone, departmentOf));
  for (const d of small) expect(shown.has(d)).toBe(false);
  expect(answer.summary).toContain(`Departments with fewer than ${MIN} licensed users are merged into "${SMALL}"`);
});

it('refuses a figure narrowed to a small department, as the tab refuses its page, and says where it is counted', async () => {
  const { small } = await directory();
  const answer = await ask(deps, `prompts in ${small[0]} last 30 days`);
  expect(answer.kind).toBe('not_available');
  expect(answer.rows).toEqual([]);
  expect(answer.summary).toContain(`${small[0]} has fewer than ${MIN} licensed users`);
  expect(answer.summary).toContain(SMALL);
});

it('still ranks the people of a small department, whose rows are per person', async () => {
  const { small } = await directory();
  const answer = await ask(deps, `top users in ${small[0]} last 30 days`);
  expect(answer.kind).toBe('table');
  expect(answer.interpretation).toMatch(new RegExp(`^Prompts by person · ${small[0]} \\(department\\)`));
  for (const r of answer.rows) expect(r.department).toBe(small[0]);
});

it('shows every department alone when the minimum group size allows it', async () => {
  const { small } = await directory();
  const answer = await ask({ ...deps, minGroupSize: 1 }, 'prompts by department in the last 30 days');
  const shown = answer.rows.map((r) => String(r.department));
  expect(shown.some((d) => small.includes(d))).toBe(true);
});

it('leaves a large department out of figures grouped by department, and refuses to leave a small one out', async () => {
  const { alone, small, departmentOf } = await directory();
  const left = alone[0]!;
  const answer = await ask(deps, `prompts by department in the last 30 days excluding ${left}`);
  expect(answer.interpretation).toMatch(new RegExp(`^Prompts by department · excluding ${left} · last 30 days`));
  expect(answer.filters).toContainEqual({ label: 'Excluded', value: left });
  const expected = await promptsByGroup(alone, departmentOf);
  expected.delete(left);
  expect(new Map(answer.rows.map((r) => [String(r.department), Number(r.value)]))).toEqual(expected);
  // The whole minus the rest would be the small department's own figure.
  const refused = await ask(deps, `prompts in the last 30 days excluding ${small[0]}`);
  expect(refused.kind).toBe('not_available');
  expect(refused.rows).toEqual([]);
  expect(refused.summary).toContain(`${small[0]} has fewer than ${MIN} licensed users: leaving it out`);
});
