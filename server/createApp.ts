import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { AppContext } from './appContext';
import { AppError, notFound } from './errors';
import { createHealthRouter } from './http/healthRouter';
import type { Logger } from './logger';

/** Routers mounted beside the built-in ones (the API, the bot, the tab, the connect flow). */
export interface Mount {
  path: string;
  router: Router;
}

/** Builds the Express app (never listens: main.ts and the tests do). */
export function createApp(ctx: AppContext, mounts: Mount[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(express.json({ limit: '256kb' }));
  app.use(createHealthRouter(ctx));
  for (const mount of mounts) app.use(mount.path, mount.router);
  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(ctx.logger.child({ component: 'http' })));
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
