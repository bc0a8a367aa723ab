import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, GraphAuthError, GraphRequestError } from '../../errors';
import type { GraphGateway, InteractionWindow } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import { componentLogger, type Logger } from '../../logger';
import type { SyncErrorEntry, SyncRunDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { collectScope, createCrossRiskScanner } from '../risk/crossRiskScanner';
import type { CrossRiskScope, CrossRiskThresholds } from '../risk/crossRiskTypes';
import { createRiskScanner } from '../risk/riskScanner';
import { backfillSeverityOrder } from '../risk/severityOrder';
import { addBatchResult, BatchWriter } from './batchWriter';
import { migrateDataSourceKeys } from './dataSourceKeyMigration';
import { ensureSiteActivity } from './siteActivityRebuild';
import { ensureSourceNames } from './sourceNamesBuild';
import { ensureSourceMonths } from './sourceMonthsRebuild';
import { ensureDayTotals } from './dayTotalsRebuild';
import { hasCopilotChatPlan, syncDirectory } from './directorySyncer';
import { SyncLease, thisProcess } from './syncLease';
import { emptyCounts, SyncRunRecorder } from './syncRunRecorder';
import { PageSink, syncStateId } from './pageSink';
import { fetchUser } from './userSyncer';

export interface SyncSettings {
  tenantId: string;
  skuIds: readonly string[];
  backfillDays: number;
  overlapMinutes: number;
  concurrency: number;
}

export interface SyncRunnerDeps {
  store: Store;
  gateway: GraphGateway;
  logger: Logger;
  now: () => Date;
  settings: SyncSettings;
  /** Identifies this process in leases and run documents. */
  instanceId?: string;
  /** Key of risk findings' evidence hashes; without one a random key per process (hashes then group per process). */
  riskHashKey?: Buffer;
  /**
   * Thresholds of the oversharing and account rules, run after the run's batches are stored; without them those rules
   * do not run after a sync (the composition root passes the configured ones).
   */
  riskThresholds?: Partial<CrossRiskThresholds>;
}

export interface RunOptions {
  mode: 'full' | 'incremental';
  trigger: string;
  signal?: AbortSignal;
  /** Called after every page and user, for progress bars. */
  onProgress?: (run: SyncRunDoc) => void;
}

const LEASE_TTL_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One sync run: licensed users -> each user's interactions since their watermark (first time: the backfill
 * window) -> the store, recorded in `syncRuns`. A user that fails (403: not licensed yet) is recorded and
 * skipped; a failure that stops every user (credentials, consent) ends the run as failed.
 */
export class SyncRunner {
  private readonly instanceId: string;
  private graphAtStart = { requests: 0, throttled: 0, retries: 0 };
  private readonly riskHashKey: Buffer;

  constructor(private readonly deps: SyncRunnerDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.riskHashKey = deps.riskHashKey ?? randomBytes(32);
  }

  async run(options: RunOptions): Promise<SyncRunDoc> {
    const { store, settings, now } = this.deps;
    const log = componentLogger(this.deps.logger, 'sync');
    const lease = new SyncLease(store, settings.tenantId, thisProcess(this.instanceId), LEASE_TTL_MS, now);
    const claim = await lease.acquire();
    if (!claim.acquired) {
      throw new AppError(
        'sync_already_running',
        `A sync of this tenant is already running (process ${claim.heldBy.pid} on ${claim.heldBy.host}).`,
        409,
      );
    }
    const startedAt = now();
    const recorder = new SyncRunRecorder(store, newRun(settings.tenantId, options, startedAt), now);
    const heartbeat = setInterval(
      () => void lease.renew().catch((error: unknown) => log.warn({ err: error }, 'Could not renew the sync lease.')),
      LEASE_TTL_MS / 4,
    );
    heartbeat.unref();
    try {
      await closeAbandonedRuns(store, settings.tenantId);
      await recorder.start();
      const result = await this.execute(recorder, options, startedAt, log);
      return result;
    } finally {
      clearInterval(heartbeat);
      await lease.release();
    }
  }

  private async execute(
    recorder: SyncRunRecorder,
    options: RunOptions,
    startedAt: Date,
    log: Logger,
  ): Promise<SyncRunDoc> {
    const { store, gateway, settings, now } = this.deps;
    const run = recorder.run;
    const riskLog = componentLogger(log, 'risk');
    const risk = collectScope(createRiskScanner({ store, hashKey: this.riskHashKey, now, logger: riskLog }));
    const writer = new BatchWriter(store, log, risk.scanner);
    this.graphAtStart = gateway.stats();
    try {
      await recorder.stage('recovering');
      const replayed = await writer.recover(settings.tenantId);
      if (replayed) log.info({ replayed }, 'Finished batches an interrupted run left behind.');
      // Before any batch of this run: data sources keyed by an earlier URL normalisation join their current key.
      const migrated = await migrateDataSourceKeys(store, settings.tenantId, log);
      // The per-site aggregate: built for a store synced before it existed; rebuilt where sources were merged.
      if (await ensureSiteActivity(store, settings.tenantId, { rebuild: migrated.merged > 0, now: startedAt }))
        log.info('Built the per-site reference counts from the data sources.');
      // Sources and sites stored before names were looked up by index (or merged since): name heads and prefixes.
      if (await ensureSourceNames(store, settings.tenantId, { rebuild: migrated.merged > 0, now: startedAt }))
        log.info('Built the name heads of the data sources and the key prefixes of the sites.');
      // The per-source monthly counts, likewise (from the stored interactions).
      if (await ensureSourceMonths(store, settings.tenantId, { rebuild: migrated.merged > 0, now: startedAt }))
        log.info('Built the per-source monthly reference counts from the stored interactions.');
      // The per-day totals of all apps, likewise (from the per-app days).
      if (await ensureDayTotals(store, settings.tenantId, startedAt))
        log.info('Built the per-day totals of all apps from the per-app days.');
      // Findings stored before the severity sort key existed get it (none after the first run).
      await backfillSeverityOrder(store, settings.tenantId);

      await recorder.stage('users');
      const users = await syncDirectory({
        store,
        gateway,
        tenantId: settings.tenantId,
        skuIds: settings.skuIds,
        now: startedAt,
        signal: options.signal,
      });
      run.counts.usersListed = users.length;
      const enabled = users.filter((u) => hasCopilotChatPlan(u, settings.skuIds));
      run.progress.usersTotal = enabled.length;

      await recorder.stage('interactions');
      await this.syncUsers(enabled, recorder, writer, options, startedAt);
      await this.scanAcross(risk.scope(), riskLog);
    } catch (error) {
      const stopped = options.signal?.aborted === true;
      const entry = toErrorEntry(error, null, now());
      if (!stopped) recorder.error(entry);
      run.graph = graphDelta(gateway, this.graphAtStart);
      const status = stopped ? 'interrupted' : 'failed';
      const done = await recorder.finish(
        status,
        stopped ? 'Stopped before it finished; the next run picks up where it left off.' : entry.message,
      );
      finishLog(log, done);
      return done;
    }
    run.graph = graphDelta(gateway, this.graphAtStart);
    const aborted = options.signal?.aborted === true;
    const status = aborted ? 'interrupted' : run.errorCount > 0 ? 'completed_with_errors' : 'succeeded';
    const done = await recorder.finish(
      status,
      aborted ? 'Stopped before it finished; the next run picks up where it left off.' : null,
    );
    finishLog(log, done);
    return done;
  }

  private async syncUsers(
    users: GraphUser[],
    recorder: SyncRunRecorder,
    writer: BatchWriter,
    options: RunOptions,
    startedAt: Date,
  ): Promise<void> {
    const { store, gateway, settings, now } = this.deps;
    const run = recorder.run;
    const sink = new PageSink({
      store,
      writer,
      tenantId: settings.tenantId,
      runId: run.runId,
      now,
      logger: componentLogger(this.deps.logger, 'sync'),
      onWritten: (result) => addBatchResult(run.counts, result),
    });
    const deps = { gateway, sink, tenantId: settings.tenantId, now };
    const states = new Map(
      (
        await store.syncState
          .find({ tenantId: settings.tenantId }, { projection: { userId: 1, watermark: 1 } })
          .toArray()
      ).map((s) => [s.userId, s.watermark]),
    );
    const recordUserError = async (user: GraphUser, error: unknown): Promise<void> => {
      if (isFatalForRun(error)) throw error;
      const entry = toErrorEntry(error, user, now());
      recorder.error(entry);
      await store.syncState.updateOne(
        { _id: syncStateId(settings.tenantId, user.id) },
        {
          $set: { status: 'error', lastError: entry, lastRunId: run.runId },
          $setOnInsert: { tenantId: settings.tenantId, userId: user.id, watermark: null, lastSyncedAt: null },
        },
        { upsert: true },
      );
    };
    const userDone = async (): Promise<void> => {
      run.progress.usersDone += 1;
      options.onProgress?.(run);
      await recorder.flush();
    };
    const completions: Promise<void>[] = [];
    let next = 0;
    // A failure that ends the run stops every worker before the next user, not only the one that met it: the run is
    // recorded and its lease released only once nothing of it is still reading Graph or writing.
    let fatal: { error: unknown } | null = null;
    const worker = async (): Promise<void> => {
      while (next < users.length && !options.signal?.aborted && !fatal) {
        const user = users[next++]!;
        const window = this.windowFor(options.mode, states.get(user.id) ?? null, startedAt);
        try {
          await fetchUser(deps, user, window, onPage, options.signal);
        } catch (error) {
          if (options.signal?.aborted) return;
          await recordUserError(user, error);
          await userDone();
          continue;
        }
        // The next user is fetched while this one's pages are written.
        completions.push(
          deps.sink.complete(user, window).then(userDone, async (error: unknown) => {
            await recordUserError(user, error);
            await userDone();
          }),
        );
      }
    };
    const onPage = (fetched: number): void => {
      run.progress.pages += 1;
      run.counts.interactionsFetched += fetched;
      options.onProgress?.(run);
    };
    const workers = Array.from({ length: Math.min(settings.concurrency, Math.max(1, users.length)) }, () =>
      worker().catch((error: unknown) => {
        fatal ??= { error };
      }),
    );
    try {
      await Promise.all(workers);
      if (fatal) throw (fatal as { error: unknown }).error;
    } finally {
      // Pages already fetched are written even when stopping: the page in flight is finished, not dropped.
      await deps.sink.drain();
      await Promise.all(completions);
    }
    await recorder.flush(true);
  }

  /** Full runs re-read the whole backfill window; incremental ones start just before the watermark. */
  private windowFor(mode: RunOptions['mode'], watermark: Date | null, startedAt: Date): InteractionWindow {
    const { backfillDays, overlapMinutes } = this.deps.settings;
    const backfillStart = new Date(startedAt.getTime() - backfillDays * DAY_MS);
    if (mode === 'full' || !watermark) return { after: backfillStart, before: startedAt };
    const after = new Date(Math.max(backfillStart.getTime(), watermark.getTime() - overlapMinutes * 60_000));
    return { after, before: startedAt };
  }

  /** The oversharing and account rules over what this run stored; a failure there is logged, the run stands. */
  private async scanAcross(scope: CrossRiskScope, log: Logger): Promise<void> {
    const { store, now, settings } = this.deps;
    if (!this.deps.riskThresholds) return;
    const cross = createCrossRiskScanner({
      store,
      hashKey: this.riskHashKey,
      now,
      logger: log,
      thresholds: this.deps.riskThresholds,
    });
    await cross.scan(settings.tenantId, scope).catch((error: unknown) => {
      log.warn({ err: error }, 'The cross-interaction risk rules could not run; the next sync or a rescan runs them.');
    });
  }
}

/**
 * A finished run's one info line (counts, duration, Graph figures), then, if anyone failed, a warning naming the first
 * five and counting the rest.
 */
export function finishLog(log: Logger, run: SyncRunDoc): void {
  log.info(
    {
      runId: run.runId,
      mode: run.mode,
      status: run.status,
      durationMs: run.durationMs,
      ...run.counts,
      errors: run.errorCount,
      graph: run.graph,
    },
    'Sync run finished.',
  );
  if (run.errorCount === 0) return;
  // Say who: the finish line only counts them, and an admin at the terminal should not need the tab to learn it.
  const shown = run.errors.slice(0, 5).map((e) => ({
    user: e.userPrincipalName ?? e.userId,
    status: e.status,
    code: e.code,
    message: e.message,
  }));
  const count = run.errorCount === 1 ? '1 error' : `${run.errorCount} errors`;
  log.warn(
    { runId: run.runId, errors: shown, notShown: Math.max(0, run.errorCount - shown.length) },
    `The sync ended with ${count}; the Sync view shows each with what to do.`,
  );
}

/**
 * Runs still marked running when this one holds the lease were left by a process that died: they ended at their
 * last heartbeat, the last moment anything shows them alive.
 */
async function closeAbandonedRuns(store: Store, tenantId: string): Promise<void> {
  const abandoned = await store.syncRuns
    .find({ tenantId, status: 'running' }, { projection: { _id: 1, startedAt: 1, heartbeatAt: 1 } })
    .toArray();
  for (const run of abandoned) {
    const endedAt = run.heartbeatAt ?? run.startedAt;
    await store.syncRuns.updateOne(
      { _id: run._id, status: 'running' },
      {
        $set: {
          status: 'interrupted',
          stage: 'done',
          endedAt,
          durationMs: endedAt.getTime() - run.startedAt.getTime(),
          message: 'The process running this sync stopped before it finished.',
        },
      },
    );
  }
}

/** A run's record as it starts (running, nothing counted yet). */
export function newRun(tenantId: string, options: RunOptions, at: Date): SyncRunDoc {
  const runId = randomUUID();
  return {
    _id: naturalId('syncRun', runId),
    runId,
    tenantId,
    mode: options.mode,
    trigger: options.trigger,
    status: 'running',
    startedAt: at,
    endedAt: null,
    heartbeatAt: at,
    stage: 'starting',
    progress: { usersTotal: 0, usersDone: 0, pages: 0 },
    counts: emptyCounts(),
    errors: [],
    errorCount: 0,
    graph: { requests: 0, throttled: 0, retries: 0 },
    durationMs: null,
    message: null,
  };
}

/** Errors that would fail every user the same way: stop the run rather than record them N times. */
function isFatalForRun(error: unknown): boolean {
  if (error instanceof GraphAuthError) return true;
  if (error instanceof GraphRequestError) {
    return error.graphStatus === 401 || error.graphCode === 'Authorization_RequestDenied';
  }
  return !(error instanceof AppError);
}

function toErrorEntry(error: unknown, user: GraphUser | null, at: Date): SyncErrorEntry {
  const appError = error instanceof AppError ? error : null;
  return {
    userId: user?.id ?? null,
    userPrincipalName: user?.userPrincipalName ?? null,
    code: error instanceof GraphRequestError ? error.graphCode : (appError?.code ?? 'internal_error'),
    status: error instanceof GraphRequestError ? error.graphStatus : null,
    message: error instanceof Error ? error.message : String(error),
    at,
  };
}

/** Graph figures of this run alone (one gateway serves every run of a server). */
function graphDelta(gateway: GraphGateway, atStart: SyncRunDoc['graph']): SyncRunDoc['graph'] {
  const { requests, throttled, retries } = gateway.stats();
  return {
    requests: requests - atStart.requests,
    throttled: throttled - atStart.throttled,
    retries: retries - atStart.retries,
  };
}
