import type { Store } from '../../store/Store';
import { DAY_MS } from './timeRange';

/**
 * The start of the history the sync has read: the earliest full sync still on record went `backfillDays` back
 * from its start. Without one (its record expired) the earliest day holding activity stands in; null before any
 * sync. A range that starts earlier is "not synced before" this, not a period of no activity.
 */
export async function syncedSince(store: Store, tenantId: string, backfillDays: number): Promise<Date | null> {
  const [firstFull, firstDay] = await Promise.all([
    store.syncRuns.findOne(
      { tenantId, mode: 'full' },
      { sort: { startedAt: 1 }, projection: { _id: 0, startedAt: 1 } },
    ),
    store.dailyActivity.findOne({ tenantId }, { sort: { day: 1 }, projection: { _id: 0, day: 1 } }),
  ]);
  const fromRun = firstFull ? new Date(firstFull.startedAt.getTime() - backfillDays * DAY_MS) : null;
  const fromData = firstDay ? new Date(`${firstDay.day}T00:00:00.000Z`) : null;
  if (fromRun && fromData) return fromRun < fromData ? fromRun : fromData;
  return fromRun ?? fromData;
}
