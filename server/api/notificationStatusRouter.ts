import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { notificationChannelStatus, type NotificationChannelStatus } from '../core/realtime/notificationStatus';
import { realtimeCollections } from '../store/realtimeCollections';
import type { NotificationChannel } from './notificationContracts';
import { parseQuery } from './queryValidation';

const noQuery = z.object({}).strict();

/** GET /sync/notifications: the change-notification channel beside the polling sync (admins; mounted by apiRouter). */
export function createNotificationStatusRouter(ctx: AppContext): Router {
  const router = Router();
  const collections = realtimeCollections(ctx.store.db);
  router.get('/sync/notifications', async (req, res) => {
    parseQuery(noQuery, req.query);
    const silenceMs = ctx.config.NOTIFICATION_SILENCE_MINUTES * 60_000;
    res.json(present(await notificationChannelStatus(collections, ctx.tenantId, ctx.now(), silenceMs)));
  });
  return router;
}

function present(s: NotificationChannelStatus): NotificationChannel {
  const reconciliation = s.lastReconciliation;
  return {
    subscriptionId: s.subscriptionId,
    healthy: s.status === 'active' && s.unhealthyReason === null,
    unhealthyReason: s.unhealthyReason,
    lag: s.lag,
    lastReconciliation: reconciliation
      ? {
          at: reconciliation.at.toISOString(),
          runId: reconciliation.runId,
          trigger: reconciliation.trigger,
          from: reconciliation.from.toISOString(),
          to: reconciliation.to.toISOString(),
          found: reconciliation.found,
          missed: reconciliation.missed,
        }
      : null,
    gapDetectedAt: s.gapDetectedAt?.toISOString() ?? null,
    gapsDetected: s.gapsDetected,
    missedTotal: s.missedTotal,
    configured: s.configured,
    status: s.status,
    expiresAt: s.expiresAt?.toISOString() ?? null,
    renewedAt: s.renewedAt?.toISOString() ?? null,
    lastNotificationAt: s.lastNotificationAt?.toISOString() ?? null,
    notificationsReceived: s.notificationsReceived,
    queued: s.queued,
    skipped: s.skipped,
    lastError: s.lastError,
  };
}
