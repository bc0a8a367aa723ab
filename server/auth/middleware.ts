import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { tierAtLeast, TIER_DESCRIPTIONS, type Tier } from '../core/privacy/tiers';
import { AppError } from '../errors';
import type { Authenticator } from './authenticator';
import type { Principal } from './principal';

/** 403 naming the tier a route needs; the error's JSON carries `requiredTier` beside code and message. */
export function tierRequired(needed: Tier, has: Tier | null): AppError {
  const message = has
    ? `This needs the ${needed} role of Copilot Observatory (${TIER_DESCRIPTIONS[needed]}); you are ${has === 'Admin' || has === 'Analyst' || has === 'Investigator' ? 'an' : 'a'} ${has}. Ask your administrator if you need it.`
    : 'Copilot Observatory is for people with one of its roles (Viewer, Analyst, Investigator or Admin): ask your administrator for one.';
  return new AppError('forbidden', message, 403, { requiredTier: needed });
}

/**
 * Authenticates the request (res.locals.principal) and refuses a caller without any tier (403); a failed sign-in is
 * 401 with a WWW-Authenticate challenge. Routes then say which tier they need (requireTier, api/routeTiers.ts).
 */
export function authenticateCaller(auth: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    auth
      .authenticate(req)
      .then((principal) => {
        if (!principal.tier) throw tierRequired('Viewer', null);
        res.locals.principal = principal;
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.status === 401) {
          const code = error.code === 'invalid_token' ? 'invalid_token' : 'invalid_request';
          res.setHeader('WWW-Authenticate', `Bearer error="${code}"`);
        }
        next(error);
      });
  };
}

/** Lets callers of `needed` or a higher tier through (after authenticateCaller); 403 naming the tier otherwise. */
export function requireTier(needed: Tier): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const principal = principalOf(res);
    next(tierAtLeast(principal.tier, needed) ? undefined : tierRequired(needed, principal.tier));
  };
}

/** Authenticates and lets Admins only through (Setup and the connect flow). */
export function requireAdmin(auth: Authenticator): RequestHandler[] {
  return [authenticateCaller(auth), requireTier('Admin')];
}

/** The principal authenticateCaller attached; throws if the route forgot it. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new AppError('internal_error', 'Route reached without authentication.', 500);
  return principal;
}

/** The caller's tier (after authenticateCaller). */
export const tierOfResponse = (res: Response): Tier | null => principalOf(res).tier;
