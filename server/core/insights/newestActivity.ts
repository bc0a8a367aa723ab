import type { Store } from '../../store/Store';
import { DAY_MS, dayOf } from './timeRange';
import type { TimeRange } from './types';

/**
 * Ranges that end after the newest synced interaction (every "last N days" view: they end now) let "active in
 * the range" be read as "last active at or after its start": nothing can have started after the end. That turns
 * the overview's and per-app figures into counts over the `lastAt` / `lastActiveAt` indexes instead of reads of
 * every record in the range. Records' lastAt never passes the newest interaction (users, agents, conversations
 * and data sources all take it from their interactions' times).
 */
export interface RangeEnd {
  /** No record is active at or after `range.to`: "lastAt >= from" alone means "overlaps the range". */
  open: boolean;
  /** Same for the range's whole UTC days (what the daily aggregates count): nothing on or after its last day's end. */
  openDays: boolean;
  /** Start of the range's first UTC day. */
  firstDayStart: Date;
}

/** The newest interaction time of a tenant (its most recently active user's lastActiveAt), or null. */
export async function newestActivity(store: Store, tenantId: string): Promise<Date | null> {
  const [newest] = await store.users
    .find({ tenantId }, { sort: { lastActiveAt: -1 }, limit: 1, projection: { _id: 0, lastActiveAt: 1 } })
    .toArray();
  return newest?.lastActiveAt ?? null;
}

/** How a range's end relates to the newest synced interaction. */
export async function rangeEnd(store: Store, tenantId: string, range: TimeRange): Promise<RangeEnd> {
  const newest = (await newestActivity(store, tenantId))?.getTime() ?? -Infinity;
  const lastDayEnd = Date.parse(`${dayOf(new Date(range.to.getTime() - 1))}T00:00:00.000Z`) + DAY_MS;
  return {
    open: newest < range.to.getTime(),
    openDays: newest < lastDayEnd,
    firstDayStart: new Date(`${dayOf(range.from)}T00:00:00.000Z`),
  };
}
