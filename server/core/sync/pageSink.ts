import type { AnyBulkWriteOperation } from 'mongodb';
import type { InteractionWindow } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import type { Logger } from '../../logger';
import type { SyncStateDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds } from './aggregateOps';
import { prepareBatch, type GatheredPage } from './batchPreparer';
import type { BatchResult, BatchWriter } from './batchWriter';
import type { MappedInteraction } from './interactionMapper';

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
  private writing: Promise<void> | null = null;
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
      else this.startWrite();
    }
  }

  private throwIfFailed(userId: string): void {
    if (this.failed.has(userId)) throw this.failed.get(userId);
  }

  private schedule(): void {
    if (this.writing) return;
    if (this.gathered >= this.maxInteractions) {
      this.startWrite();
      return;
    }
    // Let the other fetchers' pages in flight join this batch, briefly.
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (!this.writing) this.startWrite();
    }, 10);
  }

  private startWrite(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pages = this.pages;
    const completions = this.completions;
    this.pages = [];
    this.completions = [];
    this.gathered = 0;
    this.writing = this.write(pages, completions).finally(() => {
      this.writing = null;
      if (this.pages.length > 0 || this.completions.length > 0) this.schedule();
    });
  }

  private async write(pages: GatheredPage[], completions: Completion[]): Promise<void> {
    const { store, tenantId, runId, now } = this.options;
    try {
      const batch = await prepareBatch(store, tenantId, runId, now(), pages);
      if (batch) this.options.onWritten?.(await this.options.writer.write(batch));
      // A user whose earlier batch failed keeps their old watermark: those pages are not all stored.
      const settled = completions.filter((c) => !this.failed.has(c.user.id));
      for (const c of completions) if (this.failed.has(c.user.id)) c.reject(this.failed.get(c.user.id));
      if (settled.length > 0) await this.saveWatermarks(settled);
      for (const c of settled) c.resolve();
    } catch (error) {
      this.options.logger.error(
        { err: error, users: new Set(pages.map((p) => p.user.id)).size },
        'Writing a sync batch failed.',
      );
      for (const page of pages) this.failed.set(page.user.id, error);
      for (const c of completions) c.reject(error);
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
    const active = await store.users
      .find(
        { _id: { $in: completions.map((c) => aggregateIds.user(tenantId, c.user.id)) } },
        { projection: { userId: 1 } },
      )
      .toArray();
    if (active.length > 0) {
      await store.directoryUsers.updateMany(
        { _id: { $in: active.map((u) => naturalId('directoryUser', tenantId, u.userId)) } },
        { $set: { hasActivity: true } },
      );
    }
  }
}
