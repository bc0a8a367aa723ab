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

  it('retries network failures to the authority a few times, then succeeds', async () => {
    server.onToken((request, index) => (index < 2 ? { drop: true } : tokenIssuer()(request, index)));
    const token = await provider().getToken();
    expect(token.accessToken).toBe('token-3');
    expect(server.tokenRequests()).toHaveLength(3);
  });

  it('gives up on an unreachable authority after maxAttempts with a GraphAuthError saying why', async () => {
    server.onToken(() => ({ drop: true }));
    const error = await authError(provider({ maxAttempts: 2 }).getToken());
    expect(error.message).toMatch(/Could not reach Microsoft Entra after 2 attempts/);
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
