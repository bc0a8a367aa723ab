import type { SyncControl, SyncRequest, SyncRequestResult } from './core/sync/syncControl';
import type { SyncRunner } from './core/sync/syncRunner';
import type { SyncRunDoc } from './store/documents';
import { AppError } from './errors';
import type { Logger } from './logger';

/**
 * Runs the first sync right after start-up and then every `intervalMinutes`, one at a time, in the
 * background. (Scheduling across several replicas moves to a MongoDB-backed job scheduler later; the sync
 * lease already keeps two runs of one tenant apart.)
 */
export class SyncScheduler implements SyncControl {
  private readonly listeners: Array<(run: SyncRunDoc) => Promise<void> | void> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly runner: SyncRunner,
    private readonly intervalMinutes: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.trigger('startup');
    if (this.intervalMinutes > 0) {
      this.timer = setInterval(() => this.trigger('schedule'), this.intervalMinutes * 60_000);
      this.timer.unref();
    }
  }

  async requestSync(request: SyncRequest): Promise<SyncRequestResult> {
    const started = this.trigger(request.trigger, request.mode);
    return { status: started ? 'queued' : 'running', runId: null };
  }

  onRunFinished(listener: (run: SyncRunDoc) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** Starts a run unless one is in flight. */
  trigger(reason: string, mode: 'full' | 'incremental' = 'incremental'): boolean {
    if (this.running || this.abort.signal.aborted) return false;
    this.running = this.runner
      .run({ mode, trigger: reason, signal: this.abort.signal })
      .then(async (run) => {
        for (const listener of this.listeners) {
          try {
            await listener(run);
          } catch (error) {
            this.logger.error({ err: error, runId: run.runId }, 'A sync-finished listener failed.');
          }
        }
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'sync_already_running') {
          this.logger.info({ reason }, 'Skipped a scheduled sync: another process is syncing this tenant.');
        } else {
          this.logger.error({ err: error, reason }, 'A sync run failed to start.');
        }
      })
      .finally(() => {
        this.running = null;
      });
    return true;
  }

  /** Stops the schedule and the run in flight (it ends after its current page). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort(new AppError('sync_stopped', 'The server is shutting down.', 503));
    await this.running;
  }
}
