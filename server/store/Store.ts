import type { Collection, Db, Document, IndexDescription, IndexDirection } from 'mongodb';
import type {
  AccessLogDoc,
  AdminSightingDoc,
  AgentDoc,
  BotConversationDoc,
  ConsentStateDoc,
  ConversationDoc,
  DailyActivityDoc,
  DailyUserActivityDoc,
  DataSourceDoc,
  DataSourceUsageDoc,
  SiteActivityBuiltDoc,
  SiteActivityDoc,
  SourceMonthDoc,
  SourceMonthsBuiltDoc,
  DayTotalDoc,
  DayTotalsBuiltDoc,
  DirectoryUserDoc,
  FindingDoc,
  FindingSuppressionDoc,
  ErasureDoc,
  InteractionDoc,
  RetentionRunDoc,
  SavedQuestionDoc,
  SummaryDeliveryDoc,
  SyncBatchAppliedDoc,
  SyncBatchDoc,
  SyncLeaseDoc,
  SyncRunDoc,
  SyncStateDoc,
  TenantConnectionDoc,
  UserDoc,
  WatchlistEntryDoc,
} from './documents';
import type { MongoFlavor } from './connectMongo';
import { backfillDepartmentKeys, backfillPersonDepartmentKeys } from './departmentKey';
import { limitReadTime } from './readTimeLimit';

/** The collections of the one store that sync, tab and bot share. */
export interface Store {
  db: Db;
  interactions: Collection<InteractionDoc>;
  conversations: Collection<ConversationDoc>;
  agents: Collection<AgentDoc>;
  dataSources: Collection<DataSourceDoc>;
  dataSourceUsage: Collection<DataSourceUsageDoc>;
  siteActivity: Collection<SiteActivityDoc>;
  siteActivityBuilt: Collection<SiteActivityBuiltDoc>;
  sourceMonths: Collection<SourceMonthDoc>;
  sourceMonthsBuilt: Collection<SourceMonthsBuiltDoc>;
  users: Collection<UserDoc>;
  directoryUsers: Collection<DirectoryUserDoc>;
  dailyActivity: Collection<DailyActivityDoc>;
  dayTotals: Collection<DayTotalDoc>;
  dayTotalsBuilt: Collection<DayTotalsBuiltDoc>;
  dailyUserActivity: Collection<DailyUserActivityDoc>;
  syncState: Collection<SyncStateDoc>;
  syncRuns: Collection<SyncRunDoc>;
  syncBatches: Collection<SyncBatchDoc>;
  syncBatchesApplied: Collection<SyncBatchAppliedDoc>;
  syncLeases: Collection<SyncLeaseDoc>;
  accessLog: Collection<AccessLogDoc>;
  savedQuestions: Collection<SavedQuestionDoc>;
  botConversations: Collection<BotConversationDoc>;
  summaryDeliveries: Collection<SummaryDeliveryDoc>;
  tenantConnections: Collection<TenantConnectionDoc>;
  consentStates: Collection<ConsentStateDoc>;
  adminSightings: Collection<AdminSightingDoc>;
  findings: Collection<FindingDoc>;
  findingSuppressions: Collection<FindingSuppressionDoc>;
  watchlistEntries: Collection<WatchlistEntryDoc>;
  erasures: Collection<ErasureDoc>;
  retentionRuns: Collection<RetentionRunDoc>;
  /** Creates every index; call once at start-up and await it. */
  ensureIndexes(): Promise<void>;
}

type IndexPlan = Record<Exclude<keyof Store, 'db' | 'ensureIndexes'>, IndexDescription[]>;

/**
 * Natural keys get unique indexes (a safety net on real MongoDB; `_id` is derived from the same key, so
 * uniqueness holds even on the emulator), the rest serve the tab's and bot's reads.
 *
 * Keyset pages sort on `{field, _id}` (insights/cursor.ts). MongoDB takes a sort from an index only when, after the
 * keys the filter pins by equality, the index's next keys are the sort's keys in order, all in the index's directions
 * or all reversed ("Use Indexes to Sort Query Results" in the MongoDB manual): an index ending at `field` leaves
 * every page to a blocking sort of everything in range. So each paged sort has an index of exactly (equality
 * prefix…, field, _id); docs/api.md lists each read and the index that serves it. A changed key pattern gets a new
 * name (createIndexes with an existing name and other keys fails), and the old index is dropped (DROPPED below).
 */
const INDEXES: IndexPlan = {
  interactions: [
    { key: { tenantId: 1, userId: 1, graphId: 1 }, name: 'natural_key', unique: true },
    // A conversation's transcript, oldest first.
    { key: { tenantId: 1, sessionId: 1, createdAt: 1, _id: 1 }, name: 'by_session_id' },
    // The activity feed's pages and CSV (newest first), alone or for one user or app; a user's prompts.
    { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'by_time_id' },
    { key: { tenantId: 1, userId: 1, createdAt: -1, _id: -1 }, name: 'by_user_time_id' },
    // The feed for one app (without it, the page walks every app's interactions in the range).
    { key: { tenantId: 1, appKey: 1, createdAt: -1, _id: -1 }, name: 'by_app_time_id' },
    // One named data source's or site's interactions in a period (Ask, core/insights/sourceFilter.ts): a multikey
    // index, one key per source an interaction cites, so a file's figures read only the interactions that cited it.
    { key: { tenantId: 1, dataSourceKeys: 1, createdAt: -1 }, name: 'by_source_time' },
  ],
  conversations: [
    { key: { tenantId: 1, userId: 1, sessionId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, lastAt: -1 }, name: 'by_last' },
    { key: { tenantId: 1, appKey: 1, lastAt: -1 }, name: 'by_app_last' },
    // The feed's sessions: newest first by start, with or without an app filter.
    { key: { tenantId: 1, firstAt: -1, _id: -1 }, name: 'by_first_id' },
    { key: { tenantId: 1, appKey: 1, firstAt: -1, _id: -1 }, name: 'by_app_first_id' },
    { key: { tenantId: 1, userId: 1, firstAt: -1, _id: -1 }, name: 'by_user_first_id' },
  ],
  agents: [
    { key: { tenantId: 1, userId: 1, appKey: 1 }, name: 'natural_key', unique: true },
    // The agents list's pages by each sortable field, alone or within one app. One user's agents (one per app) are
    // few enough to sort in memory.
    { key: { tenantId: 1, lastAt: -1, _id: -1 }, name: 'by_last_id' },
    { key: { tenantId: 1, appKey: 1, lastAt: -1, _id: -1 }, name: 'by_app_last_id' },
    { key: { tenantId: 1, firstAt: -1, _id: -1 }, name: 'by_first_id' },
    { key: { tenantId: 1, interactionCount: -1, _id: -1 }, name: 'by_interactions_id' },
    { key: { tenantId: 1, promptCount: -1, _id: -1 }, name: 'by_prompts_id' },
    { key: { tenantId: 1, conversationCount: -1, _id: -1 }, name: 'by_conversations_id' },
    { key: { tenantId: 1, appKey: 1, firstAt: -1, _id: -1 }, name: 'by_app_first_id' },
    { key: { tenantId: 1, appKey: 1, interactionCount: -1, _id: -1 }, name: 'by_app_interactions_id' },
    { key: { tenantId: 1, appKey: 1, promptCount: -1, _id: -1 }, name: 'by_app_prompts_id' },
    { key: { tenantId: 1, appKey: 1, conversationCount: -1, _id: -1 }, name: 'by_app_conversations_id' },
    // One department's agents (an equality on departmentKey, the person's department as users carry it) by each
    // sortable field: without them a department filter is `userId $in` its people, which no index orders.
    { key: { tenantId: 1, departmentKey: 1, lastAt: -1, _id: -1 }, name: 'by_department_last_id' },
    { key: { tenantId: 1, departmentKey: 1, firstAt: -1, _id: -1 }, name: 'by_department_first_id' },
    { key: { tenantId: 1, departmentKey: 1, interactionCount: -1, _id: -1 }, name: 'by_department_interactions_id' },
    { key: { tenantId: 1, departmentKey: 1, promptCount: -1, _id: -1 }, name: 'by_department_prompts_id' },
    { key: { tenantId: 1, departmentKey: 1, conversationCount: -1, _id: -1 }, name: 'by_department_conversations_id' },
    // Top users in one app: candidates in order of their all-time count there, ties by user (insights/topUsers.ts).
    { key: { tenantId: 1, appKey: 1, interactionCount: -1, userId: 1 }, name: 'by_app_interactions_user' },
    { key: { tenantId: 1, appKey: 1, promptCount: -1, userId: 1 }, name: 'by_app_prompts_user' },
  ],
  dataSources: [
    { key: { tenantId: 1, key: 1 }, name: 'natural_key', unique: true },
    // The data sources list's pages by each sortable field, and by references within one kind.
    { key: { tenantId: 1, referenceCount: -1, _id: -1 }, name: 'by_references_id' },
    { key: { tenantId: 1, lastAt: -1, _id: -1 }, name: 'by_last_id' },
    { key: { tenantId: 1, userCount: -1, _id: -1 }, name: 'by_users_id' },
    { key: { tenantId: 1, kind: 1, referenceCount: -1, _id: -1 }, name: 'by_kind_id' },
    // A source a question names, by the first words of its name or of its name without extension (core/sourceNames.ts).
    { key: { tenantId: 1, nameHead: 1 }, name: 'by_name_head' },
    { key: { tenantId: 1, stemHead: 1 }, name: 'by_stem_head' },
  ],
  dataSourceUsage: [
    { key: { tenantId: 1, key: 1, userId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, userId: 1 }, name: 'by_user' },
  ],
  siteActivity: [
    { key: { tenantId: 1, site: 1 }, name: 'natural_key', unique: true },
    // "Most referenced sites": the sites reaching the Nth count, ties by site (insights/siteActivity.ts).
    { key: { tenantId: 1, referenceCount: -1, site: 1 }, name: 'by_references_site' },
  ],
  siteActivityBuilt: [],
  sourceMonths: [
    { key: { tenantId: 1, month: 1, key: 1 }, name: 'natural_key', unique: true },
    // "Most referenced files this month": the month's sources reaching the Nth count (insights/sourceMonths.ts).
    { key: { tenantId: 1, month: 1, referenceCount: -1 }, name: 'by_month_references' },
    { key: { tenantId: 1, month: 1, kind: 1, referenceCount: -1 }, name: 'by_month_kind_references' },
  ],
  sourceMonthsBuilt: [],
  users: [
    { key: { tenantId: 1, userId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, department: 1 }, name: 'by_department' },
    // One department's users (a department filter is an equality on departmentKey), newest activity first.
    { key: { tenantId: 1, departmentKey: 1, lastActiveAt: -1, _id: -1 }, name: 'by_department_last_active_id' },
    // The users list's pages by each sortable field (the newest activity reads the first of by_last_active_id).
    { key: { tenantId: 1, lastActiveAt: -1, _id: -1 }, name: 'by_last_active_id' },
    { key: { tenantId: 1, firstActiveAt: -1, _id: -1 }, name: 'by_first_active_id' },
    { key: { tenantId: 1, interactionCount: -1, _id: -1 }, name: 'by_interactions_id' },
    { key: { tenantId: 1, promptCount: -1, _id: -1 }, name: 'by_prompts_id' },
    { key: { tenantId: 1, conversationCount: -1, _id: -1 }, name: 'by_conversations_id' },
    // Top users over long ranges: candidates in order of their all-time counts, ties by user (insights/topUsers.ts).
    { key: { tenantId: 1, promptCount: -1, userId: 1 }, name: 'by_prompts_user' },
    { key: { tenantId: 1, interactionCount: -1, userId: 1 }, name: 'by_interactions_user' },
  ],
  directoryUsers: [
    { key: { tenantId: 1, userId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, hasActivity: 1 }, name: 'by_activity' },
    // One department's licence holders (its page, the inactive list filtered by department).
    { key: { tenantId: 1, departmentKey: 1 }, name: 'by_department_key' },
  ],
  dailyActivity: [
    { key: { tenantId: 1, day: 1, appKey: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, appKey: 1, day: 1 }, name: 'by_app_day' },
  ],
  // A range's days of all apps (insights/dayTotals.ts).
  dayTotals: [{ key: { tenantId: 1, day: 1 }, name: 'natural_key', unique: true }],
  dayTotalsBuilt: [],
  dailyUserActivity: [
    { key: { tenantId: 1, day: 1, userId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, userId: 1, day: 1 }, name: 'by_user_day' },
    // One day's top users by prompts: the day's records in ranking order, ties by user (insights/topUsers.ts).
    { key: { tenantId: 1, day: 1, promptCount: -1, userId: 1 }, name: 'by_day_prompts_user' },
    // One or a few departments' days (Ask's department filter, an equality on the key the sync keeps on them).
    { key: { tenantId: 1, departmentKey: 1, day: 1 }, name: 'by_department_day' },
  ],
  syncState: [
    { key: { tenantId: 1, userId: 1 }, name: 'natural_key', unique: true },
    // Users whose history the last sync could not read (insights/userSyncErrors.ts): a handful among thousands.
    { key: { tenantId: 1, status: 1 }, name: 'by_status' },
  ],
  syncRuns: [
    { key: { runId: 1 }, name: 'natural_key', unique: true },
    // The sync history's pages, newest first; the last finished run.
    { key: { tenantId: 1, startedAt: -1, _id: -1 }, name: 'by_tenant_time_id' },
    // The last successful run (status $in: a merge of two index walks, no sort) and running-run lookups on every
    // overview and sync status, without reading the whole run history.
    { key: { tenantId: 1, status: 1, endedAt: -1 }, name: 'by_status_end' },
    // The running run, newest first (sync status, the scheduler's lock holder).
    { key: { tenantId: 1, status: 1, startedAt: -1 }, name: 'by_status_start' },
    // Runs that ended since a time, newest first (the sync summary's sweep): the order and the range from one key,
    // where by_status_end cannot give it (the sweep's `status: {$ne}` is no equality).
    { key: { tenantId: 1, endedAt: -1 }, name: 'by_tenant_end' },
    // The earliest full sync (the synced window), found first instead of after every incremental run before it.
    { key: { tenantId: 1, mode: 1, startedAt: 1 }, name: 'by_mode_start' },
  ],
  syncBatches: [{ key: { tenantId: 1, createdAt: 1 }, name: 'by_tenant_time' }],
  syncBatchesApplied: [],
  syncLeases: [{ key: { tenantId: 1 }, name: 'natural_key', unique: true }],
  // The access log's pages, newest first, alone or for one person viewed.
  accessLog: [
    { key: { tenantId: 1, at: -1, _id: -1 }, name: 'by_tenant_time_id' },
    { key: { tenantId: 1, subjectUserId: 1, at: -1, _id: -1 }, name: 'by_subject_time_id' },
  ],
  savedQuestions: [{ key: { tenantId: 1, ownerId: 1, name: 1 }, name: 'natural_key', unique: true }],
  botConversations: [
    { key: { tenantId: 1, conversationId: 1 }, name: 'natural_key', unique: true },
    { key: { tenantId: 1, subscribed: 1, active: 1 }, name: 'by_subscription' },
    { key: { tenantId: 1, userId: 1, kind: 1 }, name: 'by_personal_user' },
  ],
  summaryDeliveries: [
    { key: { runId: 1, conversationId: 1 }, name: 'natural_key', unique: true },
    // Retention deletes deliveries claimed before its cut-off (core/privacy/retention.ts), without a scan.
    { key: { tenantId: 1, claimedAt: 1 }, name: 'by_tenant_claimed' },
  ],
  tenantConnections: [{ key: { tenantId: 1 }, name: 'natural_key', unique: true }],
  consentStates: [],
  adminSightings: [
    { key: { tenantId: 1, userId: 1 }, name: 'natural_key', unique: true },
    // The bot trusts a sighting for a day (core/bot/adminSightings.ts); MongoDB's TTL monitor removes it a day later
    // ("Expire Data from Collections by Setting TTL" in the manual), so who was an admin is not kept for ever.
    { key: { seenAt: 1 }, name: 'expire_seen', expireAfterSeconds: 2 * 86_400 },
  ],
  findings: [
    { key: { tenantId: 1, userId: 1, interactionId: 1, rule: 1 }, name: 'natural_key', unique: true },
    // The findings list: newest first, alone or narrowed by status, severity, category, user or app.
    { key: { tenantId: 1, interactionAt: -1, _id: -1 }, name: 'by_time_id' },
    { key: { tenantId: 1, status: 1, interactionAt: -1, _id: -1 }, name: 'by_status_time_id' },
    { key: { tenantId: 1, severity: 1, interactionAt: -1, _id: -1 }, name: 'by_severity_time_id' },
    { key: { tenantId: 1, category: 1, interactionAt: -1, _id: -1 }, name: 'by_category_time_id' },
    { key: { tenantId: 1, userId: 1, interactionAt: -1, _id: -1 }, name: 'by_user_time_id' },
    { key: { tenantId: 1, appKey: 1, interactionAt: -1, _id: -1 }, name: 'by_app_time_id' },
    // Sorted by when first found or when the status last moved.
    { key: { tenantId: 1, detectedAt: -1, _id: -1 }, name: 'by_detected_id' },
    { key: { tenantId: 1, statusChangedAt: -1, _id: -1 }, name: 'by_status_changed_id' },
    // Sorted by severity (then newest), alone or narrowed by status, the Risk view's usual filter.
    { key: { tenantId: 1, severityOrder: -1, _id: -1 }, name: 'by_severity_order_id' },
    { key: { tenantId: 1, status: 1, severityOrder: -1, _id: -1 }, name: 'by_status_severity_order_id' },
  ],
  findingSuppressions: [{ key: { tenantId: 1, suppressionId: 1 }, name: 'natural_key', unique: true }],
  watchlistEntries: [{ key: { tenantId: 1, entryId: 1 }, name: 'natural_key', unique: true }],
  erasures: [{ key: { tenantId: 1, userHash: 1 }, name: 'natural_key', unique: true }],
  retentionRuns: [{ key: { tenantId: 1, at: -1 }, name: 'by_tenant_time' }],
};

export interface StoreOptions {
  /** `maxTimeMS` for every read of this store (see readTimeLimit.ts); none when unset. */
  readMaxTimeMS?: number;
  /** The server: on Cosmos DB RU, ensureIndexes also creates the exact sort indexes RU needs (`ruSortIndexes`). */
  flavor?: MongoFlavor;
}

/**
 * Azure Cosmos DB for MongoDB (RU) serves a sort on several fields only from a compound index on exactly those fields
 * in that order (or all reversed), and refuses the read otherwise ("Manage indexing in Azure Cosmos DB for MongoDB" on
 * Microsoft Learn): an index that starts with `tenantId` does not count. So on RU every multi-field sort gets its own
 * index: the last two keys of each index that ends in a tie-break (`_id`, or `userId` after a count), plus the daily
 * activity's `{day, appKey}` order. MongoDB and vCore do not need them and do not get them.
 */
export function ruSortIndexes(plan: IndexPlan): IndexPlan {
  const out = {} as IndexPlan;
  for (const [name, indexes] of Object.entries(plan) as [keyof IndexPlan, IndexDescription[]][]) {
    const extra = new Map<string, IndexDescription>();
    const pairs = indexes
      .map((index) => Object.entries(index.key).slice(-2))
      .filter(([first, second]) => {
        const tieBreak = second?.[0] === '_id' || (second?.[0] === 'userId' && /Count$/.test(first?.[0] ?? ''));
        return tieBreak && first?.[0] !== 'tenantId';
      });
    for (const pair of [...pairs, ...(RU_EXTRA_SORTS[name] ?? [])]) {
      const exact = `ru_sort_${pair.map(([field]) => field.replace(/\W/g, '')).join('_')}`;
      if (!extra.has(exact)) extra.set(exact, { key: Object.fromEntries(pair), name: exact });
    }
    out[name] = [...indexes, ...extra.values()];
  }
  return out;
}

/** Multi-field sorts whose collection has no index ending in them (read in key order from the natural key). */
const RU_EXTRA_SORTS: Partial<Record<keyof IndexPlan, Array<Array<[string, IndexDirection]>>>> = {
  dailyActivity: [
    [
      ['day', 1],
      ['appKey', 1],
    ],
  ],
};

/**
 * Indexes dropped from earlier versions (ensureIndexes removes them where they exist). The two natural keys were
 * unique indexes on a random id (a batch id, a consent nonce) from which `_id` is derived: `_id` already makes it
 * unique, every read and write goes by `_id`, so they served no query and cost every insert an index entry.
 */
const DROPPED: Partial<Record<keyof IndexPlan, string[]>> = {
  syncBatches: ['natural_key'],
  consentStates: ['natural_key'],
  // Replaced by the same keys followed by `_id` (or `userId`), which also give keyset pages their order.
  interactions: ['by_session', 'by_time', 'by_user_time'],
  conversations: ['by_first', 'by_app_first'],
  agents: ['by_app_last', 'by_last', 'by_volume', 'by_app_volume'],
  dataSources: ['by_references', 'by_last', 'by_users', 'by_kind'],
  users: ['by_last_active', 'by_prompts', 'by_interactions'],
  syncRuns: ['by_tenant_time'],
  accessLog: ['by_tenant_time'],
  findings: ['by_time', 'by_status_time', 'by_severity_time', 'by_category_time', 'by_user_time', 'by_app_time'],
};

/** Builds the store over a Db handed in (the composition root owns the connection). */
export function createStore(db: Db, options: StoreOptions = {}): Store {
  const { readMaxTimeMS } = options;
  const collection = <T extends Document>(name: string): Collection<T> =>
    readMaxTimeMS === undefined ? db.collection<T>(name) : limitReadTime(db.collection<T>(name), readMaxTimeMS);
  const collections = {
    interactions: collection<InteractionDoc>('interactions'),
    conversations: collection<ConversationDoc>('conversations'),
    agents: collection<AgentDoc>('agents'),
    dataSources: collection<DataSourceDoc>('dataSources'),
    dataSourceUsage: collection<DataSourceUsageDoc>('dataSourceUsage'),
    siteActivity: collection<SiteActivityDoc>('siteActivity'),
    siteActivityBuilt: collection<SiteActivityBuiltDoc>('siteActivityBuilt'),
    sourceMonths: collection<SourceMonthDoc>('sourceMonths'),
    sourceMonthsBuilt: collection<SourceMonthsBuiltDoc>('sourceMonthsBuilt'),
    users: collection<UserDoc>('users'),
    directoryUsers: collection<DirectoryUserDoc>('directoryUsers'),
    dailyActivity: collection<DailyActivityDoc>('dailyActivity'),
    dayTotals: collection<DayTotalDoc>('dayTotals'),
    dayTotalsBuilt: collection<DayTotalsBuiltDoc>('dayTotalsBuilt'),
    dailyUserActivity: collection<DailyUserActivityDoc>('dailyUserActivity'),
    syncState: collection<SyncStateDoc>('syncState'),
    syncRuns: collection<SyncRunDoc>('syncRuns'),
    syncBatches: collection<SyncBatchDoc>('syncBatches'),
    syncBatchesApplied: collection<SyncBatchAppliedDoc>('syncBatchesApplied'),
    syncLeases: collection<SyncLeaseDoc>('syncLeases'),
    accessLog: collection<AccessLogDoc>('accessLog'),
    savedQuestions: collection<SavedQuestionDoc>('savedQuestions'),
    botConversations: collection<BotConversationDoc>('botConversations'),
    summaryDeliveries: collection<SummaryDeliveryDoc>('summaryDeliveries'),
    tenantConnections: collection<TenantConnectionDoc>('tenantConnections'),
    consentStates: collection<ConsentStateDoc>('consentStates'),
    adminSightings: collection<AdminSightingDoc>('adminSightings'),
    findings: collection<FindingDoc>('findings'),
    findingSuppressions: collection<FindingSuppressionDoc>('findingSuppressions'),
    watchlistEntries: collection<WatchlistEntryDoc>('watchlistEntries'),
    erasures: collection<ErasureDoc>('erasures'),
    retentionRuns: collection<RetentionRunDoc>('retentionRuns'),
  };
  return {
    db,
    ...collections,
    async ensureIndexes() {
      const plan = options.flavor === 'cosmos-ru' ? ruSortIndexes(INDEXES) : INDEXES;
      for (const [name, indexes] of Object.entries(plan) as [keyof IndexPlan, IndexDescription[]][]) {
        if (indexes.length > 0) await collections[name].createIndexes(indexes);
      }
      for (const [name, dropped] of Object.entries(DROPPED) as [keyof IndexPlan, string[]][]) {
        const collection = collections[name];
        const exists = await db.listCollections({ name: collection.collectionName }, { nameOnly: true }).hasNext();
        if (!exists) continue;
        const present = new Set((await collection.indexes()).map((index) => index.name));
        for (const index of dropped) if (present.has(index)) await collection.dropIndex(index);
      }
      // Unlimited by readMaxTimeMS: a start-up step, not an API read.
      for (const people of [collections.users, collections.directoryUsers])
        await backfillDepartmentKeys(db.collection(people.collectionName));
      // After the people: an agent and a person's day take the person's key.
      for (const records of [collections.agents, collections.dailyUserActivity])
        await backfillPersonDepartmentKeys(
          db.collection(records.collectionName),
          db.collection(collections.users.collectionName),
        );
    },
  };
}
