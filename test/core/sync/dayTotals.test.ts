import { ask, type EngineDeps } from '../../../server/core/ask/engine';
import { BatchWriter, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { rebuildDayTotals } from '../../../server/core/sync/dayTotalsRebuild';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../../server/logger';
import { naturalId } from '../../../server/store/naturalId';
import { fixedEngineDeps } from '../../ask/askKit';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { actualDayTotals, expectedDayTotals } from '../../support/groundTruth';
import { openTestStore, type TestStore } from '../../support/testStore';
import { NOW, syncedTenant, type SyncedTenant } from '../insights/syncedTenant';

/**
 * The per-day totals of all apps (`dayTotals`) are kept by the sync's aggregate ops, exactly once like the per-app
 * days, and built from the per-app days where a store predates them. Checked against the stored interactions: each
 * counts once on the UTC day of its time.
 */

describe('the per-day totals of a synced tenant', () => {
  let s: SyncedTenant;
  let deps: EngineDeps;
  beforeAll(async () => {
    s = await syncedTenant('dayTotals');
    deps = await fixedEngineDeps(s.t.store, s.tenantId, NOW);
  });
  afterAll(async () => s?.close());
  afterEach(() => jest.restoreAllMocks());

  it('count every interaction once on its UTC day, prompts and responses apart, as the stored interactions say', async () => {
    const expected = expectedDayTotals(s.rows);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(await actualDayTotals(s.t.store, s.tenantId)).toEqual(expected);
    expect(await s.t.store.dayTotalsBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });

  it.each([
    'prompts per day over the last 30 days',
    'interactions per week over the last 8 weeks',
    'responses per month in the last 90 days',
    'busiest day of the week last month',
  ])('answer "%s" as adding up the per-app days does, without reading them', async (question) => {
    const perApp = jest.spyOn(s.t.store.dailyActivity, 'aggregate');
    const fromTotals = await ask(deps, question);
    expect(perApp).not.toHaveBeenCalled();
    perApp.mockRestore();
    // Without the totals (a store not yet rebuilt) the engine adds up the per-app days itself.
    await s.t.store.dayTotalsBuilt.deleteMany({ tenantId: s.tenantId });
    try {
      const added = jest.spyOn(s.t.store.dailyActivity, 'aggregate');
      const fromPerApp = await ask(deps, question);
      expect(added).toHaveBeenCalled();
      expect(fromTotals.rows.length).toBeGreaterThan(1);
      expect({ rows: fromTotals.rows, summary: fromTotals.summary, title: fromTotals.interpretation }).toEqual({
        rows: fromPerApp.rows,
        summary: fromPerApp.summary,
        title: fromPerApp.interpretation,
      });
    } finally {
      await rebuildDayTotals(s.t.store, s.tenantId);
    }
  });

  it('are built by the next sync where a store has none (synced before they existed)', async () => {
    await s.t.store.dayTotals.deleteMany({ tenantId: s.tenantId });
    await s.t.store.dayTotalsBuilt.deleteMany({ tenantId: s.tenantId });
    await s.syncAgain();
    expect(await actualDayTotals(s.t.store, s.tenantId)).toEqual(expectedDayTotals(s.rows));
    expect(await s.t.store.dayTotalsBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });
});

describe('the per-day totals through crashes of the batch writer', () => {
  const tenantId = 'tenant-day-totals';
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('dayTotalBatches');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  /** One user's prompt and response at `at`. */
  function batchOf(batchId: string, userId: string, firstId: number, at: Date): PendingBatch {
    const interactions = [
      buildInteraction({ id: String(firstId), createdDateTime: at.toISOString() }),
      buildInteraction({ id: String(firstId + 1), interactionType: 'aiResponse', createdDateTime: at.toISOString() }),
    ].map((i) => mapInteraction(tenantId, userId, i, at));
    return pendingBatch(tenantId, batchId, buildUser({ id: userId }), interactions, at);
  }

  it("count a batch once when it died before being marked applied, though another user's batch counted since", async () => {
    jest.spyOn(t.store.syncBatchesApplied, 'updateOne').mockRejectedValueOnce(new Error('the process died here'));
    const b1 = batchOf('b1', 'user-a', 1000, new Date('2026-11-02T10:00:00Z'));
    await expect(writer.write(b1)).rejects.toThrow('the process died here');
    await writer.write(batchOf('b2', 'user-b', 2000, new Date('2026-11-02T11:00:00Z')));
    await writer.write(batchOf('b3', 'user-c', 3000, new Date('2026-11-03T09:00:00Z')));
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await actualDayTotals(t.store, tenantId)).toEqual({ '2026-11-02': [2, 2, 4], '2026-11-03': [1, 1, 2] });
    const marked = await t.store.dayTotals.find({ tenantId }).toArray();
    expect(marked.filter((d) => Object.keys(d.applied ?? {}).length > 0)).toEqual([]);
  });

  it('finish a batch whose interactions were stored before the crash, exactly once, and match a rebuild', async () => {
    const batch = batchOf('b1', 'user-a', 1000, new Date('2026-11-02T10:00:00Z'));
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.interactions.insertMany(batch.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await writer.recover(tenantId)).toBe(0);
    const kept = await actualDayTotals(t.store, tenantId);
    expect(kept).toEqual({ '2026-11-02': [1, 1, 2] });
    // A rebuild from the per-app days gives the same, and removes a day no per-app day makes.
    const [doc] = await t.store.dayTotals.find({ tenantId }).limit(1).toArray();
    await t.store.dayTotals.insertOne({ ...doc!, _id: naturalId('stale-day'), day: '2026-09-01' });
    expect(await rebuildDayTotals(t.store, tenantId)).toBe(1);
    expect(await actualDayTotals(t.store, tenantId)).toEqual(kept);
    expect(await t.store.dayTotals.countDocuments({ tenantId })).toBe(1);
  });
});
