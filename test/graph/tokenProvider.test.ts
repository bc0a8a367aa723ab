import { GraphAuthError } from '../../server/errors';
import { createTokenProvider, type TokenProviderOptions } from '../../server/graph/tokenProvider';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';
import { aadstsError, startScriptedServer, tokenIssuer, type ScriptedServer } from './scriptedGraphServer';

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.onToken(tokenIssuer());
  server.onMetadata((_r, _i) => ({ status: 200, body: metadataFor(server) }));
});

function metadataFor(s: ScriptedServer) {
  return {
    issuer: `${s.origin}/${s.tenantId}/v2.0`,
    token_endpoint: `${s.origin}/${s.tenantId}/oauth2/v2.0/token`,
    authorization_endpoint: `${s.origin}/${s.tenantId}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${s.origin}/${s.tenantId}/oauth2/v2.0/logout`,
    jwks_uri: `${s.origin}/${s.tenantId}/discovery/v2.0/keys`,
  };
}

function provider(overrides: Partial<TokenProviderOptions> = {}) {
  return createTokenProvider({
    tenantId: server.tenantId,
    clientId: 'app-client-id',
    clientSecret: 'the-secret-value',
    authorityHost: server.origin,
    fetch: createFetch({ extraCaPem: server.cert }),
    logger: createSilentLogger(),
    sleep: () => Promise.resolve(),
    ...overrides,
  });
}

async function authError(promise: Promise<unknown>): Promise<GraphAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphAuthError);
  return error as GraphAuthError;
}

describe('token provider (msal client credentials over the injected fetch)', () => {
  it('asks the tenant authority for a client-credentials token with the .default Graph scope', async () => {
    const token = await provider().getToken();
    expect(token.accessToken).toBe('token-1');
    const [post] = server.tokenRequests();
    expect(post?.url.split('?')[0]).toBe(`/${server.tenantId}/oauth2/v2.0/token`);
    const form = new URLSearchParams(post?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe('app-client-id');
    expect(form.get('client_secret')).toBe('the-secret-value');
    expect(form.get('scope')).toBe('https://graph.microsoft.com/.default');
  });

  it('serves a second call from msal cache without another token request', async () => {
    const tokens = provider();
    const first = await tokens.getToken();
    const second = await tokens.getToken();
    expect(second).toEqual(first);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('shares one token request between concurrent callers', async () => {
    const tokens = provider();
    const results = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('requests a new token once the cached one is (about to be) expired', async () => {
    // msal renews tokens with less than 5 minutes left; a 60-second token is already due.
    server.onToken(tokenIssuer(60));
    const tokens = provider();
    const first = await tokens.getToken();
    const second = await tokens.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.generation).toBe(first.generation + 1);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('after invalidate() asks Entra again, once, however many callers saw the same rejected token', async () => {
    const tokens = provider();
    const first = await tokens.getToken();
    tokens.invalidate(first.generation);
    tokens.invalidate(first.generation);
    const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    expect(a.accessToken).toBe('token-2');
    expect(b.accessToken).toBe('token-2');
    tokens.invalidate(first.generation); // stale: a newer token already arrived
    expect((await tokens.getToken()).accessToken).toBe('token-2');
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it.each([
    [7000215, 'secret ID was pasted instead of its value'],
    [7000222, 'has expired'],
    [700016, 'was not found in tenant'],
    [70011, 'https://graph.microsoft.com/.default'],
  ])('fails fast on AADSTS%s with an admin-readable message and the code', async (code, wording) => {
    server.onToken(() =>
      aadstsError(code, code === 70011 ? 'invalid_scope' : 'invalid_client', code === 70011 ? 400 : 401),
    );
    const error = await authError(provider().getToken());
    expect(error.aadstsCode).toBe(code);
    expect(error.message).toContain(`AADSTS${code}`);
    expect(error.message).toContain(wording);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('reports an unknown tenant (AADSTS90002 on the metadata document) without a token request', async () => {
    server.onMetadata(() => aadstsError(90002, 'invalid_tenant', 400));
    const error = await authError(provider().getToken());
    expect(error.aadstsCode).toBe(90002);
    expect(error.message).toContain('Tenant');
    expect(server.tokenRequests()).toHaveLength(0);
  });

  describe('while Entra is unavailable', () => {
    /** A clock the injected sleep moves forward, so waits are recorded instead of spent. */
    function fakeTime(start = Date.parse('2026-03-02T10:00:00Z')) {
      const clock = { now: start, waits: [] as number[] };
      return {
        clock,
        now: () => clock.now,
        sleep: (ms: number) => {
          clock.waits.push(ms);
          clock.now += ms;
          return Promise.resolve();
        },
      };
    }
    const outage = (headers?: Record<string, string>, status = 503) => ({
      ...aadstsError(90006, 'temporarily_unavailable', status),
      headers,
    });

    it('retries a 503 temporarily_unavailable (AADSTS90006) after its Retry-After seconds, and gets the token', async () => {
      const time = fakeTime();
      server.onToken((request, index) =>
        index === 0 ? outage({ 'Retry-After': '2' }) : tokenIssuer()(request, index),
      );
      const token = await provider({ now: time.now, sleep: time.sleep }).getToken();
      expect(token.accessToken).toBe('token-2');
      expect(time.clock.waits).toEqual([2000]);
      expect(server.tokenRequests()).toHaveLength(2);
    });

    it('honours Retry-After given as an HTTP date', async () => {
      const time = fakeTime();
      const at = new Date(time.clock.now + 7000).toUTCString();
      server.onToken((request, index) => (index === 0 ? outage({ 'Retry-After': at }) : tokenIssuer()(request, index)));
      await provider({ now: time.now, sleep: time.sleep }).getToken();
      expect(time.clock.waits).toEqual([7000]);
    });

    it('backs off without Retry-After, and the retry goes out at once (msal does not hold it back for 60 s)', async () => {
      const time = fakeTime();
      server.onToken((request, index) => (index < 2 ? outage() : tokenIssuer()(request, index)));
      const token = await provider({ now: time.now, sleep: time.sleep }).getToken();
      expect(token.accessToken).toBe('token-3');
      expect(server.tokenRequests()).toHaveLength(3);
      expect(time.clock.waits).toHaveLength(2); // one wait per failed request, none for msal holding back
      const [first, second] = time.clock.waits;
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      expect(second).toBeGreaterThanOrEqual(1000);
      expect(second).toBeLessThanOrEqual(2000);
    });

    it.each([
      ['429 with Retry-After', { status: 429, headers: { 'Retry-After': '3' }, body: {} }, 3000],
      ['500 with an HTML page', { status: 500, body: '<html>Internal Server Error</html>' }, undefined],
      ['400 temporarily_unavailable', aadstsError(90033, 'temporarily_unavailable', 400), undefined],
      ['a 503 with only an OAuth error', { status: 503, body: { error: 'server_error' } }, undefined],
    ])('treats %s as transient', async (_name, reply, wait) => {
      const time = fakeTime();
      server.onToken((request, index) => (index === 0 ? reply : tokenIssuer()(request, index)));
      expect((await provider({ now: time.now, sleep: time.sleep }).getToken()).accessToken).toBe('token-2');
      if (wait !== undefined) expect(time.clock.waits).toEqual([wait]);
    });

    it('gives up after its attempts with a message that blames the outage, not the credentials', async () => {
      const time = fakeTime();
      server.onToken(() => outage({ 'Retry-After': '1' }));
      const error = await authError(provider({ now: time.now, sleep: time.sleep, maxAttempts: 4 }).getToken());
      expect(error.transient).toBe(true);
      expect(error.code).toBe('entra_unavailable');
      expect(error.aadstsCode).toBeUndefined();
      expect(error.message).toMatch(/temporarily unavailable/);
      expect(error.message).toMatch(/HTTP 503 temporarily_unavailable \(AADSTS90006\)/);
      expect(error.message).toMatch(/credentials were not refused/);
      expect(error.message).not.toMatch(/refused the app's credentials/);
      expect(server.tokenRequests()).toHaveLength(4);
      expect(time.clock.waits).toEqual([1000, 1000, 1000]);
    });

    it('stops at once when Retry-After asks for more than the wait budget', async () => {
      const time = fakeTime();
      server.onToken(() => outage({ 'Retry-After': '600' }));
      const error = await authError(provider({ now: time.now, sleep: time.sleep, maxWaitMs: 60_000 }).getToken());
      expect(error.transient).toBe(true);
      expect(error.message).toMatch(/asked to wait 600 s more, beyond the retry budget/);
      expect(server.tokenRequests()).toHaveLength(1);
      expect(time.clock.waits).toEqual([]);
    });

    it('carries on with a token that is due for renewal but still valid, and asks again only after Retry-After', async () => {
      // msal renews a token with less than 5 minutes left: a 299-second token is due at once, yet valid for minutes.
      const time = fakeTime(Date.now());
      server.onToken((request, index) =>
        index === 0
          ? tokenIssuer(299)(request, index)
          : index === 1
            ? outage({ 'Retry-After': '20' })
            : tokenIssuer(299)(request, index),
      );
      const tokens = provider({ now: time.now, sleep: time.sleep });
      expect((await tokens.getToken()).accessToken).toBe('token-1');
      expect((await tokens.getToken()).accessToken).toBe('token-1'); // Entra said 503: no wait, the token carries on
      expect((await tokens.getToken()).accessToken).toBe('token-1'); // and Entra is not asked again meanwhile
      expect(server.tokenRequests()).toHaveLength(2);
      expect(time.clock.waits).toEqual([]);
      time.clock.now += 20_000;
      expect((await tokens.getToken()).accessToken).toBe('token-3');
      expect(server.tokenRequests()).toHaveLength(3);
    });

    it('waits out the outage for a token Graph rejected, however long the old one would last', async () => {
      const time = fakeTime(Date.now());
      server.onToken((request, index) =>
        index === 1 ? outage({ 'Retry-After': '3' }) : tokenIssuer(299)(request, index),
      );
      const tokens = provider({ now: time.now, sleep: time.sleep });
      const first = await tokens.getToken();
      tokens.invalidate(first.generation);
      expect((await tokens.getToken()).accessToken).toBe('token-3');
      expect(time.clock.waits).toEqual([3000]);
    });

    it('lets a caller stop waiting out an outage, and stops asking Entra once no caller waits', async () => {
      server.onToken(() => outage({ 'Retry-After': '30' }));
      const tokens = provider({ sleep: undefined }); // real waits, cut short by the signal
      const stopped = new AbortController();
      const started = Date.now();
      const waiting = tokens.getToken(stopped.signal);
      setTimeout(() => stopped.abort(new Error('sync stopped')), 300);
      await expect(waiting).rejects.toThrow('sync stopped');
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.tokenRequests()).toHaveLength(1);
      // The next caller starts afresh.
      server.onToken(tokenIssuer());
      expect((await tokens.getToken()).accessToken).toBe('token-1');
    });

    it('still fails a wrong secret at once, even when Entra adds Retry-After to the refusal', async () => {
      const time = fakeTime();
      server.onToken(() => ({ ...aadstsError(7000215), headers: { 'Retry-After': '30' } }));
      const tokens = provider({ now: time.now, sleep: time.sleep });
      const error = await authError(tokens.getToken());
      expect(error.transient).toBe(false);
      expect(error.code).toBe('graph_auth_failed');
      expect(error.aadstsCode).toBe(7000215);
      // msal did not remember the refusal: a corrected configuration would be asked for at once.
      server.onToken(tokenIssuer());
      expect((await tokens.getToken()).accessToken).toBe('token-1');
      expect(time.clock.waits).toEqual([]);
    });
  });

  it('retries network failures to the authority a few times, then succeeds', async () => {
    server.onToken((request, index) => (index < 2 ? { drop: true } : tokenIssuer()(request, index)));
    const token = await provider().getToken();
    expect(token.accessToken).toBe('token-3');
    expect(server.tokenRequests()).toHaveLength(3);
  });

  it('gives up on an unreachable authority after maxAttempts with a GraphAuthError saying why', async () => {
    server.onToken(() => ({ drop: true }));
    const error = await authError(provider({ maxAttempts: 2 }).getToken());
    expect(error.message).toMatch(/temporarily unavailable .*unreachable.*2 attempts/);
    expect(error.transient).toBe(true);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('says the certificate is not trusted instead of retrying when the CA is missing', async () => {
    const error = await authError(provider({ fetch: createFetch() }).getToken());
    expect(error.message).toMatch(/not trusted/);
    expect(server.requests).toHaveLength(0);
  });

  it('counts token requests put on the wire', async () => {
    let count = 0;
    server.onToken(tokenIssuer(60));
    const tokens = provider({ onTokenRequest: () => (count += 1) });
    await tokens.getToken();
    await tokens.getToken();
    expect(count).toBe(2);
  });
});
