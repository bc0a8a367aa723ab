import type { SyncRunDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind } from './pagedFind';
import type { Page, PageRequest, SyncRunSummary, SyncStatus } from './types';
import { unreadableUserIds } from './userSyncErrors';

/** A run still marked running whose heartbeat is older than this belongs to a process that died. */
export const STALE_RUN_MS = 5 * 60 * 1000;

const SUCCESS: SyncRunDoc['status'][] = ['succeeded', 'completed_with_errors'];

/** The running sync (with progress), the last finished run, and when data was last brought up to date. */
export async function syncStatus(
  store: Store,
  tenantId: string,
  now: Date,
  nextRunAt: Date | null = null,
): Promise<SyncStatus> {
  const [runs, failing] = await Promise.all([syncRunStatus(store, tenantId, now), unreadableUserIds(store, tenantId)]);
  const usersWithErrors =
    failing.length === 0 ? 0 : await store.directoryUsers.countDocuments({ tenantId, userId: { $in: failing } });
  return { ...runs, nextRunAt, usersWithErrors };
}

/** The running sync (with progress), the last finished run and when data was last brought up to date: the runs alone. */
export async function syncRunStatus(
  store: Store,
  tenantId: string,
  now: Date,
): Promise<Pick<SyncStatus, 'running' | 'lastRun' | 'lastSuccessfulAt'>> {
  const [running, lastRun, lastSuccess] = await Promise.all([
    store.syncRuns.findOne(
      { tenantId, status: 'running', heartbeatAt: { $gte: new Date(now.getTime() - STALE_RUN_MS) } },
      { sort: { startedAt: -1 } },
    ),
    lastFinishedRun(store, tenantId),
    lastSuccessfulRun(store, tenantId),
  ]);
  return {
    running: running ? toRunSummary(running) : null,
    lastRun: lastRun ? toRunSummary(lastRun) : null,
    lastSuccessfulAt: lastSuccess?.endedAt ?? null,
  };
}

/** The latest run that ended, whatever its outcome. */
export async function lastFinishedRun(store: Store, tenantId: string): Promise<SyncRunDoc | null> {
  return store.syncRuns.findOne({ tenantId, status: { $ne: 'running' } }, { sort: { startedAt: -1 } });
}

/** The latest run that finished with data written (errors for single users included). */
export async function lastSuccessfulRun(store: Store, tenantId: string): Promise<SyncRunDoc | null> {
  return store.syncRuns.findOne({ tenantId, status: { $in: SUCCESS } }, { sort: { endedAt: -1 } });
}

/** Sync runs, newest first, one keyset page. */
export async function listSyncRuns(store: Store, tenantId: string, query: PageRequest): Promise<Page<SyncRunSummary>> {
  const page = await pagedFind(store.syncRuns, {
    filter: { tenantId },
    sortField: 'startedAt',
    direction: 'desc',
    limit: query.limit,
    cursor: query.cursor,
  });
  return mapPage(page, toRunSummary);
}

export function toRunSummary(run: SyncRunDoc): SyncRunSummary {
  return {
    runId: run.runId,
    mode: run.mode,
    trigger: run.trigger,
    status: run.status,
    stage: run.stage,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs: run.durationMs,
    progress: { ...run.progress },
    counts: { ...run.counts },
    errorCount: run.errorCount,
    errors: run.errors.map((e) => ({
      userId: e.userId,
      userPrincipalName: e.userPrincipalName,
      code: e.code,
      message: e.message,
      at: e.at,
    })),
    message: run.message,
  };
}
