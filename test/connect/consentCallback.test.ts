import { createHmac } from 'node:crypto';
import { naturalId } from '../../server/store/naturalId';
import { startConnectHarness, type ConnectHarness } from './connectHarness';

let c: ConnectHarness;
beforeAll(async () => {
  c = await startConnectHarness();
});
afterAll(async () => {
  await c?.close();
});
beforeEach(async () => {
  await c.h.syncControl.idle();
  await c.h.ctx.store.tenantConnections.deleteMany({});
  c.h.syncControl.requests.length = 0;
  await c.simulator({ reset: true });
});

const connection = () => c.h.ctx.store.tenantConnections.findOne({ tenantId: c.h.ctx.tenantId });

describe('Connect with Microsoft', () => {
  it('sends the admin to the v2.0 adminconsent URL of the configured tenant with .default scope and a signed state', async () => {
    const url = new URL(await c.startConnect());
    expect(`${url.origin}${url.pathname}`).toBe(
      `${c.h.graph.simulator.authorityHost}/${c.h.ctx.tenantId}/v2.0/adminconsent`,
    );
    expect(url.searchParams.get('client_id')).toBe(c.h.ctx.graphApp.clientId);
    expect(url.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    // No PUBLIC_URL: a local run sends Entra back to the loopback origin the admin is using.
    expect(url.searchParams.get('redirect_uri')).toBe(`${c.baseUrl}/auth/consent/callback`);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('is for admins only', async () => {
    const statesBefore = await c.h.ctx.store.consentStates.countDocuments({});
    const nonAdmin = await fetch(`${c.baseUrl}/api/setup/connect`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await c.h.tokens.nonAdmin()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(nonAdmin.status).toBe(403);
    const forged = await fetch(`${c.baseUrl}/api/setup/status`, {
      headers: { Authorization: `Bearer ${await c.h.tokens.forged()}` },
    });
    expect(forged.status).toBe(401);
    // Neither request got as far as minting a consent state.
    expect(await c.h.ctx.store.consentStates.countDocuments({})).toBe(statesBefore);
  });

  it('stores the connection after a granted consent, proven by a fresh token, and starts the first sync', async () => {
    // Before consent the app's tokens carry no roles: Test connection says so (and msal caches that token).
    await c.simulator({ granted: false });
    const before = await c.api<{ ok: boolean; checks: Array<{ name: string; code: string | null }> }>(
      'POST',
      '/api/setup/test',
    );
    expect(before.body.checks.find((x) => x.name === 'users')?.code).toBe('consent_missing');

    const { query, reply } = await c.connectRoundTrip();
    expect(query.get('admin_consent')).toBe('True');
    expect(query.get('tenant')).toBe(c.h.ctx.tenantId);
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/tab/#/setup?connected=1');

    const doc = await connection();
    expect(doc).toMatchObject({ status: 'connected', consentedBy: c.h.adminUser.graph.id, lastError: null });
    expect(doc?.consentedAt).toEqual(c.clock.now);
    expect(c.h.syncControl.requests).toEqual([{ trigger: 'consent', requestedBy: c.h.adminUser.graph.id }]);

    const status = await c.api<{ connection: { status: string; consentedBy: string } }>('GET', '/api/setup/status');
    expect(status.body.connection).toMatchObject({ status: 'connected', consentedBy: c.h.adminUser.graph.id });
    const after = await c.api<{ ok: boolean }>('POST', '/api/setup/test');
    expect(after.body.ok).toBe(true);
  });

  it.each([
    ['the admin declines', { outcome: 'decline' as const }, 'consent_declined', /declined or cancelled/],
    [
      'a non-admin signs in',
      { outcome: 'error' as const },
      'admin_required',
      /Global Administrator or Privileged Role Administrator/,
    ],
    [
      'the reply URL is not registered',
      {
        outcome: 'error' as const,
        error: { error: 'invalid_request', code: 50011, description: 'The redirect URI does not match.' },
      },
      'redirect_uri_mismatch',
      /redirect URI/,
    ],
    [
      'Entra has a transient failure',
      {
        outcome: 'error' as const,
        error: { error: 'temporarily_unavailable', code: 90033, description: 'A transient error has occurred.' },
      },
      'entra_unavailable',
      /temporary problem/,
    ],
    [
      'Entra reports an unknown error',
      {
        outcome: 'error' as const,
        error: { error: 'invalid_request', code: 90014, description: 'A required field is missing.' },
      },
      'consent_error',
      /AADSTS90014.*A required field is missing/,
    ],
  ])('explains the error when %s and neither connects nor syncs', async (_case, switches, code, message) => {
    await c.simulator(switches);
    const { query, reply } = await c.connectRoundTrip();
    expect(query.get('error')).toBeTruthy();
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/tab/#/setup?error=${code}`);
    const doc = await connection();
    expect(doc?.status).toBe('consent_failed');
    expect(doc?.lastError?.code).toBe(code);
    expect(doc?.lastError?.message).toMatch(message);
    expect(c.h.syncControl.requests).toEqual([]);
  });

  it('keeps an existing connection when a later consent attempt is declined', async () => {
    await c.connectRoundTrip();
    await c.simulator({ outcome: 'decline' });
    await c.connectRoundTrip();
    expect(await connection()).toMatchObject({ status: 'connected', lastError: { code: 'consent_declined' } });
  });

  it('refuses a consent given in another tenant, whatever the redirect says', async () => {
    await c.simulator({ outcome: 'wrong_tenant' });
    const { query, reply } = await c.connectRoundTrip();
    expect(query.get('admin_consent')).toBe('True');
    expect(query.get('tenant')).not.toBe(c.h.ctx.tenantId);
    expect(reply.location).toBe('/tab/#/setup?error=wrong_tenant');
    const doc = await connection();
    expect(doc?.status).toBe('consent_failed');
    expect(doc?.lastError?.message).toContain(`tenant ${query.get('tenant')}`);
    expect(c.h.syncControl.requests).toEqual([]);
  });

  it('refuses a grant the app cannot use (expired secret) instead of storing a connection that will not sync', async () => {
    await c.simulator({ secret: 'expired' });
    const { reply } = await c.connectRoundTrip();
    expect(reply.location).toBe('/tab/#/setup?error=secret_expired');
    expect((await connection())?.status).toBe('consent_failed');
    expect(c.h.syncControl.requests).toEqual([]);
  });

  it('connects with a warning, and starts no sync, while the token does not carry the permissions yet', async () => {
    await c.simulator({ granted: false, outcome: 'error' });
    // A redirect that claims success although Entra did not grant anything: the fresh token tells the truth.
    const url = new URL(await c.startConnect());
    const query = new URLSearchParams({
      admin_consent: 'True',
      tenant: c.h.ctx.tenantId,
      state: url.searchParams.get('state')!,
    });
    const reply = await c.callback(query);
    expect(reply.location).toBe('/tab/#/setup?connected=1&warning=permissions_pending');
    expect((await connection())?.lastError?.message).toMatch(/User\.Read\.All and AiEnterpriseInteraction\.Read\.All/);
    expect(c.h.syncControl.requests).toEqual([]);
  });

  it('connects with a warning naming the permission a partial consent left out', async () => {
    await c.simulator({ roles: ['User.Read.All'] });
    const { query, reply } = await c.connectRoundTrip();
    expect(query.get('scope')).toBe('https://graph.microsoft.com/User.Read.All');
    expect(reply.location).toBe('/tab/#/setup?connected=1&warning=permissions_pending');
    expect((await connection())?.lastError?.message).toMatch(/does not carry AiEnterpriseInteraction\.Read\.All yet/);
  });
});

describe('the consent state', () => {
  const stateOf = (query: URLSearchParams) => query.get('state')!;

  async function grantedRedirect(): Promise<URLSearchParams> {
    const visit = await c.visitConsent(await c.startConnect());
    return visit.redirectQuery!;
  }

  async function expectNothingStored(): Promise<void> {
    expect(await connection()).toBeNull();
    expect(c.h.syncControl.requests).toEqual([]);
  }

  it('is required', async () => {
    const query = await grantedRedirect();
    query.delete('state');
    const reply = await c.callback(query);
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('carries no consent state');
    await expectNothingStored();
  });

  it('is refused when forged, and a forgery does not use up the genuine state', async () => {
    const query = await grantedRedirect();
    const [body, mac] = stateOf(query).split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...payload, a: 'attacker' })).toString('base64url');
    const otherKey = createHmac('sha256', 'a key the app never had')
      .update(`consent-state.v1.${body}`)
      .digest('base64url');
    for (const forged of [
      `${tampered}.${mac}`,
      `${body}.${otherKey}`,
      `${body}.${mac.slice(0, -2)}AA`,
      'not-a-state',
    ]) {
      const reply = await c.callback(new URLSearchParams({ ...Object.fromEntries(query), state: forged }));
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('not one the app issued');
    }
    await expectNothingStored();
    expect((await c.callback(query)).location).toBe('/tab/#/setup?connected=1');
  });

  it('works once: a replayed callback is refused and changes nothing', async () => {
    const query = await grantedRedirect();
    expect((await c.callback(query)).location).toBe('/tab/#/setup?connected=1');
    const stored = await connection();
    c.clock.advance(1000);
    const replay = await c.callback(query);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(await connection()).toEqual(stored);
    expect(c.h.syncControl.requests).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous callbacks with the same state through', async () => {
    const query = await grantedRedirect();
    const replies = await Promise.all([c.callback(query), c.callback(query), c.callback(query)]);
    expect(replies.map((r) => r.status).sort()).toEqual([303, 400, 400]);
    expect(c.h.syncControl.requests).toHaveLength(1);
  });

  it('expires after ten minutes', async () => {
    const query = await grantedRedirect();
    c.clock.advance(10 * 60_000 + 1);
    const reply = await c.callback(query);
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('has expired');
    await expectNothingStored();
    const nonce = JSON.parse(Buffer.from(stateOf(query).split('.')[0]!, 'base64url').toString('utf8')) as { n: string };
    expect(await c.h.ctx.store.consentStates.findOne({ _id: naturalId(nonce.n) })).toMatchObject({ usedAt: null });
  });

  it('is refused when it carries parameters twice', async () => {
    const query = await grantedRedirect();
    const reply = await c.callback(`${query.toString()}&state=${encodeURIComponent(stateOf(query))}`);
    expect(reply.status).toBe(400);
    await expectNothingStored();
  });
});

describe('the callback page', () => {
  it('in popup mode tells the opener the outcome and closes, under a strict CSP', async () => {
    const { reply } = await c.connectRoundTrip('popup');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/text\/html/);
    const csp = reply.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(reply.text).toContain(`<script nonce="${nonce}">`);
    expect(reply.text).toContain('"type":"copilot-observatory:consent","connected":true,"code":null');
    expect(reply.text).toContain('window.opener.postMessage(message, window.location.origin)');
    expect(reply.text).toContain('href="/tab/#/setup?connected=1"');
    expect((await connection())?.status).toBe('connected');
  });

  it("never reflects Entra's error text into the page or the redirect unescaped", async () => {
    await c.simulator({
      outcome: 'error',
      error: { error: 'invalid_request', code: 90014, description: '<script>alert(1)</script>' },
    });
    const { reply } = await c.connectRoundTrip('popup');
    expect(reply.text).not.toContain('<script>alert(1)</script>');
    expect(reply.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
