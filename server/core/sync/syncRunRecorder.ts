import type { ObjectId } from 'mongodb';
import type { SyncErrorEntry, SyncRunCounts, SyncRunDoc, SyncRunStatus } from '../../store/documents';
import type { Store } from '../../store/Store';
import { emptyBatchResult } from './batchWriter';

export const emptyCounts = (): SyncRunCounts => ({ usersListed: 0, interactionsFetched: 0, ...emptyBatchResult() });

/** Most per-user errors one run document keeps (the count is always exact). */
const MAX_ERRORS_KEPT = 500;

/** Keeps a run's document current: progress at most every `flushMs`, errors, final status. */
export class SyncRunRecorder {
  readonly run: SyncRunDoc;
  private lastFlush = 0;

  constructor(
    private readonly store: Store,
    run: SyncRunDoc,
    private readonly now: () => Date,
    private readonly flushMs = 1000,
  ) {
    this.run = run;
  }

  get id(): ObjectId {
    return this.run._id;
  }

  async start(): Promise<void> {
    await this.store.syncRuns.insertOne(this.run);
  }

  stage(stage: SyncRunDoc['stage']): Promise<void> {
    this.run.stage = stage;
    return this.flush(true);
  }

  error(entry: SyncErrorEntry): void {
    this.run.errorCount += 1;
    if (this.run.errors.length < MAX_ERRORS_KEPT) this.run.errors.push(entry);
  }

  /** Writes progress if `flushMs` passed since the last write (or `force`). */
  async flush(force = false): Promise<void> {
    const at = this.now();
    if (!force && at.getTime() - this.lastFlush < this.flushMs) return;
    this.lastFlush = at.getTime();
    this.run.heartbeatAt = at;
    const { _id, ...rest } = this.run;
    await this.store.syncRuns.updateOne({ _id }, { $set: rest });
  }

  async finish(status: SyncRunStatus, message: string | null): Promise<SyncRunDoc> {
    const at = this.now();
    this.run.status = status;
    this.run.stage = 'done';
    this.run.endedAt = at;
    this.run.durationMs = at.getTime() - this.run.startedAt.getTime();
    this.run.message = message;
    await this.flush(true);
    return this.run;
  }
}
