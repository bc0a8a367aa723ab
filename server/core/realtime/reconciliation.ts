import type { Logger } from '../../logger';
import type { SyncRunDoc } from '../../store/documents';
import type { RealtimeCollections, RealtimeSubscriptionDoc } from '../../store/realtimeCollections';
import type { Store } from '../../store/Store';
import { subscriptionStateId } from './notificationIntake';

/** Interactions this recent when a polling pass starts may simply not have been notified yet: not a gap. */
export const DELIVERY_GRACE_MS = 2 * 60_000;

export interface ReconciliationDeps {
  store: Store;
  collections: RealtimeCollections;
  tenantId: string;
  now: () => Date;
  logger: Logger;
  /** RECONCILE_INTERVAL_MINUTES in ms: the polling interval while the channel is healthy. */
  reconcileIntervalMs: number;
  /** NOTIFICATION_SILENCE_MINUTES in ms: no notification for longer, and the channel counts as unhealthy. */
  silenceMs: number;
}

/** Why the channel is not healthy, or null when it is (then polling only reconciles, at the slower interval). */
export function unhealthyBecause(state: RealtimeSubscriptionDoc | null, now: Date, silenceMs: number): string | null {
  if (!state?.subscriptionId || state.status !== 'active') return 'no active subscription';
  if (!state.expiresAt || state.expiresAt <= now) return 'the subscription expired';
  if (state.gapDetectedAt) return 'the last reconciliation found interactions no notification brought';
  const heard = state.lastNotificationAt ?? state.createdAt;
  if (!heard || now.getTime() - heard.getTime() > silenceMs) return 'no notification for too long';
  return null;
}

/**
 * Whether a scheduled polling pass should run now: always while the channel is unhealthy (polling is then the only
 * channel, at SYNC_INTERVAL_MINUTES); while it is healthy, once RECONCILE_INTERVAL_MINUTES have passed since the last
 * reconciliation.
 */
export async function pollingDue(deps: ReconciliationDeps): Promise<boolean> {
  const state = await deps.collections.subscriptions.findOne({ _id: subscriptionStateId(deps.tenantId) });
  const now = deps.now();
  if (unhealthyBecause(state, now, deps.silenceMs)) return true;
  const last = state!.lastReconciliation?.at;
  return !last || now.getTime() - last.getTime() >= deps.reconcileIntervalMs;
}

/**
 * After a polling pass: counts the interactions it stored that notifications should have brought first (created
 * while the subscription was active, more than DELIVERY_GRACE_MS before the pass began). Any such interaction is a
 * gap: the pass itself was the watermark sweep over the window since the previous one, and it is recorded with what
 * it found; the channel counts as unhealthy until a pass finds none.
 */
export async function recordReconciliation(
  deps: ReconciliationDeps,
  run: SyncRunDoc,
): Promise<RealtimeSubscriptionDoc['lastReconciliation']> {
  const { store, collections, tenantId, now } = deps;
  if (run.status !== 'succeeded' && run.status !== 'completed_with_errors') return null;
  const state = await collections.subscriptions.findOne({ _id: subscriptionStateId(tenantId) });
  if (!state?.createdAt) return null;
  const from = state.lastReconciliation?.to ?? state.createdAt;
  const to = new Date(run.startedAt.getTime() - DELIVERY_GRACE_MS);
  const missed =
    to > from
      ? await store.interactions.countDocuments({
          tenantId,
          createdAt: { $gte: from, $lt: to },
          syncedAt: { $gte: run.startedAt, $lte: run.endedAt ?? now() },
        })
      : 0;
  const record = {
    at: now(),
    runId: run.runId,
    trigger: run.trigger,
    from,
    to: to > from ? to : from,
    found: run.counts.interactionsNew,
    missed,
  };
  await collections.subscriptions.updateOne(
    { _id: state._id },
    {
      $set: { lastReconciliation: record, ...(missed > 0 ? { gapDetectedAt: record.at } : { gapDetectedAt: null }) },
      ...(missed > 0 ? { $inc: { gapsDetected: 1, missedTotal: missed } } : {}),
    },
  );
  if (missed > 0)
    deps.logger.warn(
      { missed, from, to: record.to, runId: run.runId },
      'Polling found interactions no notification brought: recorded as a gap; polling at the normal interval.',
    );
  return record;
}
