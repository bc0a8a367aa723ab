import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, forbidden } from '../errors';
import type { Authenticator } from './authenticator';
import type { Principal } from './principal';

/**
 * Authenticates the request and lets admins through (res.locals.principal); others get 401 (with a
 * WWW-Authenticate challenge) or 403.
 */
export function requireAdmin(auth: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    auth
      .authenticate(req)
      .then((principal) => {
        if (!principal.isAdmin)
          throw forbidden(
            'Copilot Observatory is for admins: ask your administrator for the Copilot Observatory admin role.',
          );
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

/** The principal requireAdmin attached; throws if the route forgot requireAdmin. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new AppError('internal_error', 'Route reached without authentication.', 500);
  return principal;
}
