import type { SyncRunner } from './core/sync/syncRunner';
import { AppError } from './errors';
import type { Logger } from './logger';

/**
 * Runs the first sync right after start-up and then every `intervalMinutes`, one at a time, in the
 * background. (Scheduling across several replicas moves to a MongoDB-backed job scheduler later; the sync
 * lease already keeps two runs of one tenant apart.)
 */
export class SyncScheduler {
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

  /** Starts a run unless one is in flight. */
  trigger(reason: string): boolean {
    if (this.running || this.abort.signal.aborted) return false;
    this.running = this.runner
      .run({ mode: 'incremental', trigger: reason, signal: this.abort.signal })
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
