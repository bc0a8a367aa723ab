import express, { type ErrorRequestHandler, type Express } from 'express';
import { AppError, notFound } from './errors';
import type { Logger } from './logger';
import type { Store } from './store/Store';

export interface AppDeps {
  store: Store;
  logger: Logger;
  tenantId: string;
  mode: 'demo' | 'tenant';
  mongoEngine: string;
  mongoPersistent: boolean;
}

/** Builds the Express app (never listens: main.ts and the tests do). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', async (_req, res, next) => {
    try {
      const lastRun = await deps.store.syncRuns
        .find({ tenantId: deps.tenantId })
        .sort({ startedAt: -1 })
        .limit(1)
        .next();
      res.json({
        status: 'ok',
        mode: deps.mode,
        database: { engine: deps.mongoEngine, persistent: deps.mongoPersistent },
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

  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger.child({ component: 'api' })));
  return app;
}

/** One error shape: `{ error: { code, message } }`; unknown errors are logged and answered as a bare 500. */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof AppError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad_request', message: (error as Error).message } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'Unhandled error while serving a request.');
    res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
  };
}
