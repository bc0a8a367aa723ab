import type { Document, Filter } from 'mongodb';
import type { DataSourceDoc, InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { sessionsPerAppSince, usersPerAppSince } from './appCounts';
import { WHOLE_READ_BATCH, type SourceFact } from './askFacts';
import { rangeEnd } from './newestActivity';
import { countLeaders } from './countLeaders';
import { dayFilter } from './timeRange';
import type { TimeRange } from './types';
import { userRefs } from './userDirectory';

/**
 * Ask figures read as index counts or bounded index reads instead of record by record: what a question's whole-range
 * answer needs when it needs no record's details. Each returns null when it cannot be exact, and the caller reads
 * the records (askFacts.ts).
 */

/**
 * The moment from which "last active at or after it" means "active in the range": the range's start (its first
 * UTC day's start for whole-day figures) when nothing was synced at or after its end, else null (see
 * newestActivity.ts).
 */
export async function openRangeStart(
  store: Store,
  tenantId: string,
  range: TimeRange,
  wholeDays: boolean,
): Promise<Date | null> {
  const end = await rangeEnd(store, tenantId, range);
  if (wholeDays) return end.openDays ? end.firstDayStart : null;
  return end.open ? range.from : null;
}

/** Apps with activity on the range's UTC days (every app a record active in the range can belong to). */
export function appKeysIn(store: Store, tenantId: string, range: TimeRange): Promise<string[]> {
  return store.dailyActivity.distinct('appKey', { tenantId, day: dayFilter(range) });
}

/**
 * Users of each app, and users in all, active in a range that ends after the newest activity: `lastAt` and
 * `lastActiveAt` index counts. `appKeys`: those apps ([]: every app active in the range; null: the total only).
 */
export async function activeUsersSince(
  store: Store,
  tenantId: string,
  range: TimeRange,
  since: Date,
  appKeys: string[] | null,
): Promise<{ perApp: Map<string, number>; all: number }> {
  const apps = appKeys === null ? [] : appKeys.length ? appKeys : await appKeysIn(store, tenantId, range);
  return usersPerAppSince(store, tenantId, apps, since);
}

/** Sessions of each app active in a range that ends after the newest activity: `lastAt` index counts. */
export async function sessionsSince(
  store: Store,
  tenantId: string,
  range: TimeRange,
  appKeys: string[],
): Promise<Map<string, number>> {
  const apps = appKeys.length ? appKeys : await appKeysIn(store, tenantId, range);
  const counts = await sessionsPerAppSince(store, tenantId, apps, range.from);
  return new Map(counts.map((c) => [c._id, c.n]));
}

/** Prompts, responses or all interactions in an exact range (a rolling window), counted by the store. */
export function interactionCount(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { appKeys: string[]; type: 'userPrompt' | 'aiResponse' | null },
): Promise<number> {
  const filter: Filter<InteractionDoc> = { tenantId, createdAt: { $gte: range.from, $lt: range.to } };
  if (options.appKeys.length) filter.appKey = { $in: options.appKeys };
  if (options.type) filter.interactionType = options.type;
  return store.interactions.countDocuments(filter);
}

export interface UserTotal {
  userId: string;
  prompts: number;
  responses: number;
  interactions: number;
}

/**
 * Each person's prompts, responses and interactions over a range's UTC days, summed by the store (one row per
 * person instead of one per person and day). With `appKeys`, prompts and interactions are those apps' (responses
 * are not kept per app: 0) and people without activity in them are left out. `userIds` narrows to those people.
 */
export async function userTotals(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { userIds: string[] | null; appKeys: string[] },
): Promise<UserTotal[]> {
  const rows = await store.dailyUserActivity
    .aggregate<{ _id: string; prompts: number; responses: number; interactions: number }>(
      personTotals(tenantId, range, options, '$userId'),
    )
    .toArray();
  return rows.map((r) => ({ userId: r._id, prompts: r.prompts, responses: r.responses, interactions: r.interactions }));
}

/**
 * The stages summing each person's days of a range (userTotals' options; `departmentKeys`: only the days carrying one
 * of those keys), grouped by `by`.
 */
function personTotals(
  tenantId: string,
  range: TimeRange,
  options: { userIds: string[] | null; appKeys: string[]; departmentKeys?: Array<string | null> },
  by: string,
  extra: Document = {},
): Document[] {
  const match: Document = { tenantId, day: dayFilter(range) };
  if (options.userIds) match.userId = { $in: options.userIds };
  if (options.departmentKeys) match.departmentKey = { $in: options.departmentKeys };
  const sumOf = (field: string) => ({ $add: options.appKeys.map((k) => ({ $ifNull: [`$${field}.${k}`, 0] })) });
  const perApp = options.appKeys.length > 0;
  // Only the days with activity in those apps: a person without any adds nothing (the old per-app form's filter),
  // so the store groups and returns the apps' people, not everyone active in the range.
  if (perApp) match.$or = options.appKeys.map((k) => ({ [`appCounts.${k}`]: { $gt: 0 } }));
  return [
    { $match: match },
    {
      $group: {
        _id: by,
        ...extra,
        prompts: { $sum: perApp ? sumOf('appPrompts') : '$promptCount' },
        responses: { $sum: perApp ? 0 : '$responseCount' },
        interactions: { $sum: perApp ? sumOf('appCounts') : '$interactionCount' },
      },
    },
  ];
}

export interface DepartmentTotal {
  /** The departmentKey the people's daily records carry (their users record's), null for none. */
  departmentKey: string | null;
  prompts: number;
  responses: number;
  interactions: number;
  /** People with an interaction in the range (in the apps asked); null where not asked for (`people`). */
  activeUsers: number | null;
}

/**
 * userTotals per department instead of per person, added up by the store by the department key the people's daily
 * records carry (store/departmentKey.ts; the sync keeps it equal to their users record's, the department a person is
 * grouped in): one row per department comes back instead of one per person. With `people`, also how many people
 * were active, each counted once (their totals first, then those per department). Grouped by plain keys only: on the
 * emulator a group keyed by a document took 2-3 times as long over the same days. `departmentKeys` narrows to the
 * days carrying those keys (the index `by_department_day`) instead of people's ids.
 */
export async function departmentTotals(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { userIds: string[] | null; appKeys: string[]; departmentKeys?: Array<string | null>; people: boolean },
): Promise<DepartmentTotal[]> {
  const pipeline = options.people
    ? [
        // A person's days carry one key (a batch moves them all together): the first is theirs.
        ...personTotals(tenantId, range, options, '$userId', { departmentKey: { $first: '$departmentKey' } }),
        {
          $group: {
            _id: '$departmentKey',
            prompts: { $sum: '$prompts' },
            responses: { $sum: '$responses' },
            interactions: { $sum: '$interactions' },
            activeUsers: { $sum: { $cond: [{ $gt: ['$interactions', 0] }, 1, 0] } },
          },
        },
      ]
    : personTotals(tenantId, range, options, '$departmentKey');
  const rows = await store.dailyUserActivity
    .aggregate<{ _id: string | null; prompts: number; responses: number; interactions: number; activeUsers?: number }>(
      pipeline,
    )
    .toArray();
  return rows.map(({ _id, activeUsers, ...totals }) => ({
    departmentKey: _id ?? null,
    ...totals,
    activeUsers: activeUsers ?? null,
  }));
}

/**
 * The UTC days each person was active on in a range (`userIds`: those people only), gathered by the store: one row
 * per person instead of one per person and day.
 */
export async function activeDaysByUser(
  store: Store,
  tenantId: string,
  range: TimeRange,
  userIds: string[] | null,
): Promise<Array<{ userId: string; days: string[] }>> {
  const match: Document = { tenantId, day: dayFilter(range), interactionCount: { $gt: 0 } };
  if (userIds) match.userId = { $in: userIds };
  const rows = await store.dailyUserActivity
    .aggregate<{ _id: string; days: string[] }>([
      { $match: match },
      { $group: { _id: '$userId', days: { $push: '$day' } } },
    ])
    .toArray();
  return rows.map((r) => ({ userId: r._id, days: r.days }));
}

/**
 * The department of each of these people (null for none), as userRefs gives it: point lookups for a few, one read
 * of the tenant's active people for many (cheaper than thousands of lookups).
 */
export async function departmentsOf(
  store: Store,
  tenantId: string,
  userIds: Iterable<string>,
): Promise<Map<string, string | null>> {
  const ids = new Set(userIds);
  const out = new Map<string, string | null>();
  if (ids.size > DEPARTMENT_LOOKUPS_MAX) {
    const rows = await store.users.find({ tenantId }, { projection: { _id: 0, userId: 1, department: 1 } }).toArray();
    for (const r of rows) if (ids.has(r.userId)) out.set(r.userId, r.department ?? null);
  }
  const refs = await userRefs(
    store,
    tenantId,
    [...ids].filter((id) => !out.has(id)),
  );
  for (const [id, ref] of refs) out.set(id, ref.department);
  return out;
}

/** More people than this are looked up by one read of the tenant's people (departmentsOf). */
const DEPARTMENT_LOOKUPS_MAX = 200;

/**
 * References to each data source in an exact range (one per interaction citing it), counted by the store; with
 * `perUser`, one row per source and person who cited it (for distinct people per source).
 */
export async function referenceCounts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { appKeys: string[]; userIds: string[] | null; perUser: boolean },
): Promise<Array<{ key: string; userId: string | null; references: number }>> {
  const match: Document = {
    tenantId,
    createdAt: { $gte: range.from, $lt: range.to },
    'dataSourceKeys.0': { $exists: true },
  };
  if (options.appKeys.length) match.appKey = { $in: options.appKeys };
  if (options.userIds) match.userId = { $in: options.userIds };
  const rows = await store.interactions
    .aggregate<{ _id: { key: string; userId?: string }; references: number }>(
      [
        { $match: match },
        { $unwind: '$dataSourceKeys' },
        {
          $group: {
            _id: options.perUser ? { key: '$dataSourceKeys', userId: '$userId' } : { key: '$dataSourceKeys' },
            references: { $sum: 1 },
          },
        },
      ],
      { batchSize: WHOLE_READ_BATCH },
    )
    .toArray();
  return rows.map((r) => ({ key: r._id.key, userId: r._id.userId ?? null, references: r.references }));
}

/** How many people hold a Copilot license in the tenant (the directory's licensed users): an index count. */
export function licenceHolderCount(store: Store, tenantId: string): Promise<number> {
  return store.directoryUsers.countDocuments({ tenantId });
}

/** People last active before `since` (with a range open from `since`, the active ones not active in it). */
export async function usersInactiveSince(store: Store, tenantId: string, since: Date): Promise<string[]> {
  const rows = await store.users
    .find({ tenantId, lastActiveAt: { $lt: since } }, { projection: { _id: 0, userId: 1 } })
    .toArray();
  return rows.map((r) => r.userId);
}

/** Cut-offs up to which a ranking of data sources reads the leaders' records (beyond: every source). */
const LEADERS_MAX = 1_000;

/**
 * The data sources that can make the top `limit` by all-time references or distinct users, ties at the cut-off
 * included: every source whose count reaches the `limit`-th highest (a range read of the count's index), so a
 * ranking of them is exact. Null when more than LEADERS_MAX share the cut-off (the caller reads every source).
 * The kind filter goes with references only (the index `by_kind`); users have no such index.
 */
export async function sourceLeaders(
  store: Store,
  tenantId: string,
  options: { by: 'referenceCount' | 'userCount'; limit: number; kind?: string },
): Promise<SourceFact[] | null> {
  if (options.kind && options.by !== 'referenceCount') return null;
  const filter: Filter<DataSourceDoc> = { tenantId };
  if (options.kind) filter.kind = options.kind as DataSourceDoc['kind'];
  return countLeaders(store.dataSources, filter, {
    field: options.by,
    limit: options.limit,
    max: LEADERS_MAX,
    projection: { _id: 0, key: 1, kind: 1, name: 1, url: 1, host: 1, referenceCount: 1, userCount: 1, appKeys: 1 },
  });
}
