import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { syncedSince } from '../core/insights/syncedWindow';
import type { SyncedWindow } from './contracts';
import { parseQuery } from './queryValidation';

/** GET /synced-window: where the synced history starts, so views can say "not synced before" a date. */
export function createSyncedWindowRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/synced-window', async (req, res) => {
    parseQuery(z.object({}).strict(), req.query);
    const since = await syncedSince(ctx.store, ctx.tenantId, ctx.config.BACKFILL_DAYS);
    const body: SyncedWindow = { syncedSince: since ? since.toISOString() : null };
    res.json(body);
  });
  return router;
}
