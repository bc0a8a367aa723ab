import type * as W from '../../server/api/contracts';
import { loadConfig } from '../../server/config';
import { SMALL_GROUPS } from '../../server/core/insights/departmentTypes';
import { adoptionTruth, refusedIds, type DepartmentTruth } from '../support/adoptionTruth';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';
import { call, parseCsv } from './apiClient';

const DAY = 86_400_000;
const FROM = '2026-10-21';
const TO = '2026-11-21'; // exclusive: the 31 UTC days up to the reference day
const PREVIOUS = { from: Date.parse('2026-09-20T00:00:00Z'), to: Date.parse(`${FROM}T00:00:00Z`) };

interface Expected extends DepartmentTruth {
  previousActive: number;
  previousPrompts: number;
}

/**
 * Per department (null: none), recomputed from the simulator's own users and interactions: readable licensed users,
 * those the export API refuses beside, and the readable ones' activity over the range and the previous period.
 */
function expectedByDepartment(h: AppHarness): Map<string | null, Expected> {
  const now = adoptionTruth(h.graph.tenant, Date.parse(`${FROM}T00:00:00Z`), TEST_REFERENCE_TIME.getTime() + DAY);
  const before = adoptionTruth(h.graph.tenant, PREVIOUS.from, PREVIOUS.to);
  return new Map(
    [...now].map(([d, e]) => [
      d,
      { ...e, previousActive: before.get(d)?.active ?? 0, previousPrompts: before.get(d)?.prompts ?? 0 },
    ]),
  );
}

describe('the department view API', () => {
  let h: AppHarness;
  let admin: string;
  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 40, seed: 7 });
    admin = await h.tokens.admin();
  });
  afterAll(async () => h.close());

  it("counts readable licensed users, the active among them and their prompts per department as the tenant's own history says, the unreadable beside", async () => {
    const answer = await get<W.DepartmentAdoption>(`/api/departments?from=${FROM}&to=${TO}`);
    expect(answer.status).toBe(200);
    const min = h.config.MIN_GROUP_SIZE;
    expect(answer.body.minGroupSize).toBe(5);
    expect(answer.body.previousRange).toEqual({
      from: new Date(PREVIOUS.from).toISOString(),
      to: new Date(PREVIOUS.to).toISOString(),
    });
    const expected = expectedByDepartment(h);
    const big = [...expected].filter(([, e]) => e.licensed >= min);
    const small = [...expected].filter(([, e]) => e.licensed < min);
    expect(big.length).toBeGreaterThan(0);
    const shown = answer.body.items.filter((r) => r.kind !== 'small_groups');
    expect(shown.map((r) => r.department).sort()).toEqual(big.map(([d]) => d).sort());
    for (const row of shown) {
      const e = expected.get(row.department)!;
      expect(row).toMatchObject({
        licensedUsers: e.licensed,
        unreadableUsers: e.unreadable,
        activeUsers: e.active,
        prompts: e.prompts,
        activePercent: Math.round((e.active / e.licensed) * 1000) / 10,
        promptsPerActiveUser: e.active ? Math.round((e.prompts / e.active) * 10) / 10 : null,
        previous: { activeUsers: e.previousActive, prompts: e.previousPrompts },
      });
    }
    expect(answer.body.unreadableUsers).toBe(refusedIds(h.graph.tenant).size);
    const other = answer.body.items.find((r) => r.kind === 'small_groups');
    if (small.length === 0) expect(other).toBeUndefined();
    else expect(other).toMatchObject({ department: SMALL_GROUPS, departments: small.length });
  });

  it('never shows a department smaller than MIN_GROUP_SIZE on its own, in JSON, CSV or its own page', async () => {
    const strict = await startAppHarness({ userCount: 40, seed: 7, env: { MIN_GROUP_SIZE: '1000' } });
    try {
      const token = await strict.tokens.admin();
      const list = await call<W.DepartmentAdoption>(strict.baseUrl, '/api/departments', { token });
      expect(list.status).toBe(200);
      // Every department is below 1000: one merged row whose figures are withheld (it is under 1000 too).
      expect(list.body.items).toEqual([
        expect.objectContaining({ department: SMALL_GROUPS, kind: 'small_groups', licensedUsers: null, prompts: null }),
      ]);
      const csv = parseCsv((await call(strict.baseUrl, '/api/departments?format=csv', { token })).text);
      expect(csv.slice(1).map((r) => r[0])).toEqual([SMALL_GROUPS]);
      const department = strict.graph.tenant.users.find((u) => u.licensed && u.graph.department)!.graph.department!;
      const page = await call<W.ApiError>(strict.baseUrl, `/api/departments/${encodeURIComponent(department)}`, {
        token,
      });
      expect(page.status).toBe(403);
      expect(page.body.error.code).toBe('group_too_small');
    } finally {
      await strict.close();
    }
  });

  it("answers a department's page with its apps, top users and every day of the range", async () => {
    const expected = expectedByDepartment(h);
    const [name, e] = [...expected]
      .filter(([d, x]) => d !== null && x.licensed >= 5)
      .sort((a, b) => b[1].prompts - a[1].prompts)[0]!;
    const answer = await get<W.DepartmentDetail>(
      `/api/departments/${encodeURIComponent(name!.toUpperCase())}?from=${FROM}&to=${TO}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.department).toBe(name);
    expect(answer.body.figures).toMatchObject({ licensedUsers: e.licensed, activeUsers: e.active, prompts: e.prompts });
    expect(answer.body.unreadableUsers).toBe(e.unreadable);
    expect(answer.body.previous).toMatchObject({ activeUsers: e.previousActive, prompts: e.previousPrompts });
    expect(answer.body.daily).toHaveLength(31);
    expect(answer.body.daily.reduce((n, d) => n + d.prompts, 0)).toBe(e.prompts);
    expect(answer.body.apps.reduce((n, a) => n + a.prompts, 0)).toBe(e.prompts);
    const members = new Set(h.graph.tenant.users.filter((u) => u.graph.department === name).map((u) => u.graph.id));
    expect(answer.body.topUsers.length).toBeGreaterThan(0);
    for (const u of answer.body.topUsers) expect(members.has(u.userId)).toBe(true);
    const prompts = answer.body.topUsers.map((u) => u.prompts);
    expect(prompts).toEqual([...prompts].sort((a, b) => b - a));
  });

  it('refuses bad ranges and parameters with 400, unknown departments with 404 and non-admins with 403', async () => {
    for (const query of ['from=2026-11-10&to=2026-11-01', 'from=2024-01-01&to=2026-01-01', 'from=yesterday', 'x=1']) {
      const answer = await get<W.ApiError>(`/api/departments?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    expect((await get<W.ApiError>('/api/departments/Sales?from=2026-13-01')).status).toBe(400);
    const unknown = await get<W.ApiError>('/api/departments/No%20such%20department');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const nonAdmin = await h.tokens.nonAdmin();
    for (const path of ['/api/departments', '/api/departments/Sales', '/api/synced-window']) {
      const answer = await call<W.ApiError>(h.baseUrl, path, { token: nonAdmin });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
  });

  it('says where the synced history starts: the first full sync went BACKFILL_DAYS back', async () => {
    const answer = await get<W.SyncedWindow>('/api/synced-window');
    expect(answer.status).toBe(200);
    const since = Date.parse(answer.body.syncedSince!);
    expect(since).toBeLessThanOrEqual(TEST_REFERENCE_TIME.getTime() - h.config.BACKFILL_DAYS * DAY + 60_000);
    expect(since).toBeGreaterThan(TEST_REFERENCE_TIME.getTime() - (h.config.BACKFILL_DAYS + 2) * DAY);
  });

  it('validates MIN_GROUP_SIZE as a whole number of at least 1 (default 5)', () => {
    expect(loadConfig({}).MIN_GROUP_SIZE).toBe(5);
    expect(loadConfig({ MIN_GROUP_SIZE: '10' }).MIN_GROUP_SIZE).toBe(10);
    for (const bad of ['0', '-2', 'five', '2.5'])
      expect(() => loadConfig({ MIN_GROUP_SIZE: bad })).toThrow(/MIN_GROUP_SIZE/);
  });
});
