import { Router } from 'express';
import type { AppContext } from '../appContext';
import { isSchedulerStatus } from '../scheduling/AgendaSyncScheduler';

/** How long a readiness probe waits for MongoDB before calling the instance unready. */
const PING_TIMEOUT_MS = 2000;

/**
 * Probes for load balancers and orchestrators:
 * - `GET /livez`: the process answers (restart it if not); touches nothing else, so a database outage does not
 *   get every instance restarted.
 * - `GET /readyz`: send traffic here? MongoDB answers a ping, the indexes are in place and the sync scheduler runs
 *   (503 with the reasons otherwise, and while shutting down so the balancer drains this instance).
 * - `GET /healthz`: mode, database and the last sync run, for people.
 */
export function createHealthRouter(ctx: AppContext): Router {
  const router = Router();
  let indexes: Promise<void> | null = null;
  const indexesEnsured = (): Promise<void> => {
    // Idempotent: the server ensured them before listening; a failure is retried on the next probe.
    indexes ??= ctx.store.ensureIndexes().catch((error: unknown) => {
      indexes = null;
      throw error;
    });
    return indexes;
  };

  router.get('/livez', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/readyz', async (_req, res) => {
    const reasons: string[] = [];
    try {
      await withTimeout(ctx.store.db.command({ ping: 1 }), PING_TIMEOUT_MS);
      await withTimeout(indexesEnsured(), PING_TIMEOUT_MS);
    } catch (error) {
      reasons.push(`MongoDB is not answering: ${(error as Error).message}`);
    }
    if (isSchedulerStatus(ctx.syncControl)) {
      const state = ctx.syncControl.schedulerState();
      if (state !== 'started') reasons.push(`The sync scheduler is ${state === 'idle' ? 'not started' : state}.`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(reasons.length === 0 ? 200 : 503).json({ status: reasons.length === 0 ? 'ready' : 'unready', reasons });
  });

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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
