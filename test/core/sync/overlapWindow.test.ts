import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import { expectEvery } from '../../support/expectEvery';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const OVERLAP_MINUTES = 15;

/**
 * Graph can record an interaction after a sync has read past its time. The next incremental sync re-reads
 * SYNC_OVERLAP_MINUTES before each user's watermark: what Graph records late inside that window is caught, what
 * lies before it is not read at all (that is what the overlap costs nothing for).
 */
describe('the incremental overlap window', () => {
  let h: GraphHarness;
  let t: TestStore;
  beforeAll(async () => {
    h = await startGraphHarness({ seed: 7, userCount: 12, referenceTime: REFERENCE });
    t = await openTestStore('overlap');
  });
  afterAll(async () => {
    await t.close();
    await h.close();
  });

  it(`catches interactions Graph records late within ${OVERLAP_MINUTES} minutes before the watermark, and reads nothing earlier`, async () => {
    let clock = new Date(REFERENCE.getTime() + MINUTE);
    const runner = new SyncRunner({
      store: t.store,
      gateway: h.gateway(),
      logger: createSilentLogger(),
      now: () => clock,
      settings: {
        tenantId: h.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 30,
        overlapMinutes: OVERLAP_MINUTES,
        concurrency: 2,
      },
    });
    await runner.run({ mode: 'incremental', trigger: 'test' });
    const watermark = clock;
    const user = h.tenant.users.find((u) => u.licensed && u.copilotEnabled && u.active)!;
    const state = await t.store.syncState.findOne({ tenantId: h.tenant.tenantId, userId: user.graph.id });
    expect(state?.watermark).toEqual(watermark);

    // Recorded by Graph only now, with times before the watermark: one session 25 minutes before it (outside the
    // window), one 10 minutes before it (inside).
    const late = [
      ...h.tenant.addActivity({ userId: user.graph.id, at: new Date(watermark.getTime() - 25 * MINUTE), sessions: 1 }),
      ...h.tenant.addActivity({ userId: user.graph.id, at: new Date(watermark.getTime() - 10 * MINUTE), sessions: 1 }),
    ];
    const windowStart = watermark.getTime() - OVERLAP_MINUTES * MINUTE;
    const inside = late.filter((i) => Date.parse(i.createdDateTime) > windowStart).map((i) => i.id);
    const outside = late.filter((i) => Date.parse(i.createdDateTime) < windowStart).map((i) => i.id);
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    expectEvery(late, (i) => Date.parse(i.createdDateTime) < watermark.getTime());

    clock = new Date(watermark.getTime() + 5 * MINUTE);
    const run = await runner.run({ mode: 'incremental', trigger: 'test' });

    const stored = new Set(
      (await t.store.interactions.find({ tenantId: h.tenant.tenantId, userId: user.graph.id }).toArray()).map(
        (i) => i.graphId,
      ),
    );
    expect(inside.filter((id) => !stored.has(id))).toEqual([]);
    expect(outside.filter((id) => stored.has(id))).toEqual([]);
    expect(run.counts.interactionsNew).toBe(inside.length);
    // Nothing else was new: the rest of the 30-day window was not read again.
    const everything = [...h.tenant.groundTruth({ after: new Date(clock.getTime() - 30 * DAY), before: clock })];
    expect(run.counts.interactionsFetched).toBeLessThan(everything.length / 10);
  });
});
