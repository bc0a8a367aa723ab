import { Router } from 'express';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../server/appContext';
import { requireAdmin, principalOf } from '../../server/auth/middleware';
import { createApp } from '../../server/createApp';
import { startAppHarness, type AppHarness } from '../support/appHarness';

/** A probe route behind the real middleware: answers with the principal it let through. */
function probeApp(ctx: AppContext) {
  const router = Router();
  router.use(requireAdmin(ctx.auth));
  router.get('/whoami', (_req, res) => res.json(principalOf(res)));
  return createApp(ctx, [{ path: '/probe', router }]);
}

interface Reply {
  status: number;
  body: { error?: { code: string; message: string }; userId?: string; demo?: boolean; isAdmin?: boolean };
  challenge: string | undefined;
}

async function call(baseUrl: string, headers: Record<string, string> = {}): Promise<Reply> {
  // node:http rather than fetch: fetch will not let a test set Host or spoof proxy headers freely.
  const url = new URL('/probe/whoami', baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: (text ? JSON.parse(text) : {}) as Reply['body'],
          challenge: res.headers['www-authenticate'],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(ctx: AppContext): Promise<{ url: string; close: () => Promise<void> }> {
  const app = probeApp(ctx);
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

describe.each(['demo', 'tenant'] as const)('authentication in %s mode', (mode) => {
  let h: AppHarness;
  let probe: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    h = await startAppHarness({ mode, sync: false, userCount: 8 });
    probe = await listen(h.ctx);
  });
  afterAll(async () => {
    await probe.close();
    await h.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('lets an admin with a valid Teams SSO token through, as that user', async () => {
    const reply = await call(probe.url, bearer(await h.tokens.admin()));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userId: h.adminUser.graph.id, isAdmin: true, demo: false });
  });

  it('refuses a valid token of a user who is not an admin with 403', async () => {
    const reply = await call(probe.url, bearer(await h.tokens.nonAdmin()));
    expect(reply.status).toBe(403);
    expect(reply.body.error?.code).toBe('forbidden');
  });

  it.each([
    ['forged', 'not signed by the tenant'],
    ['expired', 'expired'],
    ['wrongAudience', 'another application'],
    ['wrongIssuer', 'unexpected issuer'],
  ] as const)('refuses a %s token with 401 and says why', async (kind, words) => {
    const reply = await call(probe.url, bearer(await h.tokens[kind]()));
    expect(reply.status).toBe(401);
    expect(reply.body.error?.code).toBe('invalid_token');
    expect(reply.body.error?.message).toContain(words);
    expect(reply.challenge).toBe('Bearer error="invalid_token"');
  });

  it('refuses a token of the same key issued for another tenant', async () => {
    const token = await h.tokens.admin({ tenantId: randomUUID() });
    const reply = await call(probe.url, bearer(token));
    expect(reply.status).toBe(401);
  });

  it('refuses a token without the access_as_user scope (app-only or another API)', async () => {
    const reply = await call(probe.url, bearer(await h.tokens.admin({ scopes: ['User.Read'] })));
    expect(reply.status).toBe(401);
    expect(reply.body.error?.message).toContain('access_as_user');
  });

  it.each([
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['garbage', 'Bearer not.a.jwt'],
    ['a huge token', `Bearer ${'a'.repeat(15_000)}`],
    ['an unsigned token', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.`],
  ])('refuses %s with 401, never the demo identity', async (_name, header) => {
    const reply = await call(probe.url, { authorization: header });
    expect(reply.status).toBe(401);
    expect(reply.body.demo).toBeUndefined();
  });

  if (mode === 'demo') {
    it('treats a loopback request without a token as the labelled local demo admin', async () => {
      const reply = await call(probe.url);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ demo: true, isAdmin: true });
    });

    it('does not give the demo identity to a page on another site reaching localhost (DNS rebinding)', async () => {
      const reply = await call(probe.url, { host: 'attacker.example.com' });
      expect(reply.status).toBe(401);
    });

    it('does not give the demo identity to requests relayed by a proxy', async () => {
      for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
        const reply = await call(probe.url, { [header]: '203.0.113.9' });
        expect(reply.status).toBe(401);
      }
    });
  } else {
    it('has no demo identity: a request without a token gets 401', async () => {
      const reply = await call(probe.url);
      expect(reply.status).toBe(401);
      expect(reply.body.error?.code).toBe('unauthorized');
    });
  }
});

describe('the admin rule', () => {
  it('also admits listed users and members of listed groups, and nobody else', async () => {
    const group = randomUUID();
    const h = await startAppHarness({ sync: false, userCount: 8 });
    const listedUser = h.nonAdminUser.graph.id;
    await h.close();
    const g = await startAppHarness({
      sync: false,
      userCount: 8,
      env: { ADMIN_USER_IDS: listedUser.toUpperCase(), ADMIN_GROUP_IDS: group },
    });
    const probe = await listen(g.ctx);
    try {
      const asListed = await call(probe.url, { authorization: `Bearer ${await g.tokens.nonAdmin()}` });
      expect(asListed.status).toBe(200);
      const member = await g.tokens.mint({ userId: randomUUID(), groups: [randomUUID(), group] });
      expect((await call(probe.url, { authorization: `Bearer ${member}` })).status).toBe(200);
      const stranger = await g.tokens.mint({ userId: randomUUID(), groups: [randomUUID()], roles: ['Other.Role'] });
      expect((await call(probe.url, { authorization: `Bearer ${stranger}` })).status).toBe(403);
    } finally {
      await probe.close();
      await g.close();
    }
  });
});
