import type { RealtimeCollections } from '../../store/realtimeCollections';
import { subscriptionStateId } from './notificationIntake';

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
}

/** Reads the tenant's subscription state and queue counts. */
export async function notificationChannelStatus(
  collections: RealtimeCollections,
  tenantId: string,
  now: Date,
): Promise<NotificationChannelStatus> {
  const [state, queued, skipped] = await Promise.all([
    collections.subscriptions.findOne({ _id: subscriptionStateId(tenantId) }),
    collections.queue.countDocuments({ tenantId, status: { $in: ['pending', 'processing'] } }),
    collections.queue.countDocuments({ tenantId, status: 'skipped' }),
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
  };
}
