import type { RealtimeCollections, ReconciliationRecord } from '../../store/realtimeCollections';
import { subscriptionStateId } from './notificationIntake';
import { unhealthyBecause } from './reconciliation';

/** The lag figures look back this far (settled queue entries are kept two days). */
const LAG_WINDOW_MS = 24 * 60 * 60_000;
const LAG_SAMPLES = 2_000;

/** The notification channel as the Sync view shows it (no ids or secrets). */
export interface NotificationChannelStatus {
  /** Whether a subscription has ever been attempted for this tenant (NOTIFICATION_URL or DEMO_NOTIFICATIONS). */
  configured: boolean;
  status: 'active' | 'removed' | 'reauthorizationRequired' | 'failed' | 'expired' | null;
  expiresAt: Date | null;
  renewedAt: Date | null;
  lastNotificationAt: Date | null;
  notificationsReceived: number;
  /** Notifications accepted but not stored yet. */
  queued: number;
  /** Left to the polling pass (owner unknown), or a deletion naming an id two users share. */
  skipped: number;
  lastError: string | null;
  /** Graph's id of the subscription (not a secret: Graph only accepts calls about it from our app). */
  subscriptionId: string | null;
  /** Why polling runs at its normal interval, or null while notifications are healthy. */
  unhealthyReason: string | null;
  /** createdDateTime → stored over the last day's notified interactions (null without any). */
  lag: { samples: number; p50Ms: number; p95Ms: number; maxMs: number } | null;
  lastReconciliation: ReconciliationRecord | null;
  gapDetectedAt: Date | null;
  gapsDetected: number;
  missedTotal: number;
}

/** Reads the tenant's subscription state and queue counts. */
export async function notificationChannelStatus(
  collections: RealtimeCollections,
  tenantId: string,
  now: Date,
  silenceMs: number,
): Promise<NotificationChannelStatus> {
  const [state, queued, skipped, lags] = await Promise.all([
    collections.subscriptions.findOne({ _id: subscriptionStateId(tenantId) }),
    collections.queue.countDocuments({ tenantId, status: { $in: ['pending', 'processing'] } }),
    collections.queue.countDocuments({ tenantId, status: 'skipped' }),
    collections.queue
      .find(
        { tenantId, status: 'done', receivedAt: { $gte: new Date(now.getTime() - LAG_WINDOW_MS) } },
        { projection: { lagMs: 1 } },
      )
      .sort({ receivedAt: -1 })
      .limit(LAG_SAMPLES)
      .toArray(),
  ]);
  const expired = state?.status === 'active' && state.expiresAt !== null && state.expiresAt <= now;
  return {
    configured: state !== null,
    status: state ? (expired ? 'expired' : state.status) : null,
    expiresAt: state?.expiresAt ?? null,
    renewedAt: state?.renewedAt ?? null,
    lastNotificationAt: state?.lastNotificationAt ?? null,
    notificationsReceived: state?.notificationsReceived ?? 0,
    queued,
    skipped,
    lastError: state?.lastError ?? null,
    subscriptionId: state?.subscriptionId ?? null,
    unhealthyReason: state ? unhealthyBecause(state, now, silenceMs) : null,
    lag: lagFigures(lags.flatMap((l) => (typeof l.lagMs === 'number' ? [l.lagMs] : []))),
    lastReconciliation: state?.lastReconciliation ?? null,
    gapDetectedAt: state?.gapDetectedAt ?? null,
    gapsDetected: state?.gapsDetected ?? 0,
    missedTotal: state?.missedTotal ?? 0,
  };
}

function lagFigures(values: number[]): NotificationChannelStatus['lag'] {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { samples: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1)! };
}
