import type { Filter } from 'mongodb';
import { validationFailed } from '../../errors';
import { departmentKey } from '../../store/departmentKey';
import type { DailyUserActivityDoc, UserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { aggregateIds } from '../sync/aggregateOps';
import { mapPage, pagedFind } from './pagedFind';
import { DAY_MS, dayFilter, dayOf, daysOf, overlapFilter } from './timeRange';
import type { Page, TimeRange, UserRow, UsersQuery } from './types';
import { containsRegex, toRef } from './userDirectory';

/** Days in a user row's trend. */
export const TREND_DAYS = 14;

/** App keys are stored as field names (`appCounts.<key>`): only these characters can ever occur. */
export function checkAppKey(appKey: string): string {
  if (!/^[a-z0-9:-]{1,80}$/.test(appKey)) throw validationFailed('appKey is not a known app key format.');
  return appKey;
}

/**
 * Active Copilot users (those active in `range` when given) with per-app counts and a 14-day trend (interactions per UTC day up to `now`, oldest
 * first; the chosen app's only when filtered by app). One keyset page; the trend comes from point lookups.
 */
export async function listUsers(store: Store, tenantId: string, query: UsersQuery, now: Date): Promise<Page<UserRow>> {
  const filter: Filter<UserDoc> = { tenantId };
  if (query.appKey !== undefined) filter[`appCounts.${checkAppKey(query.appKey)}`] = { $gt: 0 };
  if (query.department !== undefined) filter.departmentKey = departmentKey(query.department);
  if (query.range) {
    Object.assign(filter, overlapFilter(query.range, 'firstActiveAt', 'lastActiveAt'));
    const ids = await activeUserIds(store, tenantId, query.range, query.appKey, now);
    if (ids) filter.userId = { $in: ids };
  }
  if (query.search !== undefined) {
    const re = containsRegex(query.search);
    filter.$or = [{ displayName: re }, { userPrincipalName: re }, { mail: re }];
  }
  const page = await pagedFind(store.users, {
    filter,
    sortField: query.sort,
    textSort: query.sort === 'displayName',
    direction: query.direction,
    limit: query.limit,
    cursor: query.cursor,
  });
  const trends = await trendsOf(
    store,
    tenantId,
    page.items.map((u) => u.userId),
    now,
    query.appKey,
  );
  return mapPage(page, (u) => ({
    ...userSummary(u),
    trend: trends.get(u.userId) ?? new Array<number>(TREND_DAYS).fill(0),
  }));
}

/**
 * The users active in a range (in one app when given) where a user's own first and last activity cannot tell: with an
 * app (those dates are of every app), or for a range that ended before today (a user active before and after it, not
 * in it, spans it). A range up to today needs no list without an app: a last activity since `from` lies in it. An
 * app's range up to today reads that app's agents (first and last use there, exact in the same way); an earlier range
 * reads the per-user days, counting whole UTC days as every daily figure does. Null: no list needed.
 */
async function activeUserIds(
  store: Store,
  tenantId: string,
  range: TimeRange,
  appKey: string | undefined,
  now: Date,
): Promise<string[] | null> {
  const upToToday = dayOf(new Date(range.to.getTime() - 1)) >= dayOf(now);
  if (upToToday && appKey === undefined) return null;
  if (upToToday) {
    const agents = await store.agents
      .find(
        { tenantId, appKey, lastAt: { $gte: range.from }, firstAt: { $lt: range.to } },
        { projection: { userId: 1 } },
      )
      .toArray();
    return agents.map((a) => a.userId);
  }
  const days: Filter<DailyUserActivityDoc> = { tenantId, day: dayFilter(range) };
  if (appKey !== undefined) days[`appCounts.${appKey}`] = { $gt: 0 };
  const records = await store.dailyUserActivity.find(days, { projection: { userId: 1 } }).toArray();
  return [...new Set(records.map((d) => d.userId))];
}

/** A user's activity record as a row, without the trend. */
export function userSummary(u: UserDoc): Omit<UserRow, 'trend'> {
  return {
    ...toRef(u),
    jobTitle: u.jobTitle ?? null,
    firstActiveAt: u.firstActiveAt,
    lastActiveAt: u.lastActiveAt,
    promptCount: u.promptCount,
    responseCount: u.responseCount,
    interactionCount: u.interactionCount,
    conversationCount: u.conversationCount,
    appCounts: { ...u.appCounts },
  };
}

/** Interactions per day over the TREND_DAYS days ending on `now`'s UTC day, per user. */
export async function trendsOf(
  store: Store,
  tenantId: string,
  userIds: string[],
  now: Date,
  appKey?: string,
): Promise<Map<string, number[]>> {
  const days = daysOf({ from: new Date(now.getTime() - (TREND_DAYS - 1) * DAY_MS), to: new Date(now.getTime() + 1) });
  const trends = new Map(userIds.map((id) => [id, new Array<number>(days.length).fill(0)]));
  if (userIds.length === 0) return trends;
  const ids = userIds.flatMap((userId) => days.map((day) => aggregateIds.dailyUser(tenantId, day, userId)));
  const docs = await store.dailyUserActivity
    .find({ _id: { $in: ids } }, { projection: { userId: 1, day: 1, interactionCount: 1, appCounts: 1 } })
    .toArray();
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  for (const d of docs) {
    const trend = trends.get(d.userId);
    const i = dayIndex.get(d.day);
    if (!trend || i === undefined) continue;
    trend[i] = appKey === undefined ? d.interactionCount : (d.appCounts?.[appKey] ?? 0);
  }
  return trends;
}
