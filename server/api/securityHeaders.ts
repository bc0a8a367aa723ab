import type { RequestHandler, Response } from 'express';

/** One year, the value HSTS preload lists ask for; without includeSubDomains (other hosts of the domain are not ours). */
export const HSTS_HEADER = 'max-age=31536000';

/**
 * Headers for every answer (createApp sets them before any router, so errors, 401s and /api/setup carry them too):
 * usage data and transcripts are never cached (by browsers or proxies), never sniffed into another type, never
 * framed, and leak no referrer. The tab and the consent page replace the policy and caching with their own.
 */
export function setApiSecurityHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
}

/**
 * The security headers as middleware; with `hsts` (an https PUBLIC_URL) browsers are also told to reach this host
 * over https only (RFC 6797; ignored on plain-http answers, so a TLS-terminating proxy in front is fine).
 */
export function apiSecurityHeaders(options: { hsts?: boolean } = {}): RequestHandler {
  return (_req, res, next) => {
    setApiSecurityHeaders(res);
    if (options.hsts) res.setHeader('Strict-Transport-Security', HSTS_HEADER);
    next();
  };
}
