import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import request from 'supertest';
import type { AppError } from '../../server/errors';
import { createRootRedirectRouter, createTabRouter, defaultTabDir } from '../../server/http/tabStatic';
import { createSilentLogger } from '../../server/logger';
import { TAB_DIST } from '../support/buildTab';

// Hands AppErrors on the way the server's own error handler does (status + code), so the test sees what it gets.
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const e = error as AppError;
  res.status(e.status ?? 500).json({ error: { code: e.code, message: e.message } });
};

function appServing(dir?: string): Express {
  const app = express();
  app.use('/tab', createTabRouter({ logger: createSilentLogger() }, { dir }));
  app.use('/', createRootRedirectRouter());
  app.use(errorHandler);
  return app;
}

const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft " +
  'https://*.microsoft365.com https://*.office.com https://outlook.office.com https://outlook.office365.com';

describe('the tab static router', () => {
  const app = appServing();
  const asset = readdirSync(path.join(TAB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;

  it('finds dist/tab from the source tree as it does from dist/server/http', () => {
    expect(defaultTabDir()).toBe(TAB_DIST);
  });

  it('serves index.html at /tab/ uncached, with headers that let only Teams and Microsoft 365 frame it', async () => {
    const res = await request(app).get('/tab/').expect(200);
    expect(res.text).toBe(readFileSync(path.join(TAB_DIST, 'index.html'), 'utf8'));
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain(FRAME_ANCESTORS);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self' https://res.cdn.office.net");
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('caches hashed assets for a year', async () => {
    const res = await request(app).get(`/tab/assets/${asset}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toContain('frame-ancestors');
  });

  it('answers any other page path with the app (SPA fallback) but a missing file with 404', async () => {
    const page = await request(app).get('/tab/some/deep/link').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<div id="root">');
    await request(app).get('/tab/assets/gone-1234.js').expect(404);
  });

  it('redirects / and /tab to /tab/', async () => {
    expect((await request(app).get('/').expect(302)).headers.location).toBe('/tab/');
    expect((await request(app).get('/tab').expect(301)).headers.location).toBe('/tab/');
  });

  it('says to run the build when dist/tab is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'tab-missing-'));
    try {
      const res = await request(appServing(empty)).get('/tab/').expect(503);
      expect(res.body.error.code).toBe('tab_not_built');
      expect(res.body.error.message).toContain('npm run build');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
