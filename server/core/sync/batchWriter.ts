import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Logger } from '../../logger';
import {
  USER_SCOPED_AGGREGATES,
  type AggregateCollection,
  type AggregateOp,
  type SyncBatchDoc,
} from '../../store/documents';
import type { Store } from '../../store/Store';

/** How many documents a batch created, per collection. */
export interface BatchResult {
  interactionsNew: number;
  conversationsNew: number;
  agentsNew: number;
  dataSourcesNew: number;
  usersNew: number;
}

export const emptyBatchResult = (): BatchResult => ({
  interactionsNew: 0,
  conversationsNew: 0,
  agentsNew: 0,
  dataSourcesNew: 0,
  usersNew: 0,
});

/**
 * Writes one page's new interactions and their aggregate changes exactly once, without transactions:
 *
 * 1. the batch (interactions + precomputed ops) is journalled in `syncBatches`;
 * 2. interactions are upserted by `_id` (a replay rewrites nothing);
 * 3. each aggregate op first makes sure its document exists, then applies its increments guarded by a marker
 *    of this batch — `lastBatch` on documents only this user's (sequential) batches touch, an `applied.<batch>`
 *    flag on shared ones — so a replay skips what was already applied;
 * 4. the journal entry is marked applied, then shared flags are cleared and the entry removed.
 * A crash anywhere leaves the journal entry; `recover()` replays it before the next sync touches that user.
 */
export class BatchWriter {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Journals then applies a batch. */
  async write(batch: SyncBatchDoc): Promise<BatchResult> {
    await this.store.syncBatches.insertOne(batch);
    return this.apply(batch);
  }

  /** Replays every journalled batch of the tenant (left by a crash); returns how many. */
  async recover(tenantId: string): Promise<number> {
    const pending = await this.store.syncBatches.find({ tenantId }).sort({ createdAt: 1 }).toArray();
    for (const batch of pending) {
      this.logger.warn(
        { batchId: batch.batchId, userId: batch.userId, runId: batch.runId },
        'Replaying a sync batch an interrupted run left unfinished.',
      );
      await this.apply(batch);
    }
    return pending.length;
  }

  private async apply(batch: SyncBatchDoc): Promise<BatchResult> {
    const result = emptyBatchResult();
    const byCollection = new Map<AggregateCollection, AggregateOp[]>();
    for (const op of batch.ops) {
      const list = byCollection.get(op.collection) ?? [];
      list.push(op);
      byCollection.set(op.collection, list);
    }
    if (!batch.applied) {
      if (batch.interactions.length > 0) {
        const writes = batch.interactions.map(({ _id, ...rest }) => ({
          updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true },
        }));
        result.interactionsNew = (await this.store.interactions.bulkWrite(writes, { ordered: false })).upsertedCount;
      }
      for (const [collection, ops] of byCollection) {
        const created = await this.applyOps(collection, ops, batch.batchId);
        if (collection === 'conversations') result.conversationsNew = created;
        if (collection === 'agents') result.agentsNew = created;
        if (collection === 'dataSources') result.dataSourcesNew = created;
        if (collection === 'users') result.usersNew = created;
      }
      // From here on a replay must not apply again: shared markers are about to be cleared.
      await this.store.syncBatches.updateOne({ _id: batch._id }, { $set: { applied: true } });
    }
    for (const [collection, ops] of byCollection) {
      if (!USER_SCOPED_AGGREGATES.has(collection)) await this.clearMarkers(collection, ops, batch.batchId);
    }
    await this.store.syncBatches.deleteOne({ _id: batch._id });
    return result;
  }

  /** Ensures, applies (guarded) and cleans up one collection's ops; returns how many documents it created. */
  private async applyOps(collection: AggregateCollection, ops: AggregateOp[], batchId: string): Promise<number> {
    const target = this.store[collection] as unknown as Collection<Document>;
    const userScoped = USER_SCOPED_AGGREGATES.has(collection);
    const marker = userScoped ? 'lastBatch' : `applied.${batchId}`;
    const ensure: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: { filter: { _id: op._id }, update: { $setOnInsert: op.setOnInsert }, upsert: true },
    }));
    const created = (await target.bulkWrite(ensure, { ordered: false })).upsertedCount;
    const guarded: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: {
        filter: userScoped
          ? { _id: op._id, lastBatch: { $ne: batchId } }
          : { _id: op._id, [marker]: { $exists: false } },
        update: updateOf(op, { [marker]: userScoped ? batchId : true }),
      },
    }));
    await target.bulkWrite(guarded, { ordered: false });
    return created;
  }

  private async clearMarkers(collection: AggregateCollection, ops: AggregateOp[], batchId: string): Promise<void> {
    const target = this.store[collection] as unknown as Collection<Document>;
    const cleanup: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: { filter: { _id: op._id }, update: { $unset: { [`applied.${batchId}`]: '' } } },
    }));
    await target.bulkWrite(cleanup, { ordered: false });
  }
}

function updateOf(op: AggregateOp, markerSet: Record<string, unknown>): Document {
  const update: Document = { $set: { ...op.set, ...markerSet } };
  if (Object.keys(op.inc).length) update.$inc = op.inc;
  if (Object.keys(op.min).length) update.$min = op.min;
  if (Object.keys(op.max).length) update.$max = op.max;
  const addToSet = Object.entries(op.addToSet).filter(([, values]) => values.length > 0);
  if (addToSet.length)
    update.$addToSet = Object.fromEntries(addToSet.map(([field, values]) => [field, { $each: values }]));
  return update;
}
