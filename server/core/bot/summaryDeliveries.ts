import { MongoServerError } from 'mongodb';
import type { SummaryDeliveryDoc, SyncRunDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';

/** A claim older than this is taken to belong to a replica that died between claiming and sending. */
export const STALE_CLAIM_MS = 15 * 60_000;

export interface DeliveryClaim {
  tenantId: string;
  runId: string;
  conversationId: string;
  /** Which replica claims it (INSTANCE_ID / host:pid). */
  claimedBy: string;
}

export const deliveryId = (runId: string, conversationId: string) => naturalId(runId, conversationId);

const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;

/**
 * Claims "run R's summary goes to conversation C" for this replica. The `_id` is derived from (runId,
 * conversationId), so of two replicas inserting the same claim exactly one succeeds — on every MongoDB flavour,
 * the emulator included. A claim left unfinished for STALE_CLAIM_MS (its replica crashed before sending) can be
 * taken over once; a finished one never.
 */
export async function claimDelivery(store: Store, claim: DeliveryClaim, now: Date): Promise<boolean> {
  const _id = deliveryId(claim.runId, claim.conversationId);
  try {
    await store.summaryDeliveries.insertOne({
      _id,
      tenantId: claim.tenantId,
      runId: claim.runId,
      conversationId: claim.conversationId,
      status: 'claimed',
      claimedBy: claim.claimedBy,
      claimedAt: now,
      sentAt: null,
      error: null,
    });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const takeover = await store.summaryDeliveries.updateOne(
    { _id, status: 'claimed', claimedAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    { $set: { claimedBy: claim.claimedBy, claimedAt: now } },
  );
  return takeover.modifiedCount === 1;
}

/** Records how a claimed delivery ended. */
export async function finishDelivery(
  store: Store,
  runId: string,
  conversationId: string,
  outcome: { status: Exclude<SummaryDeliveryDoc['status'], 'claimed'>; error?: string | null },
  now: Date,
): Promise<void> {
  await store.summaryDeliveries.updateOne(
    { _id: deliveryId(runId, conversationId) },
    {
      $set: {
        status: outcome.status,
        sentAt: outcome.status === 'sent' ? now : null,
        error: outcome.error ? outcome.error.slice(0, 300) : null,
      },
    },
  );
}

/** Deliveries of one run (tests and diagnostics). */
export function deliveriesOfRun(store: Store, runId: string): Promise<SummaryDeliveryDoc[]> {
  return store.summaryDeliveries.find({ runId }).toArray();
}

/** Runs that ended since `since` (newest first): the sweep's candidates for summaries not yet delivered. */
export function runsEndedSince(store: Store, tenantId: string, since: Date, limit = 20): Promise<SyncRunDoc[]> {
  return store.syncRuns
    .find({ tenantId, status: { $ne: 'running' }, endedAt: { $gte: since } })
    .sort({ endedAt: -1 })
    .limit(limit)
    .toArray();
}

/** Whether this (run, conversation) pair already has a delivery record (a cheap `_id` lookup). */
export async function hasDelivery(store: Store, runId: string, conversationId: string): Promise<boolean> {
  return (await store.summaryDeliveries.countDocuments({ _id: deliveryId(runId, conversationId) }, { limit: 1 })) > 0;
}
