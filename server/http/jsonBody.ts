import express, { type RequestHandler } from 'express';
import { nulRefused } from './edgeGuards';

/** Largest JSON body any route takes (a question, a saved question, a Bot Framework activity). */
export const JSON_BODY_LIMIT = '256kb';

/**
 * Parses a JSON body (at most JSON_BODY_LIMIT: 413 beyond, 400 when malformed) and refuses one holding a NUL
 * character in any key or string (400), like the URL guard. Mount it after authentication, so a stranger's body is
 * never read: routes list it after requireAdmin (or the bot's token check).
 */
export function jsonBody(): RequestHandler[] {
  return [
    express.json({ limit: JSON_BODY_LIMIT }),
    (req, _res, next) => {
      next(holdsNul(req.body) ? nulRefused('The request body') : undefined);
    },
  ];
}

/** Walks a parsed JSON value without recursion (a body can nest deeper than the stack). */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) {
        if (key.includes('\0')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
