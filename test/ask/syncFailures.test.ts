import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { syncErrorAdvice } from '../../server/core/insights/userSyncErrors';
import { SyncRunner } from '../../server/core/sync/syncRunner';
import { GraphRequestError, MalformedGraphResponseError } from '../../server/errors';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import { createSilentLogger } from '../../server/logger';
import { withListings } from '../support/gatewayListings';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';

/**
 * "Which users failed to sync?" answered from what a real sync recorded: the simulated tenant synced through the real
 * gateway and SyncRunner, each user's interaction listing made to fail (or not) in a chosen way, into a store of its
 * own per case. The answer says how many users failed, lists them as the Sync view does with Graph's status and code,
 * and says what to do once per kind of error (test/ask/keywordNamesAndSyncErrors.test.ts asks it in admins' words).
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);
const QUESTION = 'which users failed to sync?';
const HISTORY = '/v1.0/copilot/users/u1/interactionHistory/getAllEnterpriseInteractions';
let h: GraphHarness;
const stores: TestStore[] = [];

beforeAll(async () => {
  // Listings never reach the simulator's history here: one interaction a user keeps the tenant quick to build.
  h = await startGraphHarness({ seed: 7, userCount: 70, referenceTime: REFERENCE, history: { avgInteractionsPerActiveUser: 1 } }); // prettier-ignore
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await h.close();
});

async function freshStore(): Promise<TestStore> {
  const t = await openTestStore(`syncfailures${stores.length}`);
  stores.push(t);
  return t;
}

/** A sync whose n-th listing fails with `failOf(n)` (none read anything else); the ids of the users that failed. */
async function syncedWith(failOf: (n: number) => Error | null): Promise<{ deps: EngineDeps; failed: string[] }> {
  const t = await freshStore();
  const failed: string[] = [];
  let n = 0;
  const gateway = withListings(h.gateway(), async function* (_real, userId) {
    const error = failOf(n++);
    if (error) {
      failed.push(userId);
      throw error;
    }
    // The others read no page: this answer is about who failed.
    yield* [];
  });
  await new SyncRunner({
    store: t.store,
    gateway,
    logger: createSilentLogger(),
    now: () => NOW,
    settings: { tenantId: h.tenant.tenantId, skuIds: [M365_COPILOT_SKU_ID], backfillDays: 30, overlapMinutes: 15, concurrency: 1 }, // prettier-ignore
  }).run({ mode: 'incremental', trigger: 'test' });
  return { deps: await fixedEngineDeps(t.store, h.tenant.tenantId, NOW), failed };
}

const forbidden = (message: string) => new GraphRequestError({ status: 403, graphCode: 'Forbidden', message });
const userOf = (id: string) => h.tenant.users.find((u) => u.graph.id === id)!.graph;

it('lists each user it could not read with the error as Graph gave it, and says what to do once per kind', async () => {
  const errors = [
    forbidden(`GET https://graph.microsoft.com${HISTORY}: Forbidden`),
    new GraphRequestError({ status: 404, graphCode: 'NotFound', message: `GET ${HISTORY}: user not found` }),
    forbidden('Forbidden'),
    new GraphRequestError({ status: 503, graphCode: '', message: 'Service unavailable' }),
    new MalformedGraphResponseError('The page is not JSON.'),
  ];
  const expectedError = ['403 Forbidden (Copilot export API)', '404 NotFound (Copilot export API)', '403 Forbidden', '503', 'graph_response_malformed']; // prettier-ignore
  const { deps, failed } = await syncedWith((n) => errors[n] ?? null);
  const answer = await ask(deps, QUESTION);
  const rows = failed
    .map((id, n) => {
      const u = userOf(id);
      return { user: u.displayName, upn: u.userPrincipalName, department: u.department, error: expectedError[n], at: NOW.toISOString() }; // prettier-ignore
    })
    .sort((a, b) => a.user!.localeCompare(b.user!));
  expect(answer.rows).toEqual(rows);
  // The Sync view's user-errors list, one advice per kind of error in the order of the rows.
  const advice = [...new Set(rows.map((r) => syncErrorAdvice(Number.parseInt(r.error!, 10) || null)))];
  expect(advice).toHaveLength(4);
  expect(answer.summary).toBe(
    [
      'The last sync completed with errors at 2026-11-20 12:01 UTC; it could not read the Copilot history of 5 users (below).',
      ...advice,
    ].join(' '),
  );
  expect(answer.columns.map((c) => [c.key, c.title, c.kind])).toEqual([
    ['user', 'User', 'text'],
    ['upn', 'User principal name', 'text'],
    ['department', 'Department', 'text'],
    ['error', 'Error', 'text'],
    ['at', 'Last failed', 'datetime'],
  ]);
});

it('says one user in the singular, by their sign-in name and a dash where the directory holds no name or department', async () => {
  // Graph leaves both out for some accounts (a service account, a user not yet set up): the simulator's, for this sync.
  const kept = h.tenant.users.map((u) => [u.graph.displayName, u.graph.department] as const);
  for (const u of h.tenant.users) Object.assign(u.graph, { displayName: undefined, department: undefined });
  const { deps, failed } = await syncedWith((n) => (n === 0 ? forbidden('Forbidden') : null)).finally(() =>
    h.tenant.users.forEach((u, i) => Object.assign(u.graph, { displayName: kept[i]![0], department: kept[i]![1] })),
  );
  const answer = await ask(deps, QUESTION);
  expect(answer.summary).toBe(
    `The last sync completed with errors at 2026-11-20 12:01 UTC; it could not read the Copilot history of 1 user (below). ${syncErrorAdvice(403)}`,
  );
  const upn = userOf(failed[0]!).userPrincipalName;
  expect(answer.rows).toEqual([{ user: upn, upn, department: '—', error: '403 Forbidden', at: NOW.toISOString() }]);
});

it('lists the first 50 of more and says where the rest are', async () => {
  const { deps, failed } = await syncedWith(() => forbidden('Forbidden'));
  expect(failed.length).toBeGreaterThan(50);
  const answer = await ask(deps, QUESTION);
  expect(answer.summary).toBe(
    `The last sync completed with errors at 2026-11-20 12:01 UTC; it could not read the Copilot history of ${failed.length} users (the first 50 below, all of them in the Sync view). ${syncErrorAdvice(403)}`,
  );
});

it('says a sync read everyone when no user failed, and that nothing was read before any sync', async () => {
  const { deps } = await syncedWith(() => null);
  expect((await ask(deps, QUESTION)).summary).toBe(
    "The last sync succeeded at 2026-11-20 12:01 UTC; it read every licensed user's Copilot history (no user errors).",
  );
  const unsynced = await fixedEngineDeps((await freshStore()).store, h.tenant.tenantId, NOW);
  const before = await ask(unsynced, QUESTION);
  expect(before.summary).toBe("No sync has run yet, so no user's Copilot history has been read.");
  expect(before.rows).toEqual([]);
});
