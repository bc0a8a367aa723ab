import type {
  AccessLogEntry,
  ActivityRow,
  AgentRow,
  DataSourceRow,
  LicensedInactiveRow,
  SyncRunSummary,
  UserRow,
} from '../../../server/api/contracts';
import type { QueryParams } from '../api/client';
import { useCursorList, type CursorList } from './useCursorList';

// One hook per list endpoint, so pages name what they show and never a URL.

/** Agents (Copilot apps and agents per user): GET /api/agents. */
export const useAgents = (params: QueryParams): CursorList<AgentRow> => useCursorList<AgentRow>('/api/agents', params);

/** The Observability feed: GET /api/activity. */
export const useActivity = (params: QueryParams): CursorList<ActivityRow> =>
  useCursorList<ActivityRow>('/api/activity', params);

/** Active Copilot users: GET /api/users. */
export const useUsers = (params: QueryParams): CursorList<UserRow> => useCursorList<UserRow>('/api/users', params);

/** Licensed users with no Copilot activity: GET /api/users/inactive. */
export const useInactiveUsers = (params: QueryParams): CursorList<LicensedInactiveRow> =>
  useCursorList<LicensedInactiveRow>('/api/users/inactive', params);

/** Files, sites and other sources Copilot drew on: GET /api/data-sources. */
export const useDataSources = (params: QueryParams): CursorList<DataSourceRow> =>
  useCursorList<DataSourceRow>('/api/data-sources', params);

/** Who viewed whose conversations: GET /api/access-log. */
export const useAccessLog = (params: QueryParams): CursorList<AccessLogEntry> =>
  useCursorList<AccessLogEntry>('/api/access-log', params);

/** Sync run history: GET /api/sync/runs. */
export const useSyncRuns = (params: QueryParams): CursorList<SyncRunSummary> =>
  useCursorList<SyncRunSummary>('/api/sync/runs', params, 20);
