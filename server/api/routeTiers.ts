import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Tier } from '../core/privacy/tiers';
import { principalOf, requireTier } from '../auth/middleware';

/**
 * The tier every API route needs, in one table (docs/privacy.md says what each tier sees). Routes answer within the
 * caller's tier beyond this gate: a Viewer's figures name people by pseudonym, an Analyst's findings carry no
 * evidence, a conversation needs a reason. A route missing here needs Admin (fail closed).
 */
export const ROUTE_TIERS: ReadonlyArray<readonly [method: string, path: string, tier: Tier]> = [
  ['GET', '/overview', 'Viewer'],
  ['GET', '/apps', 'Viewer'],
  ['GET', '/daily-activity', 'Viewer'],
  ['GET', '/departments', 'Viewer'],
  ['GET', '/departments/:name', 'Viewer'],
  ['GET', '/synced-window', 'Viewer'],
  ['POST', '/ask', 'Viewer'],
  ['GET', '/saved-questions', 'Viewer'],
  ['POST', '/saved-questions', 'Viewer'],
  ['DELETE', '/saved-questions/:id', 'Viewer'],
  ['POST', '/saved-questions/:id/run', 'Viewer'],
  ['GET', '/agents', 'Analyst'],
  ['GET', '/activity', 'Analyst'],
  ['GET', '/users', 'Analyst'],
  ['GET', '/users/inactive', 'Analyst'],
  ['GET', '/users/unreadable', 'Analyst'],
  ['GET', '/data-sources', 'Analyst'],
  ['GET', '/sync/status', 'Analyst'],
  ['GET', '/sync/runs', 'Analyst'],
  ['GET', '/sync/user-errors', 'Analyst'],
  ['GET', '/findings', 'Analyst'],
  ['GET', '/findings/summary', 'Analyst'],
  ['GET', '/findings/:id', 'Analyst'],
  ['GET', '/finding-suppressions', 'Analyst'],
  ['GET', '/risk-watchlist', 'Analyst'],
  ['PATCH', '/findings/:id', 'Investigator'],
  ['GET', '/conversations/:id', 'Investigator'],
  ['POST', '/finding-suppressions', 'Admin'],
  ['DELETE', '/finding-suppressions/:id', 'Admin'],
  ['POST', '/risk-watchlist', 'Admin'],
  ['DELETE', '/risk-watchlist/:id', 'Admin'],
  ['POST', '/sync', 'Admin'],
  ['GET', '/sync/notifications', 'Admin'],
  ['GET', '/access-log', 'Admin'],
  ['GET', '/privacy/roles', 'Admin'],
  ['POST', '/privacy/erasures', 'Admin'],
];

const matches = (pattern: string, path: string): boolean => {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  return want.length === got.length && want.every((part, i) => part.startsWith(':') || part === got[i]);
};

/** The tier a request needs: its route's, else Admin. HEAD is read as GET (Express answers HEAD with the GET route). */
export function tierForRoute(method: string, path: string): Tier {
  const m = method === 'HEAD' ? 'GET' : method;
  const found = ROUTE_TIERS.find(([rm, pattern]) => rm === m && matches(pattern, path || '/'));
  return found?.[2] ?? 'Admin';
}

/** The gate in front of every API route (after authenticateCaller): 403 with the tier needed. */
export function routeTierGate(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    principalOf(res);
    requireTier(tierForRoute(req.method, req.path))(req, res, next);
  };
}
