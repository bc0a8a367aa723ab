import { Binary, BSON, MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';
import type { Logger } from '../../logger';
import {
  USER_SCOPED_AGGREGATES,
  type InteractionDoc,
  type AggregateCollection,
  type AggregateOp,
  type SyncBatchDoc,
  type WriteCounts,
} from '../../store/documents';
import type { Store } from '../../store/Store';
import type { InteractionScanner } from '../risk/riskScanner';

/** How many documents a batch created and updated. */
export type BatchResult = WriteCounts;

const REPORTED: ReadonlySet<AggregateCollection> = new Set(['conversations', 'agents', 'dataSources', 'users']);

export const emptyBatchResult = (): BatchResult => ({
  interactionsNew: 0,
  conversationsNew: 0,
  conversationsUpdated: 0,
  agentsNew: 0,
  agentsUpdated: 0,
  dataSourcesNew: 0,
  dataSourcesUpdated: 0,
  usersNew: 0,
  usersUpdated: 0,
});

/** Adds one result's counts into another (run totals). */
export function addBatchResult(into: BatchResult, result: BatchResult): void {
  for (const key of Object.keys(result) as (keyof BatchResult)[]) into[key] += result[key];
}

/** A batch to write: its journal entry and the interaction documents it adds. */
export interface PendingBatch {
  entry: SyncBatchDoc;
  interactions: InteractionDoc[];
  ops: AggregateOp[];
}

/** Packs ops for the journal entry (one opaque blob is far cheaper to store than thousands of small documents). */
export function packOps(ops: AggregateOp[]): Binary {
  return new Binary(BSON.serialize({ ops }));
}

function unpackOps(entry: SyncBatchDoc): AggregateOp[] {
  return (BSON.deserialize(entry.opsBson.buffer, { promoteBuffers: true }) as { ops: AggregateOp[] }).ops;
}

/**
 * Writes one batch (pages of one or more users) exactly once, without transactions:
 *
 * 1. the batch (the new interactions' ids + precomputed aggregate ops) is journalled in `syncBatches`;
 * 2. the interactions are inserted (a duplicate `_id` means "already stored");
 * 3. the aggregate ops are applied, each guarded by a marker of this batch — `lastBatch` on documents that belong
 *    to one user (batches are written one at a time, so at most one unfinished batch touches them), an
 *    `applied.<batch>` flag on shared ones (ensured to exist first) — so a replay skips what was applied;
 * 4. a small "applied" mark is written (`syncBatchesApplied`), shared flags are cleared, entry and mark removed.
 *
 * A crash leaves the journal entry, and `recover()` settles it at the start of the next run: ops are only ever
 * applied once all the batch's interactions are stored, so an entry whose interactions are all there is finished
 * (guarded ops make that idempotent, the mark skips straight to clean-up); one whose interactions are not all
 * there never reached its ops, so the stored part is removed and the next fetch brings those pages back as new.
 */
export class BatchWriter {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly risk?: InteractionScanner,
  ) {}

  /** Journals then applies a batch. */
  async write(batch: PendingBatch): Promise<BatchResult> {
    // Before anything of the batch is stored: secrets are masked in the interactions and findings recorded (keyed
    // upserts, so a replayed batch records nothing twice).
    if (this.risk && batch.interactions.length > 0) await this.risk.scan(batch.interactions);
    await this.store.syncBatches.insertOne(batch.entry);
    const result = emptyBatchResult();
    if (batch.interactions.length > 0) {
      // The preparer found none of these stored, and only this batch writes them: plain inserts, where a
      // duplicate `_id` (a replay) just means "already there".
      result.interactionsNew = await insertAllowingDuplicates(
        this.store.interactions as unknown as Collection<Document>,
        batch.interactions,
      );
    }
    Object.assign(result, await this.applyOps(batch.entry, batch.ops), { interactionsNew: result.interactionsNew });
    return result;
  }

  /** Settles every journalled batch of the tenant (left by a crash); returns how many. */
  async recover(tenantId: string): Promise<number> {
    const pending = await this.store.syncBatches.find({ tenantId }).sort({ createdAt: 1 }).toArray();
    for (const entry of pending) {
      const stored = await this.store.interactions.countDocuments({ _id: { $in: entry.interactionIds } });
      const complete = stored === entry.interactionIds.length;
      this.logger.warn(
        { batchId: entry.batchId, users: entry.userIds.length, runId: entry.runId, complete },
        complete
          ? 'Finishing a sync batch an interrupted run left unfinished.'
          : 'Undoing the partial write of a sync batch an interrupted run left; its page will be read again.',
      );
      if (complete) {
        await this.applyOps(entry, unpackOps(entry));
      } else {
        await this.store.interactions.deleteMany({ _id: { $in: entry.interactionIds } });
        await this.store.syncBatches.deleteOne({ _id: entry._id });
      }
    }
    return pending.length;
  }

  /** Steps 3 and 4: applies (or, once applied, only cleans up) the batch's aggregate ops. */
  private async applyOps(entry: SyncBatchDoc, allOps: AggregateOp[]): Promise<BatchResult> {
    const result = emptyBatchResult();
    const byCollection = new Map<AggregateCollection, AggregateOp[]>();
    for (const op of allOps) {
      const list = byCollection.get(op.collection) ?? [];
      list.push(op);
      byCollection.set(op.collection, list);
    }
    const appliedMark = { _id: entry._id, tenantId: entry.tenantId, batchId: entry.batchId };
    const applied = (await this.store.syncBatchesApplied.findOne({ _id: entry._id })) !== null;
    if (!applied) {
      // Collections are independent of each other: apply them side by side.
      await Promise.all(
        [...byCollection].map(async ([collection, ops]) => {
          const { created, updated } = await this.applyCollectionOps(collection, ops, entry.batchId);
          if (REPORTED.has(collection)) {
            const name = collection as 'conversations' | 'agents' | 'dataSources' | 'users';
            result[`${name}New`] = created;
            result[`${name}Updated`] = updated;
          }
        }),
      );
      await this.moveRecordsWithPeople(byCollection.get('users') ?? []);
      // From here on a replay must not apply again: shared markers are about to be cleared. (A separate tiny
      // document: updating the journal entry itself would rewrite all its ops.)
      await this.store.syncBatchesApplied.updateOne(
        { _id: entry._id },
        { $setOnInsert: appliedMark },
        { upsert: true },
      );
    }
    await Promise.all(
      [...byCollection]
        .filter(([collection]) => !USER_SCOPED_AGGREGATES.has(collection))
        .map(([collection, ops]) => this.clearMarkers(collection, ops, entry.batchId)),
    );
    await this.store.syncBatches.deleteOne({ _id: entry._id });
    await this.store.syncBatchesApplied.deleteOne({ _id: entry._id });
    return result;
  }

  /**
   * Applies one collection's ops, guarded; returns how many documents it created and how many existing ones
   * it changed. Documents only this user's
   * batches touch take one upsert filtered on `lastBatch != batch` (a duplicate-key answer means the batch was
   * applied already); shared ones are first ensured, then updated where this batch's flag is absent, so two users'
   * batches creating the same document at once cannot collide.
   */
  private async applyCollectionOps(
    collection: AggregateCollection,
    ops: AggregateOp[],
    batchId: string,
  ): Promise<{ created: number; updated: number }> {
    const target = this.store[collection] as unknown as Collection<Document>;
    if (USER_SCOPED_AGGREGATES.has(collection)) {
      const upserts: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
        updateOne: {
          filter: { _id: op._id, lastBatch: { $ne: batchId } },
          update: updateOf(op, { lastBatch: batchId }, true),
          upsert: true,
        },
      }));
      return bulkWriteAllowingDuplicates(target, upserts);
    }
    const marker = `applied.${batchId}`;
    const ensure: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: { filter: { _id: op._id }, update: { $setOnInsert: op.setOnInsert }, upsert: true },
    }));
    const created = (await target.bulkWrite(ensure, { ordered: false })).upsertedCount;
    // Every guarded op changes its document; the ones just created are not "updated".
    const guarded: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: {
        filter: { _id: op._id, [marker]: { $exists: false } },
        update: updateOf(op, { [marker]: true }, false),
      },
    }));
    const modified = (await target.bulkWrite(guarded, { ordered: false })).modifiedCount;
    return { created, updated: Math.max(0, modified - created) };
  }

  /**
   * A person's agents and daily records carry the department key their users record has (the agents list's department
   * filter, Ask's department figures). The batch's ops set it on the person and on the agents and days it touched;
   * here every other agent and day of that person follows, after those ops. Each update sets the batch's key where it
   * differs, so a replay (recover) after a crash changes nothing more, and batches, written in order, leave the latest
   * key.
   */
  private async moveRecordsWithPeople(userOps: AggregateOp[]): Promise<void> {
    const moves: AnyBulkWriteOperation<Document>[] = userOps
      .filter((op) => op.set.departmentKey !== undefined)
      .map((op) => ({
        updateMany: {
          filter: {
            tenantId: op.setOnInsert.tenantId,
            userId: op.setOnInsert.userId,
            departmentKey: { $ne: op.set.departmentKey },
          },
          update: { $set: { departmentKey: op.set.departmentKey } },
        },
      }));
    if (moves.length === 0) return;
    for (const records of [this.store.agents, this.store.dailyUserActivity])
      await (records as unknown as Collection<Document>).bulkWrite(moves, { ordered: false });
  }

  private async clearMarkers(collection: AggregateCollection, ops: AggregateOp[], batchId: string): Promise<void> {
    const target = this.store[collection] as unknown as Collection<Document>;
    const cleanup: AnyBulkWriteOperation<Document>[] = ops.map((op) => ({
      updateOne: { filter: { _id: op._id }, update: { $unset: { [`applied.${batchId}`]: '' } } },
    }));
    await target.bulkWrite(cleanup, { ordered: false });
  }
}

function updateOf(op: AggregateOp, markerSet: Record<string, unknown>, withInsertDefaults: boolean): Document {
  const update: Document = { $set: { ...op.set, ...markerSet } };
  if (Object.keys(op.inc).length) update.$inc = op.inc;
  if (Object.keys(op.min).length) update.$min = op.min;
  if (Object.keys(op.max).length) update.$max = op.max;
  const addToSet = Object.entries(op.addToSet).filter(([, values]) => values.length > 0);
  if (addToSet.length)
    update.$addToSet = Object.fromEntries(addToSet.map(([field, values]) => [field, { $each: values }]));
  if (withInsertDefaults) {
    // Defaults for fields this op does not touch; a field also set by $inc & co. would be a conflict.
    const touched = [update.$set, update.$inc, update.$min, update.$max, update.$addToSet]
      .filter(Boolean)
      .flatMap((part: Document) => Object.keys(part).map((path) => path.split('.')[0]!));
    const defaults = Object.entries(op.setOnInsert).filter(([field]) => !touched.includes(field));
    if (defaults.length) update.$setOnInsert = Object.fromEntries(defaults);
  }
  return update;
}

/** Inserts documents, skipping ones whose `_id` is already stored; returns how many it inserted. */
async function insertAllowingDuplicates(target: Collection<Document>, docs: Document[]): Promise<number> {
  try {
    return (await target.insertMany(docs, { ordered: false })).insertedCount;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || !onlyDuplicates(error)) throw error;
    return error.result.insertedCount;
  }
}

/** MongoDB says 11000; the CongoDB emulator reports the same condition as code 1 with this message. */
function onlyDuplicates(error: MongoBulkWriteError): boolean {
  const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return errors.every((e) => e.code === 11000 || /duplicate key/i.test(e.errmsg ?? ''));
}

/** Guarded upserts where a duplicate `_id` means "already applied"; how many it inserted and changed. */
async function bulkWriteAllowingDuplicates(
  target: Collection<Document>,
  writes: AnyBulkWriteOperation<Document>[],
): Promise<{ created: number; updated: number }> {
  try {
    const result = await target.bulkWrite(writes, { ordered: false });
    return { created: result.upsertedCount, updated: result.modifiedCount };
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || !onlyDuplicates(error)) throw error;
    return { created: error.result.upsertedCount, updated: error.result.modifiedCount };
  }
}
