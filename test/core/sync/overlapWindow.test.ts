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
const BACKFILL_DAYS = 30;

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

  /** A runner over `store` whose clock is read from `clock()`, with a 30-day backfill window. */
  const runnerOn = (store: TestStore['store'], clock: () => Date) =>
    new SyncRunner({
      store,
      gateway: h.gateway(),
      logger: createSilentLogger(),
      now: clock,
      settings: {
        tenantId: h.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: BACKFILL_DAYS,
        overlapMinutes: OVERLAP_MINUTES,
        concurrency: 2,
      },
    });
  /** What Graph serves for `userId` strictly inside the window, as ids. */
  const truthIds = (after: Date, before: Date, userId?: string) =>
    [...h.tenant.groundTruth({ after, before })]
      .filter((r) => !userId || r.userId === userId)
      .map((r) => r.interaction.id);
  const storedIds = async (store: TestStore['store'], userId: string) =>
    (await store.interactions.find({ tenantId: h.tenant.tenantId, userId }).toArray()).map((i) => i.graphId);

  it(`catches interactions Graph records late within ${OVERLAP_MINUTES} minutes before the watermark, and reads nothing earlier`, async () => {
    let clock = new Date(REFERENCE.getTime() + MINUTE);
    const runner = runnerOn(t.store, () => clock);
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
    expect(run.counts.interactionsFetched).toBeGreaterThanOrEqual(inside.length);
    // Nothing else was new: the rest of the 30-day window was not read again.
    const everything = [...h.tenant.groundTruth({ after: new Date(clock.getTime() - 30 * DAY), before: clock })];
    expect(run.counts.interactionsFetched).toBeLessThan(everything.length / 10);
  });
  it('backfills exactly the window on a first run, and a full run reads all of it again, catching what the overlap misses', async () => {
    const own = await openTestStore('overlapfull');
    try {
      let clock = new Date(REFERENCE.getTime() + MINUTE);
      const runner = runnerOn(own.store, () => clock);
      const user = h.tenant.users.filter((u) => u.licensed && u.copilotEnabled && u.active)[1]!;
      const backfillStart = clock.getTime() - BACKFILL_DAYS * DAY;
      // Sessions on both sides of the backfill window's start (a session's turns follow its start by seconds).
      const edge = [
        ...h.tenant.addActivity({ userId: user.graph.id, at: new Date(backfillStart - 20 * MINUTE), sessions: 1 }),
        ...h.tenant.addActivity({ userId: user.graph.id, at: new Date(backfillStart + 20 * MINUTE), sessions: 1 }),
      ];
      const edgeInside = edge.filter((i) => Date.parse(i.createdDateTime) > backfillStart).map((i) => i.id);
      const edgeOutside = edge.filter((i) => Date.parse(i.createdDateTime) < backfillStart).map((i) => i.id);
      expect(edgeInside.length).toBeGreaterThan(0);
      expect(edgeOutside.length).toBeGreaterThan(0);

      const first = await runner.run({ mode: 'incremental', trigger: 'test' });
      const window = truthIds(new Date(backfillStart), clock);
      expect(first.counts.interactionsNew).toBe(window.length);
      expect(first.counts.interactionsFetched).toBe(window.length);
      const stored = await storedIds(own.store, user.graph.id);
      expect(stored.sort()).toEqual(truthIds(new Date(backfillStart), clock, user.graph.id).sort());
      expect(edgeInside.filter((id) => !stored.includes(id))).toEqual([]);
      expect(edgeOutside.filter((id) => stored.includes(id))).toEqual([]);

      // Recorded late, before the overlap window: an incremental run would not read it; a full run does.
      const watermark = clock;
      const late = h.tenant.addActivity({ userId: user.graph.id, at: new Date(watermark.getTime() - 3 * 60 * MINUTE) });
      expectEvery(late, (i) => Date.parse(i.createdDateTime) < watermark.getTime() - OVERLAP_MINUTES * MINUTE);
      clock = new Date(watermark.getTime() + 5 * MINUTE);
      const full = await runner.run({ mode: 'full', trigger: 'test' });
      expect(full.counts.interactionsNew).toBe(late.length);
      expect(full.counts.interactionsFetched).toBe(
        truthIds(new Date(clock.getTime() - BACKFILL_DAYS * DAY), clock).length,
      );
      const after = await storedIds(own.store, user.graph.id);
      expect(late.filter((i) => !after.includes(i.id))).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
