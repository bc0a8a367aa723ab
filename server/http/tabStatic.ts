import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import type { AppContext } from '../appContext';
import { AppError } from '../errors';
import { componentLogger } from '../logger';

/** The hosts Teams and Microsoft 365 frame tabs in (Teams, Outlook, the Microsoft 365 app), and nothing else. */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
];

/**
 * Scripts only from us; styles also inline (Fluent's Griffel engine writes its rules into <style> elements at run
 * time); API calls to us, plus the CDN list teams-js reads its valid Teams origins from.
 */
export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export interface TabRouterOptions {
  /** The built tab (default: dist/tab, found from this file whether it runs compiled or from source). */
  dir?: string;
}

/** dist/tab: this file runs as dist/server/http/tabStatic.js (npm start) or server/http/tabStatic.ts (tests). */
export function defaultTabDir(): string {
  const twoUp = path.resolve(__dirname, '..', '..');
  return path.basename(twoUp) === 'dist' ? path.join(twoUp, 'tab') : path.join(twoUp, 'dist', 'tab');
}

function setSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', TAB_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // createApp's no-cache Pragma is for API answers; the tab's files set their own Cache-Control.
  res.removeHeader('Pragma');
  // Deliberately no X-Frame-Options: it cannot list the Teams hosts, and frame-ancestors supersedes it.
}

/** Serves the built tab at /tab: hashed assets cached for a year, index.html never, SPA fallback for other paths. */
export function createTabRouter(ctx: Pick<AppContext, 'logger'>, options: TabRouterOptions = {}): Router {
  const dir = options.dir ?? defaultTabDir();
  const indexFile = path.join(dir, 'index.html');
  const router = Router();
  const logger = componentLogger(ctx.logger, 'tab');
  if (!existsSync(indexFile)) logger.warn({ dir }, 'The admin tab is not built: run `npm run build` to serve it.');

  router.use((_req, res, next) => {
    setSecurityHeaders(res);
    next();
  });
  router.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders: (res, file) => {
        const hashed = file.startsWith(path.join(dir, 'assets') + path.sep);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get('/{*splat}', (req, res, next) => {
    // /tab -> /tab/ so relative URLs and the hash routes resolve the same way every time.
    if (req.originalUrl.split('?')[0] === req.baseUrl) {
      res.redirect(301, `${req.baseUrl}/${req.originalUrl.slice(req.baseUrl.length)}`);
      return;
    }
    // A missing file (an old hashed asset after a deploy) is a 404, not the app's HTML.
    if (path.extname(req.path) !== '') {
      next();
      return;
    }
    if (!existsSync(indexFile)) {
      next(new AppError('tab_not_built', 'The admin tab has not been built: run `npm run build`, then restart.', 503));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}

/** GET / -> /tab/ (the tab is the only page the server has). */
export function createRootRedirectRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, '/tab/'));
  return router;
}
