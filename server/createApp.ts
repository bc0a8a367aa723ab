import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { AppContext } from './appContext';
import { apiSecurityHeaders, setApiSecurityHeaders } from './api/securityHeaders';
import { AppError, notFound } from './errors';
import { refuseCrossSite, refuseNulInUrl } from './http/edgeGuards';
import { createHealthRouter } from './http/healthRouter';
import { componentLogger, type Logger } from './logger';

/** Routers mounted beside the built-in ones (the API, the bot, the tab, the connect flow). */
export interface Mount {
  path: string;
  router: Router;
}

/**
 * Builds the Express app (never listens: main.ts and the tests do). Before any router: the security headers (every
 * answer, errors included), the cross-site refusal for state changes and the NUL guard. No body is parsed here:
 * routes parse JSON (jsonBody) after authenticating the caller.
 */
export function createApp(ctx: AppContext, mounts: Mount[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const publicUrl = ctx.config.PUBLIC_URL;
  app.use(apiSecurityHeaders({ hsts: publicUrl !== undefined && /^https:/i.test(publicUrl) }));
  app.use(refuseCrossSite({ publicUrl }));
  app.use(refuseNulInUrl());
  app.use(createHealthRouter(ctx));
  for (const mount of mounts) app.use(mount.path, mount.router);
  app.use((req, _res, next) => next(notFound(`${req.method} ${req.path}`)));
  app.use(errorHandler(componentLogger(ctx.logger, 'http')));
  return app;
}

/** Error details a client may read beside code and message (a 403's `requiredTier`); the rest stay in logs. */
const EXPOSED_DETAILS = ['requiredTier'];

/**
 * One error shape: `{ error: { code, message } }`, with the API's security headers (a router such as the tab's may
 * have replaced them). A refused sign-in (401) is logged at warn with its reason (never the token); other 4xx answers
 * are the caller's mistake and not logged; unknown errors are logged and answered as a bare 500.
 */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (!res.headersSent) setApiSecurityHeaders(res);
    if (error instanceof AppError) {
      if (error.status === 401)
        logger.warn(
          { reason: error.code, message: error.message, ...error.details, method: req.method, path: req.path },
          'Sign-in failed.',
        );
      // A server-side refusal (a read stopped at QUERY_MAX_TIME_MS, a scheduler not ready) is worth an operator's look.
      if (error.status >= 500)
        logger.warn({ code: error.code, ...error.details, method: req.method, path: req.path }, error.message);
      const exposed = Object.fromEntries(
        EXPOSED_DETAILS.flatMap((k) => (error.details?.[k] ? [[k, error.details[k]]] : [])),
      );
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...exposed } });
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
