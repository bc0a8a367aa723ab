import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { AppError, GraphAuthError, GraphRequestError, MalformedGraphResponseError } from '../../../server/errors';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { createSilentLogger } from '../../../server/logger';
import { expectEvery } from '../../support/expectEvery';
import { withListings } from '../../support/gatewayListings';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * What one user's failure does to a sync run. A failure that concerns that user alone (Graph refuses them, a page
 * of theirs stays garbled) is recorded against them and the run goes on with everyone else; one that would fail
 * every user alike (the app's token refused, a 401, consent withdrawn, an error nobody expected) ends the run at
 * once, recorded once, instead of once per user. The real gateway over the simulator, with the first user's listing
 * made to fail: that failure is the point.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);

/** The real gateway, whose first interaction listing fails with `error`; records the listings asked for. */
function firstListingFails(inner: GraphGateway, error: Error) {
  const listed: string[] = [];
  const gateway = withListings(inner, async function* (real, userId, window, signal) {
    listed.push(userId);
    if (listed.length === 1) throw error;
    yield* real(userId, window, signal);
  });
  return { gateway, listed };
}

describe("a user's failure during a sync", () => {
  let h: GraphHarness;
  let t: TestStore;
  let enabled: number;
  beforeAll(async () => {
    h = await startGraphHarness({ seed: 7, userCount: 8, referenceTime: REFERENCE });
    // The users the sync asks Graph about (licensed, chat plan on); in this tenant Graph refuses none of them.
    const queried = h.tenant.users.filter(
      (u) => u.licensed && !u.graph.assignedLicenses.some((l) => l.disabledPlans.length > 0),
    );
    expectEvery(queried, (u) => u.copilotEnabled);
    enabled = queried.length;
  });
  afterAll(async () => h.close());
  beforeEach(async () => {
    t = await openTestStore('userfail');
  });
  afterEach(async () => t.close());

  const runOn = (gateway: GraphGateway, signal?: AbortSignal, concurrency = 1) =>
    new SyncRunner({
      store: t.store,
      gateway,
      logger: createSilentLogger(),
      now: () => NOW,
      // One worker: the run's order is the listing's, and nothing else is in flight when the failure comes.
      settings: {
        tenantId: h.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 30,
        overlapMinutes: 15,
        concurrency,
      },
    }).run({ mode: 'incremental', trigger: 'test', signal });

  async function syncWith(error: Error) {
    const failing = firstListingFails(h.gateway(), error);
    const run = await runOn(failing.gateway);
    return { run, failed: failing.listed[0]!, listed: failing.listed };
  }

  it.each([
    ['Graph refusing the user (403 Forbidden)', new GraphRequestError({ status: 403, graphCode: 'Forbidden', message: 'Forbidden' }), 403, 'Forbidden'], // prettier-ignore
    ['a page that stays garbled', new MalformedGraphResponseError('The page is not JSON.'), null, 'graph_response_malformed'], // prettier-ignore
  ])('records %s against that user and syncs every other user', async (_, error, status, code) => {
    const { run, failed, listed } = await syncWith(error);
    expect(run.status).toBe('completed_with_errors');
    expect(run.errors).toEqual([
      { userId: failed, userPrincipalName: expect.any(String), status, code, message: error.message, at: NOW },
    ]);
    expect(listed).toHaveLength(enabled);
    expect(run.progress).toMatchObject({ usersTotal: enabled, usersDone: enabled });
    const states = await t.store.syncState.find({ tenantId: h.tenant.tenantId }).toArray();
    expect(states.find((s) => s.userId === failed)).toMatchObject({ status: 'error', watermark: null, lastRunId: run.runId }); // prettier-ignore
    expect(states.filter((s) => s.status === 'ok')).toHaveLength(enabled - 1);
    expect(await t.store.interactions.countDocuments({ tenantId: h.tenant.tenantId })).toBeGreaterThan(0);
  });

  it.each([
    ["the app's token refused by Entra", new GraphAuthError('AADSTS7000222: the secret expired.', 7000222), 'graph_auth_failed'], // prettier-ignore
    ['a 401 from Graph', new GraphRequestError({ status: 401, graphCode: 'InvalidAuthenticationToken', message: 'Access token has expired.' }), 'InvalidAuthenticationToken'], // prettier-ignore
    ['consent withdrawn (403 Authorization_RequestDenied)', new GraphRequestError({ status: 403, graphCode: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }), 'Authorization_RequestDenied'], // prettier-ignore
    ['an error nobody expected', new TypeError('Cannot read properties of undefined'), 'internal_error'],
  ])('ends the run at %s, recorded once, without reading another user', async (_, error, code) => {
    const { run, listed } = await syncWith(error);
    expect(run.status).toBe('failed');
    expect(run.message).toBe(error.message);
    expect(run.errorCount).toBe(1);
    expect(run.errors).toEqual([expect.objectContaining({ userId: null, code, message: error.message })]);
    expect(listed).toHaveLength(1);
    expect(await t.store.syncState.countDocuments({ tenantId: h.tenant.tenantId })).toBe(0);
  });
  it('stops every worker at a failure that ends the run: no listing starts after it, none runs on past the end', async () => {
    const listed: string[] = [];
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      listed.push(userId);
      if (listed.length === 1) throw new GraphAuthError('AADSTS7000222: the secret expired.', 7000222);
      // The other workers' users are still being read when the first one fails.
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield* real(userId, window, signal);
    });
    const run = await runOn(gateway, undefined, 3);
    expect(run.status).toBe('failed');
    expect(run.errorCount).toBe(1);
    const atEnd = listed.length;
    expect(enabled).toBeGreaterThan(3);
    // The three workers' first users, and nobody after them.
    expect(atEnd).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listed).toHaveLength(atEnd);
  });
  it('ends the run as failed when a batch cannot be written, and moves no watermark', async () => {
    // Every user's pages are read before the write fails: only the users' completions can tell of it.
    let ended = 0;
    let allRead!: () => void;
    const read = new Promise<void>((resolve) => (allRead = resolve));
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      try {
        yield* real(userId, window, signal);
      } finally {
        ended += 1;
        if (ended === enabled) allRead();
      }
    });
    const write = jest.spyOn(BatchWriter.prototype, 'write').mockImplementation(async () => {
      await read;
      // A turn of the event loop later: the last user's completion, which follows their listing's end, is taken first.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('not primary');
    });
    try {
      const run = await runOn(gateway);
      expect(write).toHaveBeenCalled();
      expect(run.status).toBe('failed');
      expect(run.message).toBe('not primary');
      expect(await t.store.syncState.countDocuments({ tenantId: h.tenant.tenantId, status: 'ok' })).toBe(0);
      expect(await t.store.interactions.countDocuments({ tenantId: h.tenant.tenantId })).toBe(0);
    } finally {
      write.mockRestore();
    }
  });
  it('stops between users when the server shuts down: interrupted, nobody recorded as failed, what was read kept', async () => {
    const stop = new AbortController();
    const listed: string[] = [];
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      listed.push(userId);
      // The server shuts down as the second user's listing starts, with the reason its scheduler gives.
      if (listed.length === 2) stop.abort(new AppError('sync_stopped', 'The server is shutting down.', 503));
      yield* real(userId, window, signal);
    });
    const run = await runOn(gateway, stop.signal);
    expect(run.status).toBe('interrupted');
    expect(run.errors).toEqual([]);
    expect(listed).toHaveLength(2);
    // The first user is stored and their watermark moved; the second is left to the next run, not marked failed.
    const states = await t.store.syncState.find({ tenantId: h.tenant.tenantId }).toArray();
    expect(states.map((s) => [s.userId, s.status])).toEqual([[listed[0], 'ok']]);
    expect(await t.store.interactions.countDocuments({ tenantId: h.tenant.tenantId })).toBe(run.counts.interactionsFetched); // prettier-ignore
  });
});
