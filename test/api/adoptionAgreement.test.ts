import type * as W from '../../server/api/contracts';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { SMALL_GROUPS } from '../../server/core/insights/departmentTypes';
import { adoptionTruth, refusedIds } from '../support/adoptionTruth';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call } from './apiClient';

/**
 * One definition of adoption: the department view (GET /api/departments, a department's page) and Ask (POST /api/ask,
 * the bot's engine) give the same figures for the same departments and range, and a user whose history the export API
 * now refuses is counted in neither side — not licensed, not active — although their earlier interactions are stored.
 */
const FROM = Date.parse('2026-10-01T00:00:00Z');
const TO = Date.parse('2026-11-01T00:00:00Z'); // "last month" from the harness's reference day (2026-11-20)
const QUESTION = 'Copilot adoption by department last month';

let h: AppHarness;
let admin: string;
let department: string;
let refusedUser: string;
const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 7 });
  admin = await h.tokens.admin();
  const min = h.config.MIN_GROUP_SIZE;
  const truth = adoptionTruth(h.graph.tenant, FROM, TO);
  // A department that stays above the minimum group size with one reader fewer, and one of its users active last month.
  const active = new Set(
    [...h.graph.tenant.groundTruth({ after: new Date(FROM), before: new Date(TO) })].map((r) => r.userId),
  );
  const user = h.graph.tenant.users.find((u) => {
    const d = u.graph.department;
    return !!d && u.licensed && u.copilotEnabled && active.has(u.graph.id) && truth.get(d)!.licensed > min;
  })!;
  department = user.graph.department!;
  refusedUser = user.graph.id;
  // The export API now refuses them (their licence still shows the Copilot plan): the next sync records the 403.
  user.copilotEnabled = false;
  await h.sync('incremental');
}, 180_000);
afterAll(async () => h.close());

/** The tab's Ask box: POST /api/ask over HTTP. */
async function ask(question: string): Promise<AskAnswer> {
  const response = await fetch(`${h.baseUrl}/api/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AskAnswer;
}

it("leaves a refused user out of both sides of the department's share, though their interactions are stored", async () => {
  const stored = await h.testStore.store.interactions.countDocuments({
    tenantId: h.ctx.tenantId,
    userId: refusedUser,
    createdAt: { $gte: new Date(FROM), $lt: new Date(TO) },
  });
  expect(stored).toBeGreaterThan(0);
  const unreadable = await get<W.Page<W.UserSyncErrorRow>>('/api/sync/user-errors?limit=200');
  expect(unreadable.body.items.map((u) => u.userId)).toContain(refusedUser);

  const list = await get<W.DepartmentAdoption>(`/api/departments?from=2026-10-01&to=2026-11-01`);
  expect(list.status).toBe(200);
  const e = adoptionTruth(h.graph.tenant, FROM, TO).get(department)!;
  expect(refusedIds(h.graph.tenant).has(refusedUser)).toBe(true);
  const row = list.body.items.find((r) => r.department === department);
  expect(row).toMatchObject({
    licensedUsers: e.licensed,
    activeUsers: e.active,
    prompts: e.prompts,
    unreadableUsers: e.unreadable,
    activePercent: Math.round((e.active / e.licensed) * 1000) / 10,
  });
  expect(e.unreadable).toBeGreaterThanOrEqual(1);
  expect(list.body.unreadableUsers).toBe(refusedIds(h.graph.tenant).size);

  const page = await get<W.DepartmentDetail>(
    `/api/departments/${encodeURIComponent(department)}?from=2026-10-01&to=2026-11-01`,
  );
  expect(page.status).toBe(200);
  expect(page.body.figures).toEqual({
    licensedUsers: row!.licensedUsers,
    activeUsers: row!.activeUsers,
    activePercent: row!.activePercent,
    prompts: row!.prompts,
    promptsPerActiveUser: row!.promptsPerActiveUser,
  });
  expect(page.body.unreadableUsers).toBe(e.unreadable);
});

it('gives the same figures in Ask as in the department view, for every department and the merged small ones', async () => {
  const [list, answer] = await Promise.all([
    get<W.DepartmentAdoption>(`/api/departments?from=2026-10-01&to=2026-11-01`),
    ask(QUESTION),
  ]);
  expect(answer.interpretation).toMatch(/^Adoption \(share of licensed users active\) by department · last month/);
  expect(answer.totalRows).toBe(answer.rows.length);
  const fromApi = list.body.items.map((r) => [
    r.kind === 'small_groups'
      ? `${SMALL_GROUPS} (${r.departments} department${r.departments === 1 ? '' : 's'})`
      : (r.department ?? '(no department)'),
    r.licensedUsers,
    r.activeUsers,
    r.activePercent,
  ]);
  const fromAsk = answer.rows.map((r) => [r.department, r.licensed, r.active, r.value]);
  expect(fromAsk.sort()).toEqual(fromApi.sort());
  expect(fromAsk.find(([d]) => d === department)).toBeDefined();
  // Overall: the readable licensed users and the active among them, the refused said to be left out.
  const truth = [...adoptionTruth(h.graph.tenant, FROM, TO).values()];
  const licensed = truth.reduce((n, e) => n + e.licensed, 0);
  const active = truth.reduce((n, e) => n + e.active, 0);
  const refused = list.body.unreadableUsers;
  expect(refused).toBeGreaterThan(1);
  // The share is of the readable holders; every holder is said beside it.
  expect(answer.summary).toContain(`(${active} of ${licensed}; ${licensed + refused} hold a licence)`);
  expect(answer.summary).toContain(`${refused} licensed users whose history could not be read are not counted`);
});

it("gives the same share for one department asked by name as on the department's page", async () => {
  const answer = await ask(`adoption rate in ${department} last month`);
  const page = await get<W.DepartmentDetail>(
    `/api/departments/${encodeURIComponent(department)}?from=2026-10-01&to=2026-11-01`,
  );
  expect(answer.rows).toEqual([
    {
      measure: 'Adoption',
      licensed: page.body.figures.licensedUsers,
      active: page.body.figures.activeUsers,
      value: page.body.figures.activePercent,
    },
  ]);
});
