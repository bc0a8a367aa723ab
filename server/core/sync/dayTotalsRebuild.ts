import { ObjectId, type AnyBulkWriteOperation } from 'mongodb';
import type { DayTotalDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds } from './aggregateOps';

const builtId = (tenantId: string) => naturalId('dayTotalsBuilt', tenantId);

/** Whether the tenant's per-day totals hold every per-app day's counts (else readers add up the per-app days). */
export async function dayTotalsBuilt(store: Store, tenantId: string): Promise<boolean> {
  return (await store.dayTotalsBuilt.findOne({ _id: builtId(tenantId) }, { projection: { _id: 1 } })) !== null;
}

/** Marks the per-day totals built (a store whose every batch already kept them: the benches' tenant). */
export async function markDayTotalsBuilt(store: Store, tenantId: string, now: Date = new Date()): Promise<void> {
  await store.dayTotalsBuilt.updateOne(
    { _id: builtId(tenantId) },
    { $set: { tenantId, builtAt: now } },
    { upsert: true },
  );
}

/**
 * Rebuilds the per-day totals from the per-app days (each day's prompts, responses and interactions of every app
 * added up, as the sync's ops add them), then marks them built. Idempotent (every day's counts are set, documents no
 * per-app day makes are removed), so a crash midway is finished by the next call. Call it where no batch writes: at
 * the start of a sync, under its lease. Returns how many documents it wrote.
 */
export async function rebuildDayTotals(store: Store, tenantId: string, now: Date = new Date()): Promise<number> {
  // Every document this build writes carries its id; those without it are what no per-app day makes.
  const build = new ObjectId().toHexString();
  const days = await store.dailyActivity
    .aggregate<{ _id: string; promptCount: number; responseCount: number; interactionCount: number }>([
      { $match: { tenantId } },
      {
        $group: {
          _id: '$day',
          promptCount: { $sum: '$promptCount' },
          responseCount: { $sum: '$responseCount' },
          interactionCount: { $sum: '$interactionCount' },
        },
      },
    ])
    .toArray();
  const writes: AnyBulkWriteOperation<DayTotalDoc>[] = days.map(({ _id: day, ...counts }) => ({
    updateOne: {
      filter: { _id: aggregateIds.dayTotal(tenantId, day) },
      update: { $set: { tenantId, day, ...counts, build } },
      upsert: true,
    },
  }));
  for (let i = 0; i < writes.length; i += 1_000)
    await store.dayTotals.bulkWrite(writes.slice(i, i + 1_000), { ordered: false });
  await store.dayTotals.deleteMany({ tenantId, build: { $ne: build } });
  await markDayTotalsBuilt(store, tenantId, now);
  return writes.length;
}

/** Builds the per-day totals where they were never built (a store synced before they existed). */
export async function ensureDayTotals(store: Store, tenantId: string, now?: Date): Promise<boolean> {
  if (await dayTotalsBuilt(store, tenantId)) return false;
  await rebuildDayTotals(store, tenantId, now);
  return true;
}
