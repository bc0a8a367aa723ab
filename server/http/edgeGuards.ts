import type { Request, RequestHandler } from 'express';
import { AppError, validationFailed } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A NUL character cannot be stored in a MongoDB key or regex, and no real input carries one. */
export const nulRefused = (where: string): AppError =>
  validationFailed(`${where} must not contain a NUL character (\\u0000, %00).`);

/**
 * Refuses a NUL byte anywhere in the path or query (every parameter of every route) with 400, before any router
 * decodes one into a database filter. Bodies are checked where they are parsed (jsonBody).
 */
export function refuseNulInUrl(): RequestHandler {
  return (req, _res, next) => {
    next(/%00/i.test(req.originalUrl) ? nulRefused('Request parameters') : undefined);
  };
}

/**
 * Refuses state-changing requests (anything but GET, HEAD, OPTIONS) that a browser sent from another site: an
 * `Origin` that is not ours, or `Sec-Fetch-Site` other than same-origin/none (Fetch Metadata, sent by every current
 * browser). A cross-site `fetch(..., { mode: 'no-cors' })` or form post would otherwise reach routes that trust the
 * local demo identity. Requests without either header (curl, the Bot Framework service) are not browsers' and pass.
 */
export function refuseCrossSite(options: { publicUrl?: string }): RequestHandler {
  const configured = options.publicUrl ? new URL(options.publicUrl).origin : null;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const crossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && !ourOrigins(req, configured).includes(origin.toLowerCase()));
    if (!crossSite) return next();
    next(new AppError('cross_site_request', 'Requests from other sites may not change anything here.', 403));
  };
}

/** PUBLIC_URL's origin, and this host's own (a local run, or a tunnel in front of it, answers on its Host). */
function ourOrigins(req: Request, configured: string | null): string[] {
  const host = req.headers.host;
  const own = host ? [`http://${host}`, `https://${host}`] : [];
  return (configured ? [configured, ...own] : own).map((o) => o.toLowerCase());
}
