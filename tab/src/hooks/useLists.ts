import type {
  AccessLogEntry,
  ActivityRow,
  AgentRow,
  DataSourceRow,
  FindingRow,
  LicensedInactiveRow,
  SyncRunSummary,
  UserRow,
  UserSyncErrorRow,
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

/** Licensed users with no activity synced whose history the sync could not read: GET /api/users/unreadable. */
export const useUnreadableUsers = (params: QueryParams): CursorList<UserSyncErrorRow> =>
  useCursorList<UserSyncErrorRow>('/api/users/unreadable', params);

/** Every licensed user whose history the last sync could not read: GET /api/sync/user-errors. */
export const useSyncUserErrors = (params: QueryParams): CursorList<UserSyncErrorRow> =>
  useCursorList<UserSyncErrorRow>('/api/sync/user-errors', params, 20);

/** Files, sites and other sources Copilot drew on: GET /api/data-sources. */
export const useDataSources = (params: QueryParams): CursorList<DataSourceRow> =>
  useCursorList<DataSourceRow>('/api/data-sources', params);

/** Who viewed whose conversations: GET /api/access-log. */
export const useAccessLog = (params: QueryParams): CursorList<AccessLogEntry> =>
  useCursorList<AccessLogEntry>('/api/access-log', params);

/** Sync run history: GET /api/sync/runs. */
export const useSyncRuns = (params: QueryParams): CursorList<SyncRunSummary> =>
  useCursorList<SyncRunSummary>('/api/sync/runs', params, 20);

/** Risk findings: GET /api/findings. */
export const useFindings = (params: QueryParams): CursorList<FindingRow> =>
  useCursorList<FindingRow>('/api/findings', params);
