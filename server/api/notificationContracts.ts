/**
 * GET /api/sync/notifications: the change-notification channel beside polling, as the Sync view shows it. Kept apart
 * from contracts.ts only so the realtime work changes one file of its own; the tab imports it the same way.
 */
export interface NotificationChannel {
  configured: boolean;
  status: 'active' | 'removed' | 'reauthorizationRequired' | 'failed' | 'expired' | null;
  /** Active and nothing wrong: polling then runs only every RECONCILE_INTERVAL_MINUTES. */
  healthy: boolean;
  /** Why polling runs at its normal interval (null while healthy). */
  unhealthyReason: string | null;
  subscriptionId: string | null;
  expiresAt: string | null;
  renewedAt: string | null;
  lastNotificationAt: string | null;
  notificationsReceived: number;
  /** Accepted and waiting to be stored (queue depth). */
  queued: number;
  skipped: number;
  lastError: string | null;
  /** Graph's createdDateTime → stored, over the last day's notified interactions. */
  lag: { samples: number; p50Ms: number; p95Ms: number; maxMs: number } | null;
  /** The last polling pass read as reconciliation: its window, what it stored, and how much of that was missed. */
  lastReconciliation: {
    at: string;
    runId: string;
    trigger: string;
    from: string;
    to: string;
    found: number;
    missed: number;
  } | null;
  gapDetectedAt: string | null;
  gapsDetected: number;
  missedTotal: number;
}
