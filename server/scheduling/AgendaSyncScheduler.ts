import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import { ObjectId, type Collection, type Db } from 'mongodb';
import type { SyncControl, SyncRequest, SyncRequestResult } from '../core/sync/syncControl';
import type { RunOptions } from '../core/sync/syncRunner';
import { AppError } from '../errors';
import { componentLogger, type Logger } from '../logger';
import type { SyncRunDoc } from '../store/documents';
import type { Store } from '../store/Store';
import {
  agendaJobs,
  clearRunning,
  enqueueRun,
  ensureJobIndexes,
  markRunning,
  promoteFollowUp,
  releaseLock,
  SCHEDULE_JOB,
  SYNC_JOB,
  type AgendaJobDoc,
  type EnqueueStatus,
  type SyncJobData,
} from './syncJobDocuments';

export type SchedulerState = 'idle' | 'starting' | 'started' | 'stopping' | 'stopped';

/** What readiness asks of a scheduler. */
export interface SchedulerStatus {
  schedulerState(): SchedulerState;
}

export function isSchedulerStatus(value: unknown): value is SchedulerStatus {
  return typeof (value as Partial<SchedulerStatus> | null)?.schedulerState === 'function';
}

export interface AgendaSyncSchedulerOptions {
  /** The database Agenda keeps its jobs in (the store's; `agendaJobs` collection). */
  db: Db;
  store: Store;
  runner: { run(options: RunOptions): Promise<SyncRunDoc> };
  tenantId: string;
  logger: Logger;
  /** Names this instance in Agenda's `lastModifiedBy` and in logs. */
  instanceId: string;
  /** Milliseconds between scheduled incremental runs; 0 turns the schedule off. */
  intervalMs: number;
  /** How long a run's lock outlives a silent (crashed) instance before another takes the run over. Default 5 min. */
  lockLifetimeMs?: number;
  /** How often each instance looks for due jobs. Default 2 s. */
  processEveryMs?: number;
  /** When another process holds the sync lease (the CLI), try again after this long. Default 15 s. */
  busyRetryMs?: number;
  /** Queue a run at start when the tenant has never been synced. Default true. */
  firstRun?: boolean;
  /**
   * Lock jobs with a sort on `nextRunAt` alone instead of Agenda's `nextRunAt, priority`: Azure Cosmos DB for MongoDB
   * (RU) refuses a findAndModify sorted on more than one field. Every job here has Agenda's default priority, so the
   * order is the same.
   */
  singleFieldLockSort?: boolean;
}

interface InFlight {
  job: Job<SyncJobData>;
  done: Promise<void>;
  resolve(): void;
}

const DEFAULT_LOCK_LIFETIME_MS = 5 * 60_000;

/**
 * Scheduled and requested syncs on Agenda (MongoDB-backed), safe across any number of instances.
 *
 * Each tenant has ONE `sync-tenant` job document, so Agenda's atomic lock on it is what keeps two runs of a tenant
 * apart on every instance (Agenda's `concurrency`/`lockLimit` only count jobs inside one process). "Sync now" makes
 * that document due; while it runs, requests fold into a single follow-up run. A `sync-schedule` document per
 * tenant fires every interval and asks for a run the same way. The run's lock is touched while it works; an
 * instance that dies stops touching it, and once it expires any instance takes the run over and resumes it (the
 * sync's batch journal makes that safe).
 */
export class AgendaSyncScheduler implements SyncControl, SchedulerStatus {
  private agenda: Agenda | null = null;
  private state: SchedulerState = 'idle';
  private readonly jobs: Collection<AgendaJobDoc>;
  private readonly log: Logger;
  private readonly listeners: Array<(run: SyncRunDoc) => Promise<void> | void> = [];
  private scheduleGate: (() => Promise<boolean>) | null = null;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly shutdown = new AbortController();
  private readonly lockLifetimeMs: number;

  constructor(private readonly options: AgendaSyncSchedulerOptions) {
    this.jobs = agendaJobs(options.db);
    this.log = componentLogger(options.logger, 'scheduler', { instanceId: options.instanceId });
    this.lockLifetimeMs = options.lockLifetimeMs ?? DEFAULT_LOCK_LIFETIME_MS;
  }

  schedulerState(): SchedulerState {
    return this.state;
  }

  /** Starts processing jobs, creates the tenant's two documents if missing, and queues a first run if needed. */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'starting';
    const { db, tenantId } = this.options;
    const singleFieldSort = this.options.singleFieldLockSort === true;
    await ensureJobIndexes(this.jobs, { singleFieldSort });
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: db, ...(singleFieldSort ? { sort: { nextRunAt: 'asc' } } : {}) }),
      name: this.options.instanceId,
      processEvery: this.options.processEveryMs ?? 2000,
      defaultLockLifetime: this.lockLifetimeMs,
    });
    agenda.on('error', (error) => this.log.warn({ err: error }, 'The job scheduler reported an error.'));
    agenda.define<SyncJobData>(SYNC_JOB, (job) => this.runJob(job), {
      concurrency: 1,
      lockLimit: 1,
      lockLifetime: this.lockLifetimeMs,
    });
    agenda.define<SyncJobData>(
      SCHEDULE_JOB,
      async () => {
        // While change notifications are healthy, polling is reconciliation and runs less often (the gate says when).
        if (this.scheduleGate && !(await this.scheduleGate())) return;
        await this.enqueue({ trigger: 'schedule', mode: 'incremental' }, true);
      },
      { concurrency: 1, lockLimit: 1 },
    );
    agenda.on(`complete:${SYNC_JOB}`, (job) => this.onComplete(String(job.attrs._id)));
    this.agenda = agenda;
    // Documents first: start() looks for due jobs at once, so a first run begins without waiting for a poll.
    await this.ensureRunDocument();
    await this.ensureSchedule();
    if (this.options.firstRun !== false && !(await this.everSynced())) {
      // Nothing synced yet: the run reads the whole backfill window, so it is a full one (and logged as such).
      const status = await this.enqueue({ trigger: 'startup', mode: 'full' }, false);
      this.log.info({ tenantId, status }, 'This tenant has never been synced: a first sync is queued.');
    }
    await agenda.start();
    this.state = 'started';
    this.log.info(
      { tenantId, intervalMs: this.options.intervalMs, lockLifetimeMs: this.lockLifetimeMs, singleFieldSort },
      'Sync scheduler started.',
    );
  }

  async requestSync(request: SyncRequest): Promise<SyncRequestResult> {
    if (this.state !== 'started') {
      throw new AppError('scheduler_not_ready', 'The sync scheduler is not running on this instance.', 503);
    }
    const status = await this.enqueue(request, true);
    return { status, runId: await this.runningRunId() };
  }

  onRunFinished(listener: (run: SyncRunDoc) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /**
   * Decides at each scheduled tick whether the polling pass runs (false skips this tick); "Sync now" and other
   * requests are not gated. Set by main when change notifications are on.
   */
  setScheduleGate(gate: () => Promise<boolean>): void {
    this.scheduleGate = async () =>
      gate().catch((error: unknown) => {
        this.log.warn({ err: error }, 'The polling gate failed: polling as scheduled.');
        return true;
      });
  }

  /** When the tenant's schedule fires next (from its shared job document); null when the schedule is off. */
  async nextScheduledRun(): Promise<Date | null> {
    const schedule = await this.jobs.findOne(
      { name: SCHEDULE_JOB, 'data.tenantId': this.options.tenantId },
      { projection: { nextRunAt: 1 } },
    );
    return schedule?.nextRunAt ?? null;
  }

  /**
   * Graceful stop: no new jobs; the run in flight ends after its current page (recorded as interrupted) and its
   * document is left due and unlocked, so another instance takes it over at once. A run that does not stop
   * within `timeoutMs` gets its lock released anyway.
   */
  async stop(timeoutMs = 20_000): Promise<void> {
    const agenda = this.agenda;
    if (!agenda || this.state === 'stopping' || this.state === 'stopped') return;
    this.state = 'stopping';
    this.shutdown.abort(new AppError('sync_stopped', 'The server is shutting down.', 503));
    await agenda.stop().catch((error: unknown) => this.log.warn({ err: error }, 'Agenda did not stop cleanly.'));
    const running = [...this.inFlight.values()];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(running.map((r) => r.done)).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const { job } of this.inFlight.values()) {
        const lockedAt = job.attrs.lockedAt;
        if (lockedAt) await releaseLock(this.jobs, jobObjectId(job), new Date(lockedAt), new Date());
      }
      this.log.warn({ timeoutMs }, 'A sync did not stop in time: its lock was released for another instance.');
    }
    this.state = 'stopped';
  }

  private async enqueue(request: SyncRequest, followUp: boolean): Promise<EnqueueStatus> {
    const { tenantId } = this.options;
    let status = await enqueueRun(this.jobs, tenantId, request, new Date(), { followUp });
    if (status === null) {
      await this.ensureRunDocument();
      status = (await enqueueRun(this.jobs, tenantId, request, new Date(), { followUp })) ?? 'queued';
    }
    this.log.info(
      {
        tenantId,
        trigger: request.trigger,
        mode: request.mode ?? 'incremental',
        requestedBy: request.requestedBy,
        status,
      },
      'Sync requested.',
    );
    return status;
  }

  /** The tenant's one sync document (idle until a request or the schedule makes it due). */
  private async ensureRunDocument(): Promise<void> {
    const agenda = this.requireAgenda();
    const job = agenda
      .create<SyncJobData>(SYNC_JOB, this.jobData('schedule'))
      .unique({ 'data.tenantId': this.options.tenantId }, { insertOnly: true });
    job.attrs.nextRunAt = null;
    await job.save();
  }

  /** One schedule document per tenant; restarts keep its next run, a changed interval replaces it. */
  private async ensureSchedule(): Promise<void> {
    const { tenantId, intervalMs } = this.options;
    if (intervalMs <= 0) {
      await this.jobs.deleteMany({ name: SCHEDULE_JOB, 'data.tenantId': tenantId });
      return;
    }
    const job = this.requireAgenda()
      .create<SyncJobData>(SCHEDULE_JOB, this.jobData('schedule'))
      .unique({ 'data.tenantId': tenantId }, { insertOnly: true })
      .repeatEvery(intervalMs, { skipImmediate: true });
    await job.save();
    await this.jobs.updateOne(
      { name: SCHEDULE_JOB, 'data.tenantId': tenantId, repeatInterval: { $ne: intervalMs } },
      { $set: { repeatInterval: intervalMs, nextRunAt: new Date(Date.now() + intervalMs) } },
    );
  }

  private async runJob(job: Job<SyncJobData>): Promise<void> {
    const key = String(job.attrs._id);
    let resolve = (): void => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    this.inFlight.set(key, { job, done, resolve });
    const data = job.attrs.data;
    const id = jobObjectId(job);
    // Still marked by another instance: it died (or lost its lock) mid-run, and this run resumes its work.
    const takeover = data.runningBy !== undefined && data.runningBy !== this.options.instanceId;
    const trigger = takeover ? 'resume' : data.trigger;
    if (takeover) this.log.warn({ previous: data.runningBy }, 'Taking over a sync another instance left unfinished.');
    this.log.info({ trigger, mode: data.mode, requestedBy: data.requestedBy }, 'Sync run starting.');
    await markRunning(this.jobs, id, this.options.instanceId);

    const abort = new AbortController();
    const onShutdown = (): void => abort.abort(this.shutdown.signal.reason);
    if (this.shutdown.signal.aborted) onShutdown();
    this.shutdown.signal.addEventListener('abort', onShutdown);
    const keepLock = lockKeeper(job, this.lockLifetimeMs, (error, lost) => {
      if (!lost) {
        this.log.warn({ err: error }, 'Could not renew the lock on the sync job; trying again on the next beat.');
        return;
      }
      this.log.error({ err: error }, 'Lost the lock on the sync job: stopping this run.');
      abort.abort(new AppError('sync_lock_lost', 'This instance lost the lock on the sync job.', 503));
    });
    const heartbeat = setInterval(() => void keepLock(true), Math.max(250, Math.floor(this.lockLifetimeMs / 3)));
    heartbeat.unref();
    let run: SyncRunDoc;
    try {
      run = await this.options.runner.run({
        mode: data.mode,
        trigger,
        signal: abort.signal,
        onProgress: () => void keepLock(false),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'sync_already_running') {
        // The CLI (or a process that died holding the lease elsewhere) is syncing: try again shortly.
        job.attrs.nextRunAt = new Date(Date.now() + (this.options.busyRetryMs ?? 15_000));
        this.log.info({ reason: error.message }, 'Another process is syncing this tenant: retrying shortly.');
        return;
      }
      this.log.error({ err: error }, 'A scheduled sync failed to run.');
      throw error;
    } finally {
      clearInterval(heartbeat);
      this.shutdown.signal.removeEventListener('abort', onShutdown);
      await clearRunning(this.jobs, id).catch((error: unknown) =>
        this.log.warn({ err: error }, 'Could not clear the running mark on the sync job.'),
      );
    }
    // Stopped by shutdown: leave the run due, so another instance resumes it as soon as the lock is released.
    if (run.status === 'interrupted' && this.shutdown.signal.aborted) job.attrs.nextRunAt = new Date();
    await this.notify(run);
  }

  /** Agenda has saved the job's end and released its lock: a request that came meanwhile becomes due now. */
  private onComplete(key: string): void {
    const entry = this.inFlight.get(key);
    void promoteFollowUp(this.jobs, new ObjectId(key), new Date())
      .then((followUp) => {
        if (followUp) this.log.info({ trigger: followUp.trigger }, 'A sync requested during the last run is due now.');
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'Could not queue the follow-up sync.'))
      .finally(() => {
        this.inFlight.delete(key);
        entry?.resolve();
      });
  }

  private async notify(run: SyncRunDoc): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(run);
      } catch (error) {
        this.log.error({ err: error, runId: run.runId }, 'A sync-finished listener failed.');
      }
    }
  }

  private async everSynced(): Promise<boolean> {
    const done = await this.options.store.syncRuns.findOne(
      { tenantId: this.options.tenantId, status: { $in: ['succeeded', 'completed_with_errors'] } },
      { projection: { _id: 1 } },
    );
    return done !== null;
  }

  private async runningRunId(): Promise<string | null> {
    const run = await this.options.store.syncRuns
      .find({ tenantId: this.options.tenantId, status: 'running' }, { projection: { runId: 1 } })
      .sort({ startedAt: -1 })
      .limit(1)
      .next();
    return run?.runId ?? null;
  }

  private jobData(trigger: string): SyncJobData {
    return { tenantId: this.options.tenantId, mode: 'incremental', trigger, requestedBy: null };
  }

  private requireAgenda(): Agenda {
    if (!this.agenda) throw new AppError('scheduler_not_ready', 'The sync scheduler has not started.', 503);
    return this.agenda;
  }
}

function jobObjectId(job: Job<SyncJobData>): ObjectId {
  return new ObjectId(String(job.attrs._id));
}

/**
 * Touches the job (renews its lock) on the heartbeat and, at most every quarter lock lifetime, on sync progress.
 * A touch that fails because Agenda cancelled the job (its lock expired) means the lock is gone: `lost` is true.
 */
function lockKeeper(job: Job<SyncJobData>, lockLifetimeMs: number, onFailure: (error: unknown, lost: boolean) => void) {
  let last = Date.now();
  let busy = false;
  return async (force: boolean): Promise<void> => {
    if (busy || (!force && Date.now() - last < lockLifetimeMs / 4)) return;
    busy = true;
    try {
      await job.touch();
      last = Date.now();
    } catch (error) {
      onFailure(error, Boolean(job.getCanceledMessage()));
    } finally {
      busy = false;
    }
  };
}
