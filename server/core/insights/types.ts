/**
 * The one query layer's shapes: what the tab API, the bot and the benches ask, and what they get back.
 * Dependency-free on purpose (no mongodb types): the tab imports these through server/api/contracts.ts.
 * Ids are strings; times are Dates here and ISO strings on the wire (see `Wire<T>` in contracts.ts).
 */

/** Half-open [from, to). */
export interface TimeRange {
  from: Date;
  to: Date;
}

export type SortDirection = 'asc' | 'desc';

/** One page of a list; `nextCursor` is opaque (base64url), null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Rows matching the filters, all pages together. */
  total: number;
}

export interface PageRequest {
  /** Rows per page (the API caps it). */
  limit: number;
  cursor?: string;
}

/** The four kinds of entry in the Observability feed. */
export type ActivityType = 'session' | 'prompt' | 'response' | 'data_source_access';

export interface AppCount {
  appKey: string;
  appName: string;
  users: number;
  sessions: number;
  prompts: number;
  responses: number;
  interactions: number;
}

export interface DailyAppRow {
  day: string; // YYYY-MM-DD (UTC)
  appKey: string;
  appName: string;
  prompts: number;
  responses: number;
  interactions: number;
}

export interface UserRef {
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  department: string | null;
}

export interface TopUserRow extends UserRef {
  prompts: number;
  interactions: number;
  activeDays: number;
}

export interface SyncRunSummary {
  runId: string;
  mode: 'full' | 'incremental';
  trigger: string;
  status: 'running' | 'succeeded' | 'completed_with_errors' | 'failed' | 'interrupted';
  stage: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  progress: { usersTotal: number; usersDone: number; pages: number };
  counts: Record<string, number>;
  errorCount: number;
  errors: Array<{ userId: string | null; userPrincipalName: string | null; code: string; message: string; at: Date }>;
  message: string | null;
}

export interface Overview {
  range: TimeRange;
  activeUsers: number;
  licensedUsers: number;
  /** Licensed users with no Copilot activity synced whose history the sync could read (unused licences). */
  licensedWithoutActivity: number;
  /** Licensed users with no activity synced whose history the sync could not read: unknown, not unused. */
  licensedUnreadable: number;
  agents: number;
  sessions: number;
  prompts: number;
  responses: number;
  dataSources: number;
  apps: AppCount[];
  topUsers: TopUserRow[];
  daily: DailyAppRow[];
  lastSync: SyncRunSummary | null;
  /** When the data was last brought up to date (end of the last successful run). */
  dataAsOf: Date | null;
}

export interface AgentsQuery extends PageRequest {
  range?: TimeRange;
  appKey?: string;
  userId?: string;
  department?: string;
  search?: string;
  sort: 'lastAt' | 'firstAt' | 'interactionCount' | 'promptCount' | 'conversationCount' | 'appName' | 'userName';
  direction: SortDirection;
}

export interface AgentRow extends UserRef {
  id: string;
  appKey: string;
  appName: string;
  known: boolean;
  firstAt: Date;
  lastAt: Date;
  promptCount: number;
  responseCount: number;
  interactionCount: number;
  conversationCount: number;
}

export interface ActivityQuery extends PageRequest {
  range: TimeRange;
  types?: ActivityType[];
  appKey?: string;
  userId?: string;
  /** Matches user names, app names and data source names; never prompt text. */
  search?: string;
}

/** A feed entry: metadata only. Prompt and response text is shown (and audited) in the Conversation view. */
export interface ActivityRow extends UserRef {
  id: string;
  type: ActivityType;
  at: Date;
  appKey: string;
  appName: string;
  conversationId: string;
  sessionId: string;
  /** Sessions: their prompt/response counts; data source accesses: the source. */
  promptCount?: number;
  responseCount?: number;
  dataSource?: DataSourceRef;
}

export interface DataSourceRef {
  key: string;
  kind: string;
  name: string | null;
  url: string | null;
}

export interface ConversationMessage {
  id: string;
  type: 'prompt' | 'response';
  at: Date;
  contentType: 'text' | 'html';
  content: string;
  dataSources: DataSourceRef[];
}

export interface Conversation extends UserRef {
  id: string;
  sessionId: string;
  appKey: string;
  appName: string;
  firstAt: Date;
  lastAt: Date;
  promptCount: number;
  responseCount: number;
  messages: ConversationMessage[];
  dataSources: DataSourceRef[];
}

export interface UsersQuery extends PageRequest {
  /** Keeps users active in it (in `appKey`'s app when given; whole UTC days for a range ended before today); their counts stay all-time. */
  range?: TimeRange;
  appKey?: string;
  department?: string;
  search?: string;
  sort: 'lastActiveAt' | 'firstActiveAt' | 'interactionCount' | 'promptCount' | 'conversationCount' | 'displayName';
  direction: SortDirection;
}

export interface UserRow extends UserRef {
  jobTitle: string | null;
  firstActiveAt: Date;
  lastActiveAt: Date;
  promptCount: number;
  responseCount: number;
  interactionCount: number;
  conversationCount: number;
  appCounts: Record<string, number>;
  /** Interactions per day over the last 14 days, oldest first. */
  trend: number[];
}

export interface LicensedInactiveQuery extends PageRequest {
  department?: string;
  search?: string;
}

export interface LicensedInactiveRow extends UserRef {
  jobTitle: string | null;
  accountEnabled: boolean | null;
  copilotEnabled: boolean;
  firstSeenAt: Date;
}

export interface UserSyncErrorsQuery extends PageRequest {
  /** Only users with no activity synced at all. */
  withoutActivity?: boolean;
  department?: string;
  search?: string;
}

/** A licensed user whose Copilot history the latest sync could not read. */
export interface UserSyncErrorRow extends UserRef {
  jobTitle: string | null;
  copilotEnabled: boolean;
  hasActivity: boolean;
  /** When the sync first saw the licence. */
  licensedSince: Date;
  /** The last time this user's history was read; null: never. */
  lastReadAt: Date | null;
  /** What Graph (or the sync) said: its error code, HTTP status and message. */
  errorCode: string;
  errorStatus: number | null;
  errorMessage: string | null;
  lastErrorAt: Date | null;
  /** What an admin can do about it. */
  advice: string;
}

export interface DataSourcesQuery extends PageRequest {
  /** Keeps sources referenced in it (lastAt >= from and firstAt < to); their counts stay all-time. */
  range?: TimeRange;
  kind?: string;
  appKey?: string;
  search?: string;
  sort: 'referenceCount' | 'userCount' | 'lastAt' | 'name';
  direction: SortDirection;
}

export interface DataSourceRow extends DataSourceRef {
  host: string | null;
  firstAt: Date;
  lastAt: Date;
  referenceCount: number;
  userCount: number;
  appKeys: string[];
}

export interface AccessLogEntry {
  id: string;
  at: Date;
  viewer: { userId: string; name: string | null; upn: string | null; demo: boolean };
  subjectUserId: string;
  subjectName: string | null;
  what: 'conversation' | 'user_prompts' | 'conversation_csv';
  sessionId: string | null;
  via: 'tab' | 'bot' | 'api';
  /** Who could read it: the viewer alone, in the tab, their personal chat with the bot, or a download. */
  shownIn: 'tab' | 'personal_chat' | 'download' | null;
  /** Why the viewer opened it, in their words (asked before every conversation is opened); null when not asked. */
  reason: string | null;
}

export interface SyncStatus {
  running: SyncRunSummary | null;
  lastRun: SyncRunSummary | null;
  lastSuccessfulAt: Date | null;
  /** When the schedule runs next, if known. */
  nextRunAt: Date | null;
  /** Licensed users whose history the latest sync could not read (listed by GET /sync/user-errors). */
  usersWithErrors: number;
}

/** Interactions per UTC hour of day over a range (busiest hours). */
export interface HourlyActivity {
  hour: number;
  interactions: number;
}

export interface DailyActivityQuery {
  range: TimeRange;
  appKey?: string;
}

export interface TopUsersQuery {
  range: TimeRange;
  appKey?: string;
  department?: string;
  limit: number;
  /** Rank by prompts or interactions; by default prompts, and with an app filter the app's interactions. */
  sort?: 'prompts' | 'interactions';
}

export interface AccessLogQuery extends PageRequest {
  range?: TimeRange;
  subjectUserId?: string;
  viewerUserId?: string;
}
