import type { Filter } from 'mongodb';
import type { DailyActivityDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { dayFilter } from './timeRange';
import type { DailyActivityQuery, DailyAppRow, HourlyActivity } from './types';

function filterOf(tenantId: string, query: DailyActivityQuery): Filter<DailyActivityDoc> {
  const filter: Filter<DailyActivityDoc> = { tenantId, day: dayFilter(query.range) };
  if (query.appKey !== undefined) filter.appKey = query.appKey;
  return filter;
}

/** Prompts, responses and interactions per app per UTC day in a range (whole days), by day then app. */
export async function dailyActivity(store: Store, tenantId: string, query: DailyActivityQuery): Promise<DailyAppRow[]> {
  const docs = await store.dailyActivity
    .find(filterOf(tenantId, query), {
      projection: { day: 1, appKey: 1, appName: 1, promptCount: 1, responseCount: 1, interactionCount: 1 },
      sort: { day: 1, appKey: 1 },
    })
    .toArray();
  return docs.map((d) => ({
    day: d.day,
    appKey: d.appKey,
    appName: d.appName,
    prompts: d.promptCount,
    responses: d.responseCount,
    interactions: d.interactionCount,
  }));
}

/** Interactions per UTC hour of day (0..23) summed over a range's days: the busiest hours. */
export async function busiestHours(
  store: Store,
  tenantId: string,
  query: DailyActivityQuery,
): Promise<HourlyActivity[]> {
  const docs = await store.dailyActivity.find(filterOf(tenantId, query), { projection: { hours: 1 } }).toArray();
  const totals = new Array<number>(24).fill(0);
  for (const d of docs) d.hours.forEach((n, hour) => (totals[hour] = (totals[hour] ?? 0) + n));
  return totals.map((interactions, hour) => ({ hour, interactions }));
}
