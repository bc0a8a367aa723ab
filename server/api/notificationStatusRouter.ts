import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { notificationChannelStatus, type NotificationChannelStatus } from '../core/realtime/notificationStatus';
import { realtimeCollections } from '../store/realtimeCollections';
import { parseQuery } from './queryValidation';

const noQuery = z.object({}).strict();

/** GET /sync/notifications: the change-notification channel beside the polling sync (admins; mounted by apiRouter). */
export function createNotificationStatusRouter(ctx: AppContext): Router {
  const router = Router();
  const collections = realtimeCollections(ctx.store.db);
  router.get('/sync/notifications', async (req, res) => {
    parseQuery(noQuery, req.query);
    res.json(present(await notificationChannelStatus(collections, ctx.tenantId, ctx.now())));
  });
  return router;
}

function present(s: NotificationChannelStatus): Record<string, unknown> {
  return {
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
