import { request as httpRequest } from 'node:http';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call } from './apiClient';

/** GET over node:http, which (unlike fetch) lets a test set Host and proxy headers as a browser or proxy would. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers a reverse proxy adds: a request carrying any of them did not come straight from this machine. */
const PROXY_HEADERS: Record<string, string> = {
  'x-forwarded-for': '203.0.113.9',
  forwarded: 'for=203.0.113.9;proto=https',
  'x-real-ip': '203.0.113.9',
  'x-forwarded-host': 'observatory.contoso.example',
};

const ENDPOINTS = [
  '/api/overview',
  '/api/apps',
  '/api/agents',
  '/api/activity',
  '/api/users',
  '/api/users/inactive',
  '/api/data-sources',
  '/api/daily-activity',
  '/api/sync/status',
  '/api/sync/runs',
  '/api/access-log',
];

describe('who may call the API', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12 });
  });
  afterAll(async () => h.close());

  it('refuses forged, expired, wrong-audience and wrong-issuer tokens with 401 on every endpoint', async () => {
    const tokens = {
      forged: await h.tokens.forged(),
      expired: await h.tokens.expired(),
      wrongAudience: await h.tokens.wrongAudience(),
      wrongIssuer: await h.tokens.wrongIssuer(),
      garbage: 'not.a.jwt',
    };
    for (const [kind, token] of Object.entries(tokens))
      for (const path of [...ENDPOINTS, '/api/me']) {
        const answer = await call<{ error: { code: string } }>(h.baseUrl, path, { token });
        expect({ kind, path, status: answer.status }).toEqual({ kind, path, status: 401 });
        expect(answer.body.error.code).toMatch(/invalid_token|unauthorized/);
      }
    const post = await call(h.baseUrl, '/api/sync', { method: 'POST', token: tokens.forged });
    expect(post.status).toBe(401);
    expect(h.syncControl.requests).toEqual([]);
  });

  it('answers a valid non-admin token with 403 everywhere but /me, which says they are not an admin', async () => {
    const token = await h.tokens.nonAdmin();
    for (const path of ENDPOINTS) {
      const answer = await call<{ error: { code: string; message: string } }>(h.baseUrl, path, { token });
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    const conversation = await h.ctx.store.conversations.findOne({ tenantId: h.ctx.tenantId });
    expect((await call(h.baseUrl, `/api/conversations/${conversation!._id.toHexString()}`, { token })).status).toBe(
      403,
    );
    expect(await h.ctx.store.accessLog.countDocuments({})).toBe(0);
    expect((await call(h.baseUrl, '/api/sync', { method: 'POST', token })).status).toBe(403);
    const me = await call<{ userId: string; isAdmin: boolean; demo: boolean }>(h.baseUrl, '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: h.nonAdminUser.graph.id, isAdmin: false, demo: false });
  });

  it('lets an admin token in and names the admin on /me', async () => {
    const token = await h.tokens.admin();
    for (const path of ENDPOINTS)
      expect({ path, status: (await call(h.baseUrl, path, { token })).status }).toEqual({ path, status: 200 });
    const me = await call<{ userId: string; isAdmin: boolean; demo: boolean; mode: string }>(h.baseUrl, '/api/me', {
      token,
    });
    expect(me.body).toMatchObject({ userId: h.adminUser.graph.id, isAdmin: true, demo: false, mode: 'demo' });
  });

  it('treats a loopback request without a token in demo mode as the labelled demo admin', async () => {
    const me = await call<{ isAdmin: boolean; demo: boolean; name: string }>(h.baseUrl, '/api/me');
    expect(me.body).toMatchObject({ isAdmin: true, demo: true, name: 'Local demo admin' });
    expect((await call(h.baseUrl, '/api/overview')).status).toBe(200);
    const proxied = await call(h.baseUrl, '/api/overview', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(401);
  });

  it('refuses the demo identity to a request carrying any proxy header, each on its own', async () => {
    const port = new URL(h.baseUrl).port;
    expect(await rawGet(h.baseUrl, '/api/overview', { host: `127.0.0.1:${port}` })).toBe(200);
    for (const [name, value] of Object.entries(PROXY_HEADERS)) {
      const status = await rawGet(h.baseUrl, '/api/overview', { host: `127.0.0.1:${port}`, [name]: value });
      expect({ name, status }).toEqual({ name, status: 401 });
    }
  });

  it('grants the demo identity only when the Host header is exactly a loopback name (DNS rebinding)', async () => {
    const port = new URL(h.baseUrl).port;
    for (const host of ['localhost', `localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect({ host, status: await rawGet(h.baseUrl, '/api/overview', { host }) }).toEqual({ host, status: 200 });
    }
    for (const host of [
      'localhost.attacker.example',
      `localhost.attacker.example:${port}`,
      `127.0.0.1.attacker.example:${port}`,
      `attacker.localhost:${port}`,
      `localhost:${port}.attacker.example`,
      `localhost:${port}@attacker.example`,
      'attacker.example',
    ]) {
      expect({ host, status: await rawGet(h.baseUrl, '/api/overview', { host }) }).toEqual({ host, status: 401 });
    }
  });

  it('sends no-store, nosniff and no-framing headers with every answer, errors included', async () => {
    for (const path of ['/api/overview', '/api/agents?limit=abc']) {
      const answer = await call(h.baseUrl, path);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});

describe('the API in tenant mode', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 6, mode: 'tenant', sync: false });
  });
  afterAll(async () => h.close());

  it('never grants the demo identity: no token means 401', async () => {
    for (const path of ['/api/me', '/api/overview']) {
      const answer = await call<{ error: { code: string } }>(h.baseUrl, path);
      expect(answer.status).toBe(401);
    }
    expect((await call(h.baseUrl, '/api/overview', { token: await h.tokens.admin() })).status).toBe(200);
  });
});
