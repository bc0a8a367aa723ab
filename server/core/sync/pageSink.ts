import type { AnyBulkWriteOperation } from 'mongodb';
import type { InteractionWindow } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import type { Logger } from '../../logger';
import type { SyncStateDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { prepareBatch, trackPending, type GatheredPage, type PendingIds, type PreparedBatch } from './batchPreparer';
import type { BatchResult, BatchWriter } from './batchWriter';
import type { MappedInteraction } from './interactionMapper';
import { markActive } from './markActive';

/** The `_id` of a user's sync state (watermark). */
export const syncStateId = (tenantId: string, userId: string) => naturalId('syncState', tenantId, userId);

export interface PageSinkOptions {
  store: Store;
  writer: BatchWriter;
  tenantId: string;
  runId: string;
  now: () => Date;
  logger: Logger;
  /** Write once this many interactions are gathered (and whenever the fetchers go quiet). */
  maxInteractions?: number;
  /** Called with what each batch created. */
  onWritten?: (result: BatchResult) => void;
}

interface Completion {
  user: GraphUser;
  window: InteractionWindow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers fetched pages from all users being synced and writes them in batches, one batch at a time. Writing
 * many users' pages together lets documents they share (a popular file, a day's per-app figures) take one op
 * instead of one per page. A user's watermark is saved with the batch holding their last page, so it never
 * moves ahead of what is stored.
 */
export class PageSink {
  private pages: GatheredPage[] = [];
  private gathered = 0;
  private completions: Completion[] = [];
  /** The last batch's whole task (prepare, then write after the one before it). */
  private writing: Promise<void> | null = null;
  private preparing = false;
  /** Batches prepared and waiting for the one before them: at most one, to bound memory. */
  private waiting = 0;
  /** Ids that prepared-but-unwritten batches will store or create: the next batch counts them as existing. */
  private readonly pending: PendingIds = { interactions: new Set(), conversations: new Set(), usages: new Set() };
  /**
   * The first failure, boxed: a write may reject with any value, `undefined` too, and every batch after a failed one
   * must stop (it counted that batch's conversations and usages as existing).
   */
  private broken: { error: unknown } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly failed = new Map<string, unknown>();
  private readonly maxInteractions: number;

  constructor(private readonly options: PageSinkOptions) {
    this.maxInteractions = options.maxInteractions ?? 2000;
  }

  /** Accepts a page; waits while a full batch is already waiting to be written (back-pressure). */
  async add(user: GraphUser, interactions: MappedInteraction[]): Promise<void> {
    this.throwIfFailed(user.id);
    this.pages.push({ user, interactions });
    this.gathered += interactions.length;
    while (this.gathered >= this.maxInteractions * 2 && this.writing) await this.writing;
    this.schedule();
  }

  /** Resolves once everything added for `user` is stored and their watermark moved to `window.before`. */
  complete(user: GraphUser, window: InteractionWindow): Promise<void> {
    this.throwIfFailed(user.id);
    return new Promise((resolve, reject) => {
      this.completions.push({ user, window, resolve, reject });
      this.schedule();
    });
  }

  /** Writes whatever is gathered and waits for it. */
  async drain(): Promise<void> {
    while (this.pages.length > 0 || this.completions.length > 0 || this.writing) {
      if (this.writing) await this.writing;
      else this.startBatch();
    }
  }

  private throwIfFailed(userId: string): void {
    if (this.failed.has(userId)) throw this.failed.get(userId);
  }

  private schedule(): void {
    if (this.preparing || this.waiting > 0) return;
    if (this.gathered >= this.maxInteractions) {
      this.startBatch();
      return;
    }
    // Let the other fetchers' pages in flight join this batch, briefly.
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (!this.preparing && this.waiting === 0) this.startBatch();
    }, 10);
  }

  /**
   * Prepares the next batch while the previous one is still being written (the preparing is mostly this
   * process's CPU, the writing mostly the database's), then writes it once the previous one is stored.
   */
  private startBatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pages.length === 0 && this.completions.length === 0) return;
    const pages = this.pages;
    const completions = this.completions;
    this.pages = [];
    this.completions = [];
    this.gathered = 0;
    this.preparing = true;
    const previous = this.writing;
    const task = this.prepareAndWrite(pages, completions, previous).finally(() => {
      if (this.writing === task) this.writing = null;
      if (this.pages.length > 0 || this.completions.length > 0) this.schedule();
    });
    this.writing = task;
  }

  private async prepareAndWrite(
    pages: GatheredPage[],
    completions: Completion[],
    previous: Promise<void> | null,
  ): Promise<void> {
    const { store, tenantId, runId, now } = this.options;
    let prepared: PreparedBatch | null = null;
    try {
      try {
        prepared = await prepareBatch(store, tenantId, runId, now(), pages, this.pending);
        if (prepared) trackPending(this.pending, prepared, 'add');
      } finally {
        this.preparing = false;
      }
      this.waiting += 1;
      try {
        await previous;
      } finally {
        this.waiting -= 1;
        // The next batch may now be prepared while this one is written.
        if (this.pages.length > 0 || this.completions.length > 0) this.schedule();
      }
      // What this batch assumed exists depends on the batches before it being stored.
      if (this.broken) throw this.broken.error;
      // One at a time and in order: each part of a split batch counts the parts before it as stored.
      for (const batch of prepared?.batches ?? []) {
        // Written whether or not anyone listens: `onWritten?.(await write())` would skip the write without a listener.
        const result = await this.options.writer.write(batch);
        this.options.onWritten?.(result);
      }
      // Every page of these users is stored: a completion is taken after its user's last page, so their pages are in
      // this batch or one before it, and a failure in any of those stopped this batch above. (A later batch failing
      // in preparation meanwhile holds pages of other users only.)
      if (completions.length > 0) await this.saveWatermarks(completions);
      for (const c of completions) c.resolve();
    } catch (error) {
      this.broken ??= { error };
      this.options.logger.error(
        { err: error, users: new Set(pages.map((p) => p.user.id)).size },
        'Writing a sync batch failed.',
      );
      for (const page of pages) this.failed.set(page.user.id, error);
      for (const c of completions) c.reject(error);
    } finally {
      if (prepared) trackPending(this.pending, prepared, 'delete');
    }
  }

  private async saveWatermarks(completions: Completion[]): Promise<void> {
    const { store, tenantId, runId, now } = this.options;
    const at = now();
    const writes: AnyBulkWriteOperation<SyncStateDoc>[] = completions.map(({ user, window }) => ({
      updateOne: {
        filter: { _id: syncStateId(tenantId, user.id) },
        update: {
          $set: { watermark: window.before, lastSyncedAt: at, lastRunId: runId, status: 'ok', lastError: null },
          $setOnInsert: { tenantId, userId: user.id },
        },
        upsert: true,
      },
    }));
    await store.syncState.bulkWrite(writes, { ordered: false });
    await markActive(
      store,
      tenantId,
      completions.map((c) => c.user.id),
    );
  }
}
