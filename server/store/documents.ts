import type { Binary, ObjectId } from 'mongodb';
import type {
  AiInteractionAttachment,
  AiInteractionContext,
  AiInteractionLink,
  AiInteractionMention,
  IdentitySet,
  ItemBody,
} from '../graph/types';

/** One prompt or response, keyed by (tenantId, userId, graphId): Graph ids are not unique across users. */
export interface InteractionDoc {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  graphId: string;
  sessionId: string;
  requestId: string | null;
  appClass: string;
  appKey: string;
  interactionType: string;
  conversationType: string | null;
  createdAt: Date;
  locale: string;
  etag: string | null;
  body: ItemBody | null;
  from: IdentitySet;
  attachments: AiInteractionAttachment[];
  links: AiInteractionLink[];
  contexts: AiInteractionContext[];
  mentions: AiInteractionMention[];
  /** Keys of the data sources this interaction referenced (see dataSourceExtractor). */
  dataSourceKeys: string[];
  syncedAt: Date;
  /** When retention removed its text (body, attachments, mentions); absent while the text is kept. */
  textRemovedAt?: Date;
}

/** Counters every aggregate carries. */
export interface ActivityCounts {
  promptCount: number;
  responseCount: number;
  interactionCount: number;
}

/** A Copilot session (Graph `sessionId`) of one user. */
export interface ConversationDoc extends ActivityCounts {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  sessionId: string;
  appKey: string;
  appName: string;
  appClass: string;
  conversationType: string | null;
  firstAt: Date;
  lastAt: Date;
  dataSourceKeys: string[];
  lastBatch?: string;
}

/** One user's use of one Copilot app. */
export interface AgentDoc extends ActivityCounts {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  appKey: string;
  appName: string;
  appClass: string;
  known: boolean;
  firstAt: Date;
  lastAt: Date;
  conversationCount: number;
  /** The person's departmentKey as their users record has it (the department filter); absent before backfill. */
  departmentKey?: string | null;
  lastBatch?: string;
}

export type DataSourceKind = 'file' | 'site' | 'meeting' | 'event' | 'email' | 'chat' | 'web' | 'other';

/** A file, link or resource Copilot used, normalised, with who reached it through which app. */
export interface DataSourceDoc {
  _id: ObjectId;
  tenantId: string;
  key: string;
  kind: DataSourceKind;
  name: string | null;
  url: string | null;
  host: string | null;
  firstAt: Date;
  lastAt: Date;
  /** Interactions that referenced it. */
  referenceCount: number;
  /** Distinct users who reached it (one dataSourceUsage document each). */
  userCount: number;
  appKeys: string[];
  /**
   * The first two words of its name and of its name without extension where that differs (sourceFilter.ts
   * nameHeads): a question naming it is looked up by these. Absent on sources stored before them, until a sync
   * builds them (sync/sourceNamesBuild.ts).
   */
  nameHead?: string | null;
  stemHead?: string | null;
  applied?: Record<string, boolean>;
}

/**
 * All-time references to the data sources of one site (core/dataSourceSite.ts's siteOfKey; '' for sources without
 * one), kept by the sync's aggregate ops beside each source's own count, so "most referenced sites" is an index read.
 */
export interface SiteActivityDoc {
  _id: ObjectId;
  tenantId: string;
  site: string;
  referenceCount: number;
  /** The key prefix of the site's sources (`url:https://host/sites/Name`, as stored), null outside a site. */
  prefix?: string | null;
  applied?: Record<string, boolean>;
}

/** "This tenant's site aggregate holds every data source's references": written once it has been built. */
export interface SiteActivityBuiltDoc {
  _id: ObjectId;
  tenantId: string;
  builtAt: Date;
  /** Every source has its name heads and every site its key prefix (sync/sourceNamesBuild.ts). */
  names?: boolean;
}

/**
 * References to one data source in one calendar month (UTC, `YYYY-MM`), kept by the sync's aggregate ops beside the
 * source's all-time count, so "most referenced files this month" reads the month's leaders instead of every
 * interaction of the month. Counts only: no people, so a document stays small whatever the source's reach.
 */
export interface SourceMonthDoc {
  _id: ObjectId;
  tenantId: string;
  month: string;
  key: string;
  kind: DataSourceKind;
  referenceCount: number;
  applied?: Record<string, boolean>;
  /** The rebuild that last wrote it (sync/sourceMonthsRebuild.ts). */
  build?: string;
}

/** "This tenant's per-source monthly counts hold every stored interaction's references": written once built. */
export interface SourceMonthsBuiltDoc {
  _id: ObjectId;
  tenantId: string;
  builtAt: Date;
}

/** Which user reached which data source, through which apps (the data source's users and agents). */
export interface DataSourceUsageDoc {
  _id: ObjectId;
  tenantId: string;
  key: string;
  userId: string;
  appKeys: string[];
  referenceCount: number;
  firstAt: Date;
  lastAt: Date;
  lastBatch?: string;
}

/** Directory fields copied onto user records (from Graph's user resource). */
export interface UserProfileFields {
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  department: string | null;
  /** The department trimmed and lowercased (store/departmentKey.ts), what a department filter matches; absent before backfill. */
  departmentKey?: string | null;
  jobTitle: string | null;
  officeLocation: string | null;
}

/** A user with at least one Copilot interaction. */
export interface UserDoc extends ActivityCounts, UserProfileFields {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  firstActiveAt: Date;
  lastActiveAt: Date;
  conversationCount: number;
  /** Interactions per app key. */
  appCounts: Record<string, number>;
  lastBatch?: string;
}

/** Every Copilot-licensed user seen in the directory, active or not (the license-waste view). */
export interface DirectoryUserDoc extends UserProfileFields {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  accountEnabled: boolean | null;
  /** Graph's `usageLocation` (ISO 3166 alpha-2), null when unset; absent on records from before it was read. */
  usageLocation?: string | null;
  skuIds: string[];
  /** False when the Copilot chat service plan is disabled on the license (the export API would refuse). */
  copilotEnabled: boolean;
  hasActivity: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Activity of one app on one UTC day (the per-app-per-day figures and busiest hours). */
export interface DailyActivityDoc extends ActivityCounts {
  _id: ObjectId;
  tenantId: string;
  day: string;
  date: Date;
  appKey: string;
  appName: string;
  /** Interactions per UTC hour 0..23. */
  hours: number[];
  /** (Interaction, data source) pairs: the feed's "data source access" rows of the day and app. */
  dataSourceAccessCount: number;
  applied?: Record<string, boolean>;
}

/**
 * Every app's activity on one UTC day added up, kept by the sync's aggregate ops beside the per-app days, so a figure
 * by day, week or month of all apps reads one document a day instead of one per app and day.
 */
export interface DayTotalDoc extends ActivityCounts {
  _id: ObjectId;
  tenantId: string;
  day: string;
  applied?: Record<string, boolean>;
  /** The rebuild that last wrote it (sync/dayTotalsRebuild.ts). */
  build?: string;
}

/** "This tenant's per-day totals hold every per-app day's counts": written once built. */
export interface DayTotalsBuiltDoc {
  _id: ObjectId;
  tenantId: string;
  builtAt: Date;
}

/** Activity of one user on one UTC day (top users over any range, active users per day). */
export interface DailyUserActivityDoc extends ActivityCounts {
  _id: ObjectId;
  tenantId: string;
  day: string;
  date: Date;
  userId: string;
  /** Interactions per app key. */
  appCounts: Record<string, number>;
  /** Prompts per app key (top users in one app without reading interactions). */
  appPrompts: Record<string, number>;
  /** The person's departmentKey as their users record has it (department figures grouped by the store); absent before backfill. */
  departmentKey?: string | null;
  lastBatch?: string;
}

/** Per-user sync progress: the watermark only moves once the user's pages are durably written. */
export interface SyncStateDoc {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  watermark: Date | null;
  lastSyncedAt: Date | null;
  lastRunId: string | null;
  status: 'ok' | 'error';
  lastError: SyncErrorEntry | null;
}

export interface SyncErrorEntry {
  userId: string | null;
  userPrincipalName: string | null;
  code: string;
  status: number | null;
  message: string;
  at: Date;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'completed_with_errors' | 'failed' | 'interrupted';

/** What a sync's writes created and changed, for the collections a run reports. */
export interface WriteCounts {
  interactionsNew: number;
  conversationsNew: number;
  conversationsUpdated: number;
  agentsNew: number;
  agentsUpdated: number;
  dataSourcesNew: number;
  dataSourcesUpdated: number;
  usersNew: number;
  usersUpdated: number;
}

export interface SyncRunCounts extends WriteCounts {
  usersListed: number;
  interactionsFetched: number;
}

/** One sync run: what the tab's Sync view and the bot's summaries read. */
export interface SyncRunDoc {
  _id: ObjectId;
  runId: string;
  tenantId: string;
  mode: 'full' | 'incremental';
  trigger: string;
  status: SyncRunStatus;
  startedAt: Date;
  endedAt: Date | null;
  heartbeatAt: Date;
  stage: 'starting' | 'recovering' | 'users' | 'interactions' | 'finishing' | 'done';
  progress: { usersTotal: number; usersDone: number; pages: number };
  counts: SyncRunCounts;
  errors: SyncErrorEntry[];
  errorCount: number;
  graph: { requests: number; throttled: number; retries: number };
  durationMs: number | null;
  message: string | null;
}

/** Write-ahead record of one batch's new interactions and their aggregate changes (see batchWriter). */
export interface SyncBatchDoc {
  _id: ObjectId;
  batchId: string;
  tenantId: string;
  /** Users whose pages the batch holds. */
  userIds: string[];
  runId: string;
  createdAt: Date;
  /** The batch's new interactions (written right after this entry, before any op). */
  interactionIds: ObjectId[];
  /** The batch's AggregateOp[] as one BSON blob (`{ ops }`): written and read whole, never queried. */
  opsBson: Binary;
  opCount: number;
}

/** "Batch X has applied all its ops" — kept apart from the (large) journal entry so marking it is cheap. */
export interface SyncBatchAppliedDoc {
  _id: ObjectId;
  tenantId: string;
  batchId: string;
}

export type AggregateCollection =
  | 'conversations'
  | 'agents'
  | 'dataSources'
  | 'dataSourceUsage'
  | 'users'
  | 'dailyActivity'
  | 'dailyUserActivity'
  | 'siteActivity'
  | 'sourceMonths'
  | 'dayTotals';

/** Aggregates only one user's batches touch: guarded by `lastBatch`. The rest are shared across users. */
export const USER_SCOPED_AGGREGATES: ReadonlySet<AggregateCollection> = new Set([
  'conversations',
  'agents',
  'dataSourceUsage',
  'users',
  'dailyUserActivity',
]);

/** An idempotent change to one aggregate document. */
export interface AggregateOp {
  collection: AggregateCollection;
  _id: ObjectId;
  setOnInsert: Record<string, unknown>;
  inc: Record<string, number>;
  min: Record<string, Date>;
  max: Record<string, Date>;
  addToSet: Record<string, unknown[]>;
  set: Record<string, unknown>;
}

/** A lease that keeps two syncs of one tenant from running at once (CLI beside the server, say). */
export interface SyncLeaseDoc {
  _id: ObjectId;
  tenantId: string;
  /** JSON of { instanceId, host, pid }; '' when never held. */
  holder: string;
  expiresAt: Date;
}

/** Who looked at whose conversation content, when and where (the access audit log). */
export interface AccessLogDoc {
  _id: ObjectId;
  tenantId: string;
  at: Date;
  viewer: { userId: string; name: string | null; upn: string | null; demo: boolean };
  /** The user whose prompts and responses were shown. */
  subjectUserId: string;
  subjectName: string | null;
  /** What was shown: one conversation's transcript, or a user's prompts (bot). */
  what: 'conversation' | 'user_prompts' | 'conversation_csv';
  sessionId: string | null;
  /** Where: the tab, the bot, a CSV export. */
  via: 'tab' | 'bot' | 'api';
  /**
   * Who could read it: the viewer alone, in the tab or in their personal chat with the bot (the bot never shows
   * content in a channel or group chat). Absent on entries written before this was recorded.
   */
  shownIn?: 'tab' | 'personal_chat' | 'download';
  /** Why the viewer opened it (the tab asks before every conversation); absent when not asked. */
  reason?: string;
}

/**
 * An admin seen signing in to the tab, by a rule the bot cannot check itself (Teams activities carry no `roles` or
 * `groups` claims): lets the same person use the bot for a while. Removed when a later sign-in is not an admin.
 */
export interface AdminSightingDoc {
  _id: ObjectId;
  tenantId: string;
  userId: string;
  seenAt: Date;
  /** The tier the tab sign-in showed; absent on sightings written before tiers (only admins were recorded then). */
  tier?: 'Viewer' | 'Analyst' | 'Investigator' | 'Admin';
}

/** A question an admin saved to run again (promptbook) from the bot or the tab. */
export interface SavedQuestionDoc {
  _id: ObjectId;
  tenantId: string;
  ownerId: string;
  name: string;
  question: string;
  createdAt: Date;
  lastRunAt: Date | null;
  runCount: number;
}

/** A Teams conversation the bot was installed in or subscribed from (proactive messages need its reference). */
export interface BotConversationDoc {
  _id: ObjectId;
  tenantId: string;
  conversationId: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** For a personal chat, the Entra object id of the person in it (answers sent privately go there); else absent. */
  userId?: string | null;
  /** botbuilder ConversationReference, stored whole. */
  reference: Record<string, unknown>;
  subscribed: boolean;
  active: boolean;
  installedAt: Date;
  subscribedAt: Date | null;
  subscribedBy: string | null;
  deactivatedAt: Date | null;
  deactivatedReason: string | null;
}

/** "Run R's summary goes to conversation C", one per pair: `_id` = naturalId(runId, conversationId). */
export interface SummaryDeliveryDoc {
  _id: ObjectId;
  tenantId: string;
  runId: string;
  conversationId: string;
  /** `failed`: a transient error, retried from `nextAttemptAt`; `abandoned`: out of attempts. */
  status: 'claimed' | 'sent' | 'failed' | 'abandoned' | 'deactivated';
  claimedBy: string;
  claimedAt: Date;
  /** Claims so far (the first send and each retry or takeover); also fences a holder whose claim was taken over. */
  attempts: number;
  /** When a `failed` delivery may be claimed again; null otherwise. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  error: string | null;
}

/** The tenant's connection (admin consent) state, one per tenant. */
export interface TenantConnectionDoc {
  _id: ObjectId;
  tenantId: string;
  status: 'connected' | 'consent_failed' | 'not_connected';
  consentedAt: Date | null;
  /** Object id of the admin whose consent connected the tenant. */
  consentedBy?: string | null;
  lastError: { code: string; message: string; at: Date } | null;
  lastTest: {
    ok: boolean;
    at: Date;
    checks: Array<{
      name: string;
      ok: boolean;
      message: string;
      status?: 'pass' | 'warning' | 'fail' | 'skipped';
      /** Stable problem code (`consent_missing`, `wrong_secret`, …) when not a clean pass. */
      code?: string | null;
    }>;
  } | null;
  updatedAt: Date;
}

/** A signed admin-consent `state` nonce; used at most once. `_id` = naturalId(nonce). */
export interface ConsentStateDoc {
  _id: ObjectId;
  nonce: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * A person erased on request: a do-not-process record the sync honours (the directory step skips them), holding a
 * keyed hash of their object id, never the id or a name. `_id` = naturalId(tenantId, userHash).
 */
export interface ErasureDoc {
  _id: ObjectId;
  tenantId: string;
  userHash: string;
  erasedAt: Date;
  /** Who asked for it (an admin's name or id, or "cli"). */
  by: string;
  /** Why, as the admin recorded it. */
  reason: string | null;
  /** What was removed or pseudonymised, per collection. */
  counts: Record<string, number>;
}

/** One retention pass: what it removed, up to which cut-offs. */
export interface RetentionRunDoc {
  _id: ObjectId;
  tenantId: string;
  at: Date;
  /** Interactions created before this lost their text (prompt, response, attachments, mentions). */
  textCutoff: Date;
  /** Interactions and conversations before this were deleted; aggregates keep their counts. */
  metadataCutoff: Date;
  /** Access-log entries before this were deleted. */
  accessLogCutoff: Date;
  /** Sync runs and summary deliveries before this were deleted. */
  operationalCutoff: Date;
  counts: Record<string, number>;
}

/** Where a finding's evidence is and how it shows: never the value itself. */
export interface FindingEvidence {
  /** What was found (`GitHub token`, `Visa card number`). */
  type: string;
  /** The part of the interaction: `body`, `attachments[0].content#/body/1/text`, `links[2].linkUrl`. */
  path: string;
  start: number;
  end: number;
  /** The value masked (`4111 •••• •••• 1111`). */
  masked: string;
  /** Keyed HMAC of the value: the same value gives the same hash, so repeats group. */
  hash: string;
}

export type FindingStatus = 'open' | 'investigating' | 'resolved' | 'dismissed' | 'false_positive';

/** One step of a finding's triage. */
export interface FindingStatusChange {
  status: FindingStatus;
  by: string;
  byName: string | null;
  at: Date;
  note: string | null;
}

/**
 * A risk finding: one rule's matches in one interaction. `_id` = naturalId('finding', tenantId, userId, graph id,
 * rule), so a rescan or a re-sync finds the same document instead of adding one.
 */
export interface FindingDoc {
  _id: ObjectId;
  tenantId: string;
  rule: string;
  category: string;
  severity: 'high' | 'medium' | 'low';
  /** The severity sort key (core/risk/severityOrder.ts): high → low, then newest. Set on every write since it exists. */
  severityOrder?: number;
  confidence: 'high' | 'medium' | 'low';
  /** A one-line description of what was found. */
  title: string;
  userId: string;
  appKey: string;
  appClass: string;
  sessionId: string;
  /** The Graph id of the interaction. */
  interactionId: string;
  /** Who wrote the text: the user (`prompt`) or Copilot (`response`). */
  source: 'prompt' | 'response';
  interactionAt: Date;
  detectedAt: Date;
  lastDetectedAt: Date;
  evidence: FindingEvidence[];
  hashes: string[];
  status: FindingStatus;
  statusChangedAt: Date;
  statusChangedBy: string | null;
  note: string | null;
  history: FindingStatusChange[];
}

/** "Do not raise this rule for this user, file or site": later detections that match are not recorded. */
export interface FindingSuppressionDoc {
  _id: ObjectId;
  tenantId: string;
  suppressionId: string;
  /** A rule id, or `*` for every rule. */
  rule: string;
  /** Only this user's interactions (any user when null). */
  userId: string | null;
  /** Only interactions citing this file URL or site (a URL prefix or a host; any when null). */
  resource: string | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

/** An admin-defined watch-list entry: a keyword or regular expression with its own severity. */
export interface WatchlistEntryDoc {
  _id: ObjectId;
  tenantId: string;
  entryId: string;
  name: string;
  pattern: string;
  regex: boolean;
  severity: 'high' | 'medium' | 'low';
  createdBy: string;
  createdAt: Date;
}
