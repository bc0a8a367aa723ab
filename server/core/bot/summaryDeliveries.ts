import { MongoServerError, type Filter } from 'mongodb';
import type { SummaryDeliveryDoc, SyncRunDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';

/** A claim older than this is taken to belong to a replica that died between claiming and sending. */
export const STALE_CLAIM_MS = 15 * 60_000;

/** Claims of one (run, conversation) before it is given up: the first send plus retries and takeovers. */
export const MAX_DELIVERY_ATTEMPTS = 5;

/** Wait after the first failed attempt; doubled after each further one (1, 2, 4, 8 minutes). */
export const RETRY_BASE_MS = 60_000;

export interface DeliveryClaim {
  tenantId: string;
  runId: string;
  conversationId: string;
  /** Which replica claims it (INSTANCE_ID / host:pid). */
  claimedBy: string;
}

/** A claim this replica holds; `attempt` fences it, so a holder whose claim was taken over cannot record an outcome. */
export interface HeldDelivery {
  runId: string;
  conversationId: string;
  attempt: number;
}

export const deliveryId = (runId: string, conversationId: string) => naturalId(runId, conversationId);

const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;

/** How long to wait after `attempts` failed claims before the next one. */
export const retryDelayMs = (attempts: number) => RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);

/**
 * Existing deliveries that may be claimed at `now`: a failed one whose retry time came, or a stale claim. Both only
 * below MAX_DELIVERY_ATTEMPTS, so a claim whose replica died on the last attempt stays as it is.
 */
function claimableFilter(now: Date): Filter<SummaryDeliveryDoc> {
  return {
    attempts: { $lt: MAX_DELIVERY_ATTEMPTS },
    $or: [
      { status: 'failed', nextAttemptAt: { $lte: now } },
      { status: 'claimed', claimedAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    ],
  };
}

/**
 * Claims "run R's summary goes to conversation C" for this replica. The first claim inserts the document whose `_id`
 * derives from (runId, conversationId), so of two replicas exactly one insert succeeds — on every MongoDB flavour,
 * the emulator included. Later claims are one conditional update of that document: a failed delivery once its
 * backoff has passed, or a claim left unfinished for STALE_CLAIM_MS (its replica died before sending); of two
 * replicas only one update matches. Sent, deactivated and abandoned deliveries are never claimed again.
 */
export async function claimDelivery(store: Store, claim: DeliveryClaim, now: Date): Promise<HeldDelivery | null> {
  const _id = deliveryId(claim.runId, claim.conversationId);
  const held = (attempt: number) => ({ runId: claim.runId, conversationId: claim.conversationId, attempt });
  try {
    await store.summaryDeliveries.insertOne({
      _id,
      tenantId: claim.tenantId,
      runId: claim.runId,
      conversationId: claim.conversationId,
      status: 'claimed',
      claimedBy: claim.claimedBy,
      claimedAt: now,
      attempts: 1,
      nextAttemptAt: null,
      sentAt: null,
      error: null,
    });
    return held(1);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const taken = await store.summaryDeliveries.findOneAndUpdate(
    { _id, ...claimableFilter(now) },
    {
      $set: { status: 'claimed', claimedBy: claim.claimedBy, claimedAt: now, nextAttemptAt: null },
      $inc: { attempts: 1 },
    },
    { returnDocument: 'after' },
  );
  return taken ? held(taken.attempts) : null;
}

/** Conversations that need no claim for this run at `now`: delivered, deactivated, abandoned, held or backing off. */
export async function conversationsNotDue(store: Store, runId: string, now: Date): Promise<Set<string>> {
  const docs = await store.summaryDeliveries
    .find({ runId, $nor: [claimableFilter(now)] }, { projection: { conversationId: 1 } })
    .toArray();
  return new Set(docs.map((d) => d.conversationId));
}

/** The fenced filter: this replica's claim, unless another replica took it over since. */
const heldFilter = (held: HeldDelivery): Filter<SummaryDeliveryDoc> => ({
  _id: deliveryId(held.runId, held.conversationId),
  status: 'claimed',
  attempts: held.attempt,
});

/** Records a held delivery as sent or deactivated; false if the claim had been taken over meanwhile. */
export async function finishDelivery(
  store: Store,
  held: HeldDelivery,
  outcome: { status: 'sent' | 'deactivated'; error?: string | null },
  now: Date,
): Promise<boolean> {
  const result = await store.summaryDeliveries.updateOne(heldFilter(held), {
    $set: {
      status: outcome.status,
      sentAt: outcome.status === 'sent' ? now : null,
      error: outcome.error ? outcome.error.slice(0, 300) : null,
    },
  });
  return result.modifiedCount === 1;
}

/**
 * Records a transient failure of a held delivery: retried after a doubling backoff, or abandoned once it has had
 * MAX_DELIVERY_ATTEMPTS. Returns which (null if the claim had been taken over meanwhile).
 */
export async function recordFailedAttempt(
  store: Store,
  held: HeldDelivery,
  error: string,
  now: Date,
): Promise<{ status: 'failed' | 'abandoned'; nextAttemptAt: Date | null } | null> {
  const abandoned = held.attempt >= MAX_DELIVERY_ATTEMPTS;
  const nextAttemptAt = abandoned ? null : new Date(now.getTime() + retryDelayMs(held.attempt));
  const status = abandoned ? 'abandoned' : 'failed';
  const result = await store.summaryDeliveries.updateOne(heldFilter(held), {
    $set: { status, nextAttemptAt, sentAt: null, error: error.slice(0, 300) },
  });
  return result.modifiedCount === 1 ? { status, nextAttemptAt } : null;
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
