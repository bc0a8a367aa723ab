/**
 * The tab's view of the API: every response shape, as it travels (Dates become ISO strings). The tab imports
 * these with `import type`, so each shape keeps one definition (server/core/insights/types.ts).
 */
import type * as Insights from '../core/insights/types';
import type * as Departments from '../core/insights/departmentTypes';
import type * as Risk from '../core/risk/findingQueries';
import type * as RiskSummary from '../core/risk/findingSummary';
import type * as Watchlist from '../core/risk/watchlistQueries';
import type { Capability, Tier } from '../core/privacy/tiers';

export type { Capability, Tier } from '../core/privacy/tiers';

/** A shape after JSON: Dates become strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type { ActivityType, SortDirection } from '../core/insights/types';

export type Overview = Wire<Insights.Overview>;
export type AgentRow = Wire<Insights.AgentRow>;
export type ActivityRow = Wire<Insights.ActivityRow>;
export type Conversation = Wire<Insights.Conversation>;
export type UserRow = Wire<Insights.UserRow>;
export type LicensedInactiveRow = Wire<Insights.LicensedInactiveRow>;
export type UserSyncErrorRow = Wire<Insights.UserSyncErrorRow>;
export type DataSourceRow = Wire<Insights.DataSourceRow>;
export type DailyAppRow = Wire<Insights.DailyAppRow>;
export type AccessLogEntry = Wire<Insights.AccessLogEntry>;
export type SyncRunSummary = Wire<Insights.SyncRunSummary>;
export type SyncStatus = Wire<Insights.SyncStatus>;
export type Page<T> = Wire<Insights.Page<T>>;
export type DepartmentFigures = Departments.DepartmentFigures;
export type DepartmentRow = Departments.DepartmentRow;
export type DepartmentAdoption = Wire<Departments.DepartmentAdoption>;
export type DepartmentDetail = Wire<Departments.DepartmentDetail>;

/** GET /api/synced-window: the start of the synced history (null before any sync). */
export interface SyncedWindow {
  syncedSince: string | null;
}

/** Who the API thinks is calling (GET /api/me). */
export interface Me {
  userId: string;
  name: string | null;
  upn: string | null;
  isAdmin: boolean;
  /** The caller's privacy tier (null: none, so every other endpoint answers 403). */
  tier: Tier | null;
  /** What the tier may do, for the tab to show or hide (each capability's lowest tier is in core/privacy/tiers). */
  capabilities: Record<Capability, boolean>;
  /** The lowest tier of each capability, so the tab can say which role would unlock it. */
  capabilityTiers: Record<Capability, Tier>;
  /** The local demo identity (demo mode, localhost, no bearer token). */
  demo: boolean;
  mode: 'demo' | 'tenant';
}

/** Every error the API sends. */
export interface ApiError {
  /** `requiredTier`: with a 403, the lowest tier the route needs. */
  error: { code: string; message: string; requiredTier?: Tier };
}

export type AppCount = Wire<Insights.AppCount>;
export type TopUserRow = Wire<Insights.TopUserRow>;
export type HourlyActivity = Insights.HourlyActivity;

/** GET /api/daily-activity: rows per app per day, and interactions per UTC hour of day (busiest hours). */
export interface DailyActivityResponse {
  items: DailyAppRow[];
  hours: HourlyActivity[];
}

/** POST /api/sync: what asking for a sync did (runs are enqueued, never raced). */
export interface SyncRequestResult {
  status: 'queued' | 'already_queued' | 'running';
  runId: string | null;
}

export type { RiskCategory, Severity } from '../core/risk/types';
/** A finding as GET /api/findings lists it: masked evidence only, never the value found. */
export type FindingRow = Wire<Omit<Risk.Finding, 'history'>>;
/** GET/PATCH /api/findings/:id: the row and its triage history (who, when, note). */
export type FindingDetail = Wire<Risk.Finding>;
export type FindingStatus = Risk.Finding['status'];
export type FindingSort = Risk.FindingSort;
/** GET /api/findings/summary: open findings by severity and app, and findings per day. */
export type FindingsSummary = RiskSummary.FindingsSummary;
/** GET/POST /api/finding-suppressions: a rule (or `*`) no longer raised for a user and/or a file or site. */
export type SuppressionRow = Wire<Risk.Suppression>;
/** GET/POST /api/risk-watchlist: an admin's keyword or regular expression with its own severity. */
export type WatchlistEntryRow = Wire<Watchlist.WatchlistEntryView>;
