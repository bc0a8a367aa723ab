import type { Store } from '../../store/Store';
import { dayTotalsBuilt } from '../sync/dayTotalsRebuild';
import { dayFilter } from './timeRange';
import type { TimeRange } from './types';

/** One UTC day's prompts, responses and interactions of every app. */
export interface DayTotal {
  day: string;
  prompts: number;
  responses: number;
  interactions: number;
}

/**
 * Every app's activity per UTC day of a range, from the per-day totals the sync keeps (one document a day, in day order
 * from the index `natural_key`), read beside the mark that they are built; null where they are not (a store synced
 * before they existed, until the next sync builds them): the caller adds up the per-app days.
 */
export async function dayTotals(store: Store, tenantId: string, range: TimeRange): Promise<DayTotal[] | null> {
  const [built, docs] = await Promise.all([
    dayTotalsBuilt(store, tenantId),
    store.dayTotals
      .find(
        { tenantId, day: dayFilter(range) },
        { sort: { day: 1 }, projection: { _id: 0, day: 1, promptCount: 1, responseCount: 1, interactionCount: 1 } },
      )
      .toArray(),
  ]);
  if (!built) return null;
  return docs.map((d) => ({
    day: d.day,
    prompts: d.promptCount,
    responses: d.responseCount,
    interactions: d.interactionCount,
  }));
}
