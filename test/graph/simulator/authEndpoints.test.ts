import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { Agent, fetch } from 'undici';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import {
  interactionsPath,
  startSimulator,
  testCertificate,
  TestClock,
  type SimulatorUnderTest,
} from './simulatorTestKit';

const clock = new TestClock();
let sut: SimulatorUnderTest;

beforeAll(async () => {
  sut = await startSimulator({ now: clock.now, tokenLifetimeSeconds: 600, rateLimitPerSecond: 10_000 });
});

afterAll(async () => {
  await sut.close();
});

interface EntraErrorJson {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

async function tokenError(
  form: Record<string, string>,
  tenant?: string,
): Promise<{ status: number; body: EntraErrorJson }> {
  const res = await sut.http.requestToken(form, tenant, {
    'client-request-id': 'c0ffee00-0000-4000-8000-000000000001',
  });
  return { status: res.status, body: (await res.json()) as EntraErrorJson };
}

describe('the Entra endpoints of the simulator', () => {
  it('publishes OpenID metadata whose issuer and token endpoint are on its own origin', async () => {
    const res = await sut.http.fetch(`/${sut.tenant.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.issuer).toBe(`${sut.simulator.origin}/${sut.tenant.tenantId}/v2.0`);
    expect(body.token_endpoint).toBe(`${sut.simulator.origin}/${sut.tenant.tenantId}/oauth2/v2.0/token`);
    for (const key of ['authorization_endpoint', 'jwks_uri', 'end_session_endpoint'])
      expect(body[key]).toMatch(new RegExp(`^${sut.simulator.origin}/`));
    const discovery = (await (await sut.http.fetch('/common/discovery/instance?api-version=1.1')).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.tenant_discovery_endpoint).toMatch(/\/v2\.0\/\.well-known\/openid-configuration$/);
  });

  it('answers metadata for an unknown tenant with AADSTS90002', async () => {
    const res = await sut.http.fetch('/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration');
    expect(res.status).toBe(400);
    expect(((await res.json()) as EntraErrorJson).error_codes).toEqual([90002]);
  });

  it('issues a JWT-shaped bearer token carrying tenant, app, roles and lifetime', async () => {
    const res = await sut.http.requestToken(sut.http.validTokenForm());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      token_type: 'Bearer',
      expires_in: 600,
      ext_expires_in: 600,
      access_token: expect.any(String),
    });
    const [header, payload, signature] = String(body.access_token).split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({ typ: 'JWT', alg: 'HS256' });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const iat = Math.floor(clock.ms / 1000);
    expect(claims).toMatchObject({
      tid: sut.tenant.tenantId,
      appid: sut.tenant.app.clientId,
      aud: 'https://graph.microsoft.com',
      iat,
      exp: iat + 600,
    });
    expect(claims.roles).toEqual(['AiEnterpriseInteraction.Read.All', 'User.Read.All']);
    expect(claims.nbf).toBeLessThanOrEqual(iat);
  });

  it('accepts the tenant domain in place of its id', async () => {
    expect((await sut.http.requestToken(sut.http.validTokenForm(), sut.tenant.domain)).status).toBe(200);
  });

  it.each([
    ['a wrong secret', { client_secret: 'wrong' }, undefined, 401, 'invalid_client', 7000215],
    ['an expired secret', 'expired', undefined, 401, 'invalid_client', 7000222],
    [
      'an unknown client id',
      { client_id: '11111111-2222-3333-4444-555555555555' },
      undefined,
      400,
      'unauthorized_client',
      700016,
    ],
    ['an unknown tenant', {}, '99999999-0000-0000-0000-000000000000', 400, 'invalid_request', 90002],
    ['a non-Graph scope', { scope: 'https://foo.microsoft.com/.default' }, undefined, 400, 'invalid_scope', 70011],
    ['a delegated-style scope', { scope: 'User.Read' }, undefined, 400, 'invalid_scope', 1002012],
    ['another grant type', { grant_type: 'password' }, undefined, 400, 'unsupported_grant_type', 70003],
    ['no grant type', { grant_type: '' }, undefined, 400, 'invalid_request', 900144],
  ] as const)('refuses %s with Entra’s error shape', async (_what, change, tenant, status, error, code) => {
    const form: Record<string, string> = {
      ...sut.http.validTokenForm(),
      ...(change === 'expired' ? { client_secret: sut.tenant.expiredSecret } : change),
    };
    if (form.grant_type === '') delete form.grant_type;
    const res = await tokenError(form, tenant);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({
      error,
      error_codes: [code],
      correlation_id: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(res.body.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .+\\r\\nTrace ID: ${res.body.trace_id}\\r\\nCorrelation ID: ${res.body.correlation_id}\\r\\nTimestamp: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z$`,
      ),
    );
    expect(res.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  });

  it('answers Graph calls without a usable token with 401 InvalidAuthenticationToken', async () => {
    const userId = sut.tenant.users[0]!.graph.id;
    const none = await sut.http.fetch(interactionsPath(userId));
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    const garbage = await sut.http.fetch('/v1.0/users', { headers: { authorization: 'Bearer not-a-token' } });
    expect(garbage.status).toBe(401);
    const token = await sut.http.token();
    const tampered = await sut.http.fetch('/v1.0/users', {
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    });
    expect(tampered.status).toBe(401);
  });

  it('answers 401 once the token has expired on the injected clock', async () => {
    const res = await sut.http.requestToken(sut.http.validTokenForm());
    const token = ((await res.json()) as { access_token: string }).access_token;
    const call = (): Promise<{ status: number }> =>
      sut.http.fetch('/v1.0/users?$top=1', { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    clock.advance(601_000);
    try {
      const expired = await sut.http.fetch('/v1.0/users?$top=1', { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { error: { message: string } }).error.message).toBe(
        'Access token has expired or is not yet valid.',
      );
      expect(expired.headers.get('www-authenticate')).toContain('Bearer');
    } finally {
      clock.advance(-601_000);
    }
  });

  it('answers 403 when the app was not granted the role a resource needs', async () => {
    const noUsers = await startSimulator({ tenant: sut.tenant, appRoles: ['AiEnterpriseInteraction.Read.All'] });
    const noExport = await startSimulator({ tenant: sut.tenant, appRoles: ['User.Read.All'] });
    try {
      const users = await noUsers.http.json<{ error: { code: string; message: string } }>(
        `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq ${M365_COPILOT_SKU_ID})`,
      );
      expect(users.status).toBe(403);
      expect(users.body.error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
      const active = sut.tenant.users.find((u) => u.active)!;
      const history = await noExport.http.json<{ error: { code: string; message: string } }>(
        interactionsPath(active.graph.id),
      );
      expect(history.status).toBe(403);
      expect(history.body.error).toMatchObject({ code: 'Forbidden', message: 'UnknownError' });
    } finally {
      await noUsers.close();
      await noExport.close();
    }
  });

  it('serves msal-node: discovery through the openid metadata, then a cached client-credentials token', async () => {
    const agent = new Agent({ connect: { ca: (await testCertificate()).cert } });
    const seen: string[] = [];
    const send = async <T>(
      url: string,
      method: string,
      options?: { headers?: Record<string, string>; body?: string },
    ): Promise<NetworkResponse<T>> => {
      seen.push(`${method} ${new URL(url).pathname}`);
      const res = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher: agent });
      return { status: res.status, headers: Object.fromEntries(res.headers), body: (await res.json()) as T };
    };
    const networkClient: INetworkModule = {
      sendGetRequestAsync: (url, options) => send(url, 'GET', options),
      sendPostRequestAsync: (url, options) => send(url, 'POST', options),
    };
    const host = new URL(sut.simulator.origin).host;
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: sut.tenant.app.clientId,
        clientSecret: sut.tenant.app.clientSecret,
        authority: `${sut.simulator.authorityHost}/${sut.tenant.tenantId}`,
        knownAuthorities: [host],
      },
      system: { networkClient },
    });
    try {
      const first = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      const second = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      expect(first?.accessToken.split('.')).toHaveLength(3);
      expect(second?.fromCache).toBe(true);
      expect(seen).toEqual([
        `GET /${sut.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
        `POST /${sut.tenant.tenantId}/oauth2/v2.0/token`,
      ]);
    } finally {
      await agent.close();
    }
  });
});
