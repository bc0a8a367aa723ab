import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createAuthRouter } from './authRoutes';
import { createConsentRouter } from './consentRoutes';
import { createControlRouter } from './controlRoutes';
import { graphRoute } from './graphPipeline';
import { sendGraphError, stampRequest } from './graphResponses';
import { listInteractions } from './interactionsRoute';
import type { SimulatorContext } from './simulatorContext';
import { createSubscriptionsRouter } from './subscriptionsRoute';
import { getUser, listUsers } from './usersRoute';

// Graph path segments are case-insensitive and the function may be written with or without `()` (Microsoft Learn: getAllEnterpriseInteractions).
export const INTERACTIONS_PATH =
  /^\/(?<version>v1\.0|beta)\/copilot\/users\/(?<userId>[^/]+)\/interactionHistory\/getAllEnterpriseInteractions(?:\(\))?\/?$/i;
export const USERS_PATH = /^\/(?<version>v1\.0|beta)\/users\/?$/i;
const USER_PATH = /^\/(?<version>v1\.0|beta)\/users\/(?<userId>[^/]+)\/?$/i;

/** The simulator's express app: Entra auth endpoints, the two Graph resources, the control API. Never listens. */
export function createSimulatorApp(ctx: SimulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(trackRequest(ctx));
  app.use('/_simulator', createControlRouter(ctx));
  app.use(createConsentRouter(ctx, { users: USERS_PATH, interactions: INTERACTIONS_PATH }));
  app.use(createAuthRouter(ctx));
  app.use(createSubscriptionsRouter(ctx));

  const interactions = graphRoute(ctx, 'interactions', (call) =>
    listInteractions(ctx, call, String(call.req.params.userId)),
  );
  const users = graphRoute(ctx, 'users', (call) => listUsers(ctx, call));
  const user = graphRoute(ctx, 'users', (call) => getUser(ctx, call, String(call.req.params.userId)));
  app.get(/.*/, (req, res, next) => {
    const path = safeDecode(req.path);
    const match = INTERACTIONS_PATH.exec(path) ?? USERS_PATH.exec(path) ?? USER_PATH.exec(path);
    if (!match?.groups) return next();
    // Express does not parse named groups of our own regexes; hand them over as params.
    Object.assign(req.params, match.groups);
    const handler = INTERACTIONS_PATH.test(path) ? interactions : USERS_PATH.test(path) ? users : user;
    return handler(req, res, next);
  });

  app.use((req, res) => {
    const segment = req.path.split('/').filter(Boolean).pop() ?? '';
    sendGraphError(res, ctx.now(), 404, 'NotFound', `Resource not found for the segment '${segment}'.`);
  });
  app.use(errorHandler(ctx));
  return app;
}

/** Request ids, stats and a debug log line for every request. */
function trackRequest(ctx: SimulatorContext): RequestHandler {
  const log = ctx.logger;
  return (req, res, next) => {
    stampRequest(req, res);
    const route = routeName(req.path);
    const started = Date.now();
    const finish = ctx.stats.begin(route, route !== 'control');
    // Count the status when the head is written, not on 'finish': a client can read the response (and ask for
    // stats) before the server's 'finish' event fires.
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => typeof res;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      finish(status);
      return writeHead(status, ...rest);
    }) as unknown as typeof res.writeHead;
    res.on('finish', () =>
      log.debug(
        { method: req.method, path: req.path, status: res.statusCode, ms: Date.now() - started },
        'Graph simulator request.',
      ),
    );
    res.on('close', () => finish('dropped'));
    next();
  };
}

function routeName(path: string): string {
  const p = path.toLowerCase();
  if (p.startsWith('/_simulator')) return 'control';
  if (p.endsWith('/oauth2/v2.0/token')) return 'token';
  if (p.includes('/.well-known/') || p.includes('/discovery/')) return 'metadata';
  if (p.includes('/getallenterpriseinteractions')) return 'interactions';
  if (/^\/(v1\.0|beta)\/users/.test(p)) return 'users';
  return 'other';
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function errorHandler(ctx: SimulatorContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status =
      (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // Body-parser errors (bad JSON on the control API, oversized bodies).
      res.status(status).json({ error: { code: 'BadRequest', message: (error as Error).message } });
      return;
    }
    ctx.logger.error({ err: error, path: req.path }, 'Graph simulator request failed.');
    if (!res.headersSent) sendGraphError(res, ctx.now(), 500, 'generalException', 'An internal server error occurred.');
  };
}
