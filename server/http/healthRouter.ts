import { Router } from 'express';
import type { AppContext } from '../appContext';

/** GET /healthz: mode, database and the last sync run. */
export function createHealthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', async (_req, res, next) => {
    try {
      const lastRun = await ctx.store.syncRuns.find({ tenantId: ctx.tenantId }).sort({ startedAt: -1 }).limit(1).next();
      res.json({
        status: 'ok',
        mode: ctx.mode,
        database: { engine: ctx.mongoEngine, persistent: ctx.mongoPersistent },
        lastSync: lastRun
          ? {
              runId: lastRun.runId,
              status: lastRun.status,
              startedAt: lastRun.startedAt,
              endedAt: lastRun.endedAt,
              progress: lastRun.progress,
            }
          : null,
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
