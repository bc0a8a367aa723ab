import type { SyncControl } from '../../server/core/sync/syncControl';
import type { Logger } from '../../server/logger';
import type { SyncRunDoc } from '../../server/store/documents';

/**
 * What the proactive notifiers share: something to deliver after each sync run this process finishes, and a sweep
 * (on a timer, overlapping calls sharing one pass) for what other replicas, a crash or a CLI left undelivered.
 */
export abstract class ProactiveNotifier {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  protected constructor(
    protected readonly log: Logger,
    /** "Sync summary", "Risk alert": for the log. */
    private readonly what: string,
  ) {}

  /** Delivers after every run this process finishes, and sweeps every `sweepIntervalMs` (0: never). */
  start(syncControl: SyncControl, sweepIntervalMs: number): void {
    syncControl.onRunFinished(async (run) => {
      await this.afterRun(run).catch((error: unknown) =>
        this.log.error({ err: error, runId: run.runId }, `${this.what} delivery failed.`),
      );
    });
    if (sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep(), sweepIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over what may be undelivered (overlapping calls share one pass). */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        await this.sweepOnce();
      } catch (error) {
        this.log.error({ err: error }, `${this.what} sweep failed; the next sweep retries.`);
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  /** What to deliver when this process finishes a run. */
  protected abstract afterRun(run: SyncRunDoc): Promise<unknown>;

  /** One sweep's deliveries; errors are logged by `sweep`. */
  protected abstract sweepOnce(): Promise<void>;
}
