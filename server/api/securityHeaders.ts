import type { RequestHandler } from 'express';

/**
 * Headers for every API answer: usage data and transcripts are never cached (by browsers or proxies), never
 * sniffed into another type, never framed, and leak no referrer.
 */
export function apiSecurityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    next();
  };
}
