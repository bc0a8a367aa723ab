import type * as W from '../../server/api/contracts';
import { hasCopilotChatPlan } from '../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';
import { call, parseCsv } from './apiClient';

type Page<T> = W.Page<T>;

describe('users whose history the export API refuses', () => {
  let h: AppHarness;
  let admin: string;
  let refused: string[];
  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });

  beforeAll(async () => {
    // Seed 6: two licences the export API refuses.
    h = await startAppHarness({ userCount: 30, seed: 6 });
    admin = await h.tokens.admin();
    // Licences that show the Copilot plan, yet the export API answers 403 for them (a licence just assigned).
    refused = h.graph.tenant.users
      .filter((u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]))
      .map((u) => u.graph.id)
      .sort();
  });
  afterAll(async () => h.close());

  it('are a state of their own: never among licensed users without activity, in JSON, CSV or the overview', async () => {
    expect(refused.length).toBeGreaterThan(0);
    const inactive = await get<Page<W.LicensedInactiveRow>>('/api/users/inactive?limit=200');
    expect(inactive.body.items.map((u) => u.userId)).not.toEqual(expect.arrayContaining([refused[0]]));
    const csv = parseCsv((await get('/api/users/inactive?format=csv')).text);
    const idColumn = csv[0]!.indexOf('User id');
    expect(csv.slice(1).map((r) => r[idColumn])).not.toEqual(expect.arrayContaining([refused[0]]));

    const unreadable = await get<Page<W.UserSyncErrorRow>>('/api/users/unreadable?limit=200');
    expect(unreadable.status).toBe(200);
    expect(unreadable.body.items.map((u) => u.userId).sort()).toEqual(refused);
    expect(unreadable.body.items[0]).toMatchObject({
      errorStatus: 403,
      lastReadAt: null,
      lastErrorAt: TEST_REFERENCE_TIME.toISOString(),
      hasActivity: false,
    });
    const unreadableCsv = parseCsv((await get('/api/users/unreadable?format=csv')).text);
    expect(unreadableCsv[0]).toEqual(expect.arrayContaining(['History', 'Graph status', 'What to do']));
    expect(unreadableCsv.length - 1).toBe(refused.length);
    expect(unreadableCsv[1]![unreadableCsv[0]!.indexOf('History')]).toBe('unreadable');

    const overview = await get<W.Overview>('/api/overview');
    expect(overview.body.licensedUnreadable).toBe(refused.length);
    expect(overview.body.licensedWithoutActivity).toBe(inactive.body.total);
  });

  it("are not among the licensed users who never used Copilot in the Ask answer (the bot's engine)", async () => {
    const response = await fetch(`${h.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ question: 'licensed users who never used copilot' }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { totalRows: number; rows: Array<Record<string, unknown>> };
    const inactive = await get<Page<W.LicensedInactiveRow>>('/api/users/inactive?limit=1');
    expect(answer.totalRows).toBe(inactive.body.total);
    const names = new Set(
      h.graph.tenant.users.filter((u) => refused.includes(u.graph.id)).map((u) => u.graph.displayName),
    );
    expect(answer.rows.filter((r) => names.has(String(r.user)))).toEqual([]);
  });

  it('are listed in the Sync view with what Graph said and what to do, and counted in the status', async () => {
    const errors = await get<Page<W.UserSyncErrorRow>>('/api/sync/user-errors');
    expect(errors.status).toBe(200);
    expect(errors.body.items.map((u) => u.userId).sort()).toEqual(refused);
    const [first] = errors.body.items;
    expect(first!.displayName).toBeTruthy();
    expect(first!.errorCode).toBe('Forbidden');
    expect(first!.errorMessage).toBeTruthy();
    expect(first!.advice).toMatch(/licence/);
    const status = await get<W.SyncStatus>('/api/sync/status');
    expect(status.body.usersWithErrors).toBe(refused.length);
    expect((await get('/api/sync/user-errors?bogus=1')).status).toBe(400);
  });

  it("shows the scheduler's next run in the sync status", async () => {
    expect((await get<W.SyncStatus>('/api/sync/status')).body.nextRunAt).toBeNull();
    const next = new Date(TEST_REFERENCE_TIME.getTime() + 3_600_000);
    h.ctx.syncControl.nextScheduledRun = () => Promise.resolve(next);
    try {
      expect((await get<W.SyncStatus>('/api/sync/status')).body.nextRunAt).toBe(next.toISOString());
    } finally {
      delete h.ctx.syncControl.nextScheduledRun;
    }
  });
});
