import type { Filter } from 'mongodb';
import type {
  ConversationDoc,
  DailyActivityDoc,
  DailyUserActivityDoc,
  DataSourceDoc,
  InteractionDoc,
  UserDoc,
} from '../../store/documents';
import { departmentKey } from '../../store/departmentKey';
import type { Store } from '../../store/Store';
import { aggregateIds } from '../sync/aggregateOps';
import { dayFilter, overlapFilter } from './timeRange';
import type { TimeRange } from './types';

/**
 * Documents per batch of the reads below, which take every matching document: a cursor's first batch is 101 documents
 * by default, and the emulator answers each getMore with as many again, so a read of 1,000 rows took ten round trips.
 * MongoDB caps a batch at 16 MiB whatever is asked.
 */
export const WHOLE_READ_BATCH = 5_000;

/**
 * The reads the Ask engine composes its answers from: each aggregate's rows for a range, narrowed by the filters
 * the aggregate can take. The engine groups them by whatever dimensions a question names (server/core/ask), so a new
 * phrasing never needs a new read here. Day-keyed reads count whole UTC days (as the aggregates are kept).
 */

export interface DailyAppFact {
  day: string;
  appKey: string;
  prompts: number;
  responses: number;
  interactions: number;
  /** Interactions per UTC hour. */
  hours: number[];
}

/** Per app per UTC day; with `hours`, the hourly interaction counts too (else none are read: `hours` is empty). */
export async function dailyAppFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  appKeys: string[],
  hours = true,
): Promise<DailyAppFact[]> {
  const filter: Filter<DailyActivityDoc> = { tenantId, day: dayFilter(range) };
  if (appKeys.length) filter.appKey = { $in: appKeys };
  const docs = await store.dailyActivity
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: {
        day: 1,
        appKey: 1,
        promptCount: 1,
        responseCount: 1,
        interactionCount: 1,
        ...(hours && { hours: 1 }),
      },
    })
    .toArray();
  return docs.map((d) => ({
    day: d.day,
    appKey: d.appKey,
    prompts: d.promptCount,
    responses: d.responseCount,
    interactions: d.interactionCount,
    hours: d.hours ?? [],
  }));
}

/**
 * Prompts, responses and interactions per UTC day of a range (in some apps: `appKeys`, [] for all), summed over the
 * apps by the store: one row a day instead of one per app and day.
 */
export async function dailyTotals(
  store: Store,
  tenantId: string,
  range: TimeRange,
  appKeys: string[],
): Promise<Array<Omit<DailyAppFact, 'appKey' | 'hours'>>> {
  const filter: Filter<DailyActivityDoc> = { tenantId, day: dayFilter(range) };
  if (appKeys.length) filter.appKey = { $in: appKeys };
  const rows = await store.dailyActivity
    .aggregate<{ _id: string; prompts: number; responses: number; interactions: number }>([
      { $match: filter },
      {
        $group: {
          _id: '$day',
          prompts: { $sum: '$promptCount' },
          responses: { $sum: '$responseCount' },
          interactions: { $sum: '$interactionCount' },
        },
      },
    ])
    .toArray();
  return rows.map((r) => ({ day: r._id, prompts: r.prompts, responses: r.responses, interactions: r.interactions }));
}

export interface DailyUserFact {
  day: string;
  userId: string;
  prompts: number;
  responses: number;
  interactions: number;
  /** Interactions per app. */
  appCounts: Record<string, number>;
  /** Prompts per app. */
  appPrompts: Record<string, number>;
}

/** Per user per UTC day; `userIds` narrows to those people (a person or department filter). */
export async function dailyUserFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  userIds: string[] | null,
): Promise<DailyUserFact[]> {
  const filter: Filter<DailyUserActivityDoc> = { tenantId, day: dayFilter(range) };
  if (userIds) filter.userId = { $in: userIds };
  const docs = await store.dailyUserActivity
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: {
        day: 1,
        userId: 1,
        promptCount: 1,
        responseCount: 1,
        interactionCount: 1,
        appCounts: 1,
        appPrompts: 1,
      },
    })
    .toArray();
  return docs.map((d) => ({
    day: d.day,
    userId: d.userId,
    prompts: d.promptCount,
    responses: d.responseCount,
    interactions: d.interactionCount,
    appCounts: d.appCounts ?? {},
    appPrompts: d.appPrompts ?? {},
  }));
}

export interface InteractionFact {
  at: Date;
  userId: string;
  appKey: string;
  prompt: boolean;
  response: boolean;
  sessionId: string;
  dataSourceKeys: string[];
}

/** Single interactions in a range (rolling windows, local days, hours of prompts, per-period data sources). */
export async function interactionFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { appKeys: string[]; userIds: string[] | null; withSources?: boolean },
): Promise<InteractionFact[]> {
  const filter: Filter<InteractionDoc> = { tenantId, createdAt: { $gte: range.from, $lt: range.to } };
  if (options.appKeys.length) filter.appKey = { $in: options.appKeys };
  if (options.userIds) filter.userId = { $in: options.userIds };
  if (options.withSources) filter['dataSourceKeys.0'] = { $exists: true };
  return readInteractionFacts(store, filter);
}

/** The interactions a filter selects, each as the fields the Ask engine counts (one read, whole batches). */
export async function readInteractionFacts(store: Store, filter: Filter<InteractionDoc>): Promise<InteractionFact[]> {
  const docs = await store.interactions
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: { createdAt: 1, userId: 1, appKey: 1, interactionType: 1, sessionId: 1, dataSourceKeys: 1 },
    })
    .toArray();
  return docs.map((d) => ({
    at: d.createdAt,
    userId: d.userId,
    appKey: d.appKey,
    prompt: d.interactionType === 'userPrompt',
    response: d.interactionType === 'aiResponse',
    sessionId: d.sessionId,
    dataSourceKeys: d.dataSourceKeys ?? [],
  }));
}

export interface SessionFact {
  userId: string;
  appKey: string;
  firstAt: Date;
  lastAt: Date;
}

/** Sessions (conversations) active in a range: started before it ended, last active after it began. */
export async function sessionFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { appKeys: string[]; userIds: string[] | null },
): Promise<SessionFact[]> {
  const filter: Filter<ConversationDoc> = { tenantId, ...overlapFilter(range, 'firstAt', 'lastAt') };
  if (options.appKeys.length) filter.appKey = { $in: options.appKeys };
  if (options.userIds) filter.userId = { $in: options.userIds };
  const docs = await store.conversations
    .find(filter, { batchSize: WHOLE_READ_BATCH, projection: { userId: 1, appKey: 1, firstAt: 1, lastAt: 1 } })
    .toArray();
  return docs.map((d) => ({ userId: d.userId, appKey: d.appKey, firstAt: d.firstAt, lastAt: d.lastAt }));
}

export type SourceFact = Pick<
  DataSourceDoc,
  'key' | 'kind' | 'name' | 'url' | 'host' | 'referenceCount' | 'userCount' | 'appKeys'
>;

/** Data sources with their all-time counts; `keys` narrows to those sources. */
export async function sourceFacts(
  store: Store,
  tenantId: string,
  options: { kind?: string; keys?: string[] },
): Promise<SourceFact[]> {
  const filter: Filter<DataSourceDoc> = options.keys
    ? { _id: { $in: options.keys.map((key) => aggregateIds.dataSource(tenantId, key)) } } // point lookups
    : { tenantId };
  if (options.kind) filter.kind = options.kind as DataSourceDoc['kind'];
  return store.dataSources
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: { _id: 0, key: 1, kind: 1, name: 1, url: 1, host: 1, referenceCount: 1, userCount: 1, appKeys: 1 },
    })
    .toArray();
}

/**
 * People with a department among `departments` (active users and licensed users), by user id: whole names in any case
 * or spacing, an index equality on `departmentKey`.
 */
export async function departmentMembers(store: Store, tenantId: string, departments: string[]): Promise<string[]> {
  const filter = { tenantId, departmentKey: { $in: departments.map(departmentKey) } };
  const [active, licensed] = await Promise.all([
    store.users.distinct('userId', filter),
    store.directoryUsers.distinct('userId', filter),
  ]);
  return [...new Set([...active, ...licensed])];
}

/** Everyone the store knows in the tenant (active users and licensed users), by user id. */
export async function tenantUserIds(store: Store, tenantId: string): Promise<string[]> {
  const [active, licensed] = await Promise.all([
    store.users.distinct('userId', { tenantId }),
    store.directoryUsers.distinct('userId', { tenantId }),
  ]);
  return [...new Set([...active, ...licensed])];
}

/** The apps anyone in the tenant has used Copilot in (an agent is one person in one app). */
export async function usedAppKeys(store: Store, tenantId: string): Promise<string[]> {
  return store.agents.distinct('appKey', { tenantId });
}

export interface LicensedFact {
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  department: string | null;
  jobTitle: string | null;
  copilotEnabled: boolean;
  hasActivity: boolean;
}

/** Everyone holding a Copilot license, optionally in some departments (by `departmentKey`, as departmentMembers). */
export async function licensedFacts(
  store: Store,
  tenantId: string,
  departments: string[],
  options: { neverActive?: boolean } = {},
): Promise<LicensedFact[]> {
  const filter: Record<string, unknown> = { tenantId };
  if (options.neverActive) filter.hasActivity = false;
  if (departments.length) filter.departmentKey = { $in: departments.map(departmentKey) };
  const docs = await store.directoryUsers
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: {
        _id: 0,
        userId: 1,
        displayName: 1,
        userPrincipalName: 1,
        department: 1,
        jobTitle: 1,
        copilotEnabled: 1,
        hasActivity: 1,
      },
    })
    .toArray();
  return docs.map((d) => ({
    userId: d.userId,
    displayName: d.displayName ?? null,
    userPrincipalName: d.userPrincipalName ?? null,
    department: d.department ?? null,
    jobTitle: d.jobTitle ?? null,
    copilotEnabled: d.copilotEnabled,
    hasActivity: d.hasActivity,
  }));
}

/** People whose first Copilot use falls in the range. */
export async function firstUseFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  departments: string[],
): Promise<Array<Pick<UserDoc, 'userId' | 'displayName' | 'userPrincipalName' | 'department' | 'firstActiveAt'>>> {
  const filter: Filter<UserDoc> = { tenantId, firstActiveAt: { $gte: range.from, $lt: range.to } };
  // By key, as the users list reads a department: every spelling of it (store/departmentKey.ts).
  if (departments.length) filter.departmentKey = { $in: departments.map(departmentKey) };
  return store.users
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: { _id: 0, userId: 1, displayName: 1, userPrincipalName: 1, department: 1, firstActiveAt: 1 },
    })
    .toArray();
}

/**
 * People whose first use of one of `appKeys` falls in the range, with that first use: each person's agents in those
 * apps (one per person and app, holding their first interaction there) that began before the range's end, the
 * earliest kept; then those people's directory records, in the departments asked.
 */
export async function firstAppUseFacts(
  store: Store,
  tenantId: string,
  range: TimeRange,
  appKeys: string[],
  departments: string[],
): Promise<Awaited<ReturnType<typeof firstUseFacts>>> {
  const agents = await store.agents
    .find(
      { tenantId, appKey: { $in: appKeys }, firstAt: { $lt: range.to } },
      { batchSize: WHOLE_READ_BATCH, projection: { _id: 0, userId: 1, firstAt: 1 } },
    )
    .toArray();
  const first = new Map<string, Date>();
  for (const a of agents) if ((first.get(a.userId) ?? a.firstAt) >= a.firstAt) first.set(a.userId, a.firstAt);
  const ids = [...first].filter(([, at]) => at >= range.from).map(([userId]) => userId);
  if (!ids.length) return [];
  const filter: Filter<UserDoc> = { tenantId, userId: { $in: ids } };
  if (departments.length) filter.departmentKey = { $in: departments.map(departmentKey) };
  const users = await store.users
    .find(filter, {
      batchSize: WHOLE_READ_BATCH,
      projection: { _id: 0, userId: 1, displayName: 1, userPrincipalName: 1, department: 1 },
    })
    .toArray();
  return users.map((u) => ({ ...u, firstActiveAt: first.get(u.userId)! }));
}

/** Each person's latest Copilot use (any app), for those of `userIds` who ever used it. */
export async function lastUseOf(store: Store, tenantId: string, userIds: string[]): Promise<Map<string, Date>> {
  if (!userIds.length) return new Map();
  const docs = await store.users
    .find({ tenantId, userId: { $in: userIds } }, { projection: { _id: 0, userId: 1, lastActiveAt: 1 } })
    .toArray();
  return new Map(docs.filter((d) => d.lastActiveAt).map((d) => [d.userId, d.lastActiveAt]));
}

/**
 * One page of the people whose first Copilot use falls in the range, newest first (ties by `_id`, the order of the
 * index `by_first_active_id` that both reads use), and how many there are in all.
 */
export async function firstUsePage(
  store: Store,
  tenantId: string,
  range: TimeRange,
  page: { start: number; size: number },
): Promise<{ rows: Awaited<ReturnType<typeof firstUseFacts>>; total: number }> {
  const filter: Filter<UserDoc> = { tenantId, firstActiveAt: { $gte: range.from, $lt: range.to } };
  const [rows, total] = await Promise.all([
    store.users
      .find(filter, {
        sort: { firstActiveAt: -1, _id: -1 },
        skip: page.start,
        limit: page.size,
        projection: { _id: 0, userId: 1, displayName: 1, userPrincipalName: 1, department: 1, firstActiveAt: 1 },
      })
      .toArray(),
    store.users.countDocuments(filter),
  ]);
  return { rows, total };
}

/** The first UTC day anything was synced for (the start of the data), or null before the first sync. */
export async function firstSyncedDay(store: Store, tenantId: string): Promise<string | null> {
  const first = await store.dailyActivity.findOne({ tenantId }, { sort: { day: 1 }, projection: { day: 1 } });
  return first?.day ?? null;
}

/**
 * Display names of apps outside the catalogue ("Fabric.Notebook (unrecognised)"), as the sync stored them: one agent
 * of each app, all asked at once (one round trip, not one per app).
 */
export async function storedAppNames(store: Store, tenantId: string, appKeys: string[]): Promise<Map<string, string>> {
  const docs = await Promise.all(
    // In the order of an index on the app (by_app_last_id), so the store stops at the first record, not all of them.
    appKeys.map((appKey) =>
      store.agents.findOne({ tenantId, appKey }, { sort: { lastAt: -1 }, projection: { appName: 1 } }),
    ),
  );
  const names = new Map<string, string>();
  appKeys.forEach((appKey, i) => docs[i]?.appName && names.set(appKey, docs[i].appName));
  return names;
}
