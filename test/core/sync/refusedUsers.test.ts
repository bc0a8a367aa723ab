import { SyncRunner } from '../../../server/core/sync/syncRunner';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import { expectEvery } from '../../support/expectEvery';
import { withListings } from '../../support/gatewayListings';
import { actualAggregates, expectedFrom } from '../../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

const DAY = 24 * 60 * 60 * 1000;
const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const WORKERS = 2;

/** The real gateway, counting how many users' interaction listings are open at once. */
function countingListings(inner: GraphGateway): { gateway: GraphGateway; most: () => number } {
  let open = 0;
  let most = 0;
  const gateway = withListings(inner, async function* (real, userId, window, signal) {
    open += 1;
    most = Math.max(most, open);
    try {
      yield* real(userId, window, signal);
    } finally {
      open -= 1;
    }
  });
  return { gateway, most: () => most };
}

/**
 * A tenant where the export API refuses (403) more users than there are sync workers: if a refusal ended the
 * worker that met it instead of skipping the user, the workers would run out before the users do.
 */
describe('a sync with more refused users than workers', () => {
  let h: GraphHarness;
  let t: TestStore;
  beforeAll(async () => {
    // Seed 24 with 40 users has three licensed users whose Copilot plan is on but whom the export API refuses.
    h = await startGraphHarness({ seed: 24, userCount: 40, referenceTime: REFERENCE });
    t = await openTestStore('refused');
  });
  afterAll(async () => {
    await t.close();
    await h.close();
  });

  it('records and skips every refused user and still syncs every other user', async () => {
    const queried = h.tenant.users.filter(
      (u) => u.licensed && !u.graph.assignedLicenses.some((l) => l.disabledPlans.length > 0),
    );
    const refused = queried.filter((u) => !u.copilotEnabled).map((u) => u.graph.id);
    expect(refused.length).toBeGreaterThan(WORKERS);
    const now = new Date(REFERENCE.getTime() + 60_000);
    const listings = countingListings(h.gateway({ concurrency: WORKERS }));
    const runner = new SyncRunner({
      store: t.store,
      gateway: listings.gateway,
      logger: createSilentLogger(),
      now: () => now,
      settings: {
        tenantId: h.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 30,
        overlapMinutes: 15,
        concurrency: WORKERS,
      },
    });

    const progress: { pages: number; usersDone: number }[] = [];
    const run = await runner.run({
      mode: 'incremental',
      trigger: 'test',
      onProgress: (r) => progress.push({ pages: r.progress.pages, usersDone: r.progress.usersDone }),
    });

    expect(run.status).toBe('completed_with_errors');
    expect(run.errors.map((e) => e.userId).sort()).toEqual([...refused].sort());
    expect(run.errors.map((e) => e.status)).toEqual(refused.map(() => 403));
    expect(run.progress).toMatchObject({ usersTotal: queried.length, usersDone: queried.length });
    // As many users are read at once as there are workers, no more.
    expect(listings.most()).toBe(WORKERS);
    // Progress is told after every page and every user, counting up.
    expect(run.progress.pages).toBeGreaterThan(0);
    expect(progress).toHaveLength(run.progress.pages + queried.length);
    expect(progress.at(-1)).toEqual({ pages: run.progress.pages, usersDone: queried.length });
    const told = progress.map((p) => p.pages + p.usersDone);
    expectEvery(
      told.slice(1).map((sum, i) => sum - told[i]!),
      (step) => step === 1,
    );
    const rows = [...h.tenant.groundTruth({ after: new Date(now.getTime() - 30 * DAY), before: now })];
    // Users the simulator serves after the refused ones in the listing, whose data must all be there.
    expect(new Set(rows.map((r) => r.userId)).size).toBeGreaterThan(refused.length);
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(rows));
    const states = await t.store.syncState.find({ tenantId: h.tenant.tenantId }).toArray();
    expect(states.filter((s) => s.status === 'ok')).toHaveLength(queried.length - refused.length);
    expect(
      states
        .filter((s) => s.status === 'error')
        .map((s) => s.userId)
        .sort(),
    ).toEqual([...refused].sort());
  });
});
