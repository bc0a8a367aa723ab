import type { Document } from 'mongodb';
import type { Store } from '../../store/Store';
import { dayFilter } from './timeRange';
import type { TimeRange } from './types';

/**
 * Distinct people active in each period (a week, a month) of a range's UTC days, counted by the store: `starts` are
 * the periods' first days, oldest first, and a day belongs to the last period starting on or before it. One row per
 * period with anyone active comes back, instead of every active person's days (`userIds`: those people only).
 */
export async function activePeoplePer(
  store: Store,
  tenantId: string,
  range: TimeRange,
  starts: string[],
  userIds: string[] | null,
): Promise<Array<{ start: string; people: number }>> {
  const match: Document = { tenantId, day: dayFilter(range), interactionCount: { $gt: 0 } };
  if (userIds) match.userId = { $in: userIds };
  // Days are YYYY-MM-DD strings, so their order is the calendar's: the first start a day is before ends its period.
  const branches = starts.slice(1).map((next, i) => ({ case: { $lt: ['$day', next] }, then: starts[i] }));
  const period = branches.length ? { $switch: { branches, default: starts.at(-1) } } : { $literal: starts[0] };
  const rows = await store.dailyUserActivity
    .aggregate<{ _id: string; people: number }>([
      { $match: match },
      { $group: { _id: { period, userId: '$userId' } } },
      { $group: { _id: '$_id.period', people: { $sum: 1 } } },
    ])
    .toArray();
  return rows.map((r) => ({ start: r._id, people: r.people }));
}
