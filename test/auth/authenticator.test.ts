import { createAuthenticator, type AuthRequest } from '../../server/auth/authenticator';
import { DEMO_PRINCIPAL_ID } from '../../server/auth/principal';
import type { SsoClaims } from '../../server/auth/tokenValidator';
import type { Tier } from '../../server/core/privacy/tiers';
import { AppError } from '../../server/errors';

/**
 * Who a request is, request by request: the Authorization header's exact shape, and the local demo identity given
 * only to a direct loopback request that names a loopback host and carries no proxy header. The token check itself
 * is test/auth/tokenValidator.test.ts; here it accepts one known token, so each case turns on the rule under test.
 */

const TENANT = 'tenant-1';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ1In0.c2ln-_~+/==';
const CLAIMS: SsoClaims = {
  oid: 'user-1',
  tid: TENANT,
  name: 'Ada',
  upn: 'ada@contoso.example',
  roles: ['CopilotObservatory.Admin'],
  groups: ['group-1'],
};

function authenticator(mode: 'demo' | 'tenant', tierOf: (roles: string[]) => Tier | null, demoTier?: Tier) {
  const validated: string[] = [];
  const auth = createAuthenticator({
    mode,
    tenantId: TENANT,
    demoTier,
    tierOf: (p) => tierOf(p.roles),
    validateToken: async (token) => {
      validated.push(token);
      if (token !== TOKEN) throw new AppError('invalid_token', 'not the known token', 401);
      return CLAIMS;
    },
  });
  return { auth, validated };
}

const request = (headers: AuthRequest['headers'], socket: AuthRequest['socket'] = { remoteAddress: '127.0.0.1' }) => ({
  headers,
  socket,
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const { code, status, message } = error as AppError;
    return { code, status, message };
  }
  throw new Error('the request was let through');
}

const adminByRole = (roles: string[]): Tier | null => (roles.includes('CopilotObservatory.Admin') ? 'Admin' : null);

describe('a bearer token', () => {
  it('is validated, and its claims make the principal, ranked by the tier rule', async () => {
    const { auth, validated } = authenticator('tenant', adminByRole);
    expect(await auth.authenticate(request({ authorization: `Bearer ${TOKEN}`, host: 'localhost' }))).toEqual({
      userId: 'user-1',
      tenantId: TENANT,
      name: 'Ada',
      upn: 'ada@contoso.example',
      roles: ['CopilotObservatory.Admin'],
      groups: ['group-1'],
      tier: 'Admin',
      isAdmin: true,
      demo: false,
    });
    expect(validated).toEqual([TOKEN]);
  });

  it('gives a lower tier without admin rights, and admin only to the Admin tier', async () => {
    const { auth } = authenticator('tenant', () => 'Investigator');
    expect(await auth.authenticate(request({ authorization: `Bearer ${TOKEN}` }))).toMatchObject({
      tier: 'Investigator',
      isAdmin: false,
    });
    expect(auth.isAdmin({ ...CLAIMS, userId: 'u', tenantId: TENANT, demo: false })).toBe(false);
    expect(
      authenticator('tenant', () => 'Admin').auth.isAdmin({ ...CLAIMS, userId: 'u', tenantId: TENANT, demo: false }),
    ).toBe(true);
  });

  it('is read around surrounding spaces, and from a header sent twice as one value', async () => {
    const { validated, auth } = authenticator('tenant', adminByRole);
    await auth.authenticate(request({ authorization: `  Bearer ${TOKEN}  ` }));
    expect(validated).toEqual([TOKEN]);
    // Two Authorization headers never make one valid token.
    expect(
      (await refusal(auth.authenticate(request({ authorization: [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`] })))).status,
    ).toBe(401);
  });

  it.each([
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['a lower-case scheme', `bearer ${TOKEN}`],
    ['no token', 'Bearer '],
    ['a token with a space in it', `Bearer ${TOKEN} x`],
    ['a token with a character no token has', `Bearer ${TOKEN}"`],
    ['text before the scheme', `x Bearer ${TOKEN}`],
    ['padding in the middle', 'Bearer abc=def'],
  ])('refuses %s with 401 before any token check, in demo mode from localhost too', async (_name, header) => {
    const { auth, validated } = authenticator('demo', adminByRole);
    expect(await refusal(auth.authenticate(request({ authorization: header, host: 'localhost' })))).toEqual({
      code: 'invalid_token',
      status: 401,
      message: 'The Authorization header must be "Bearer <token>".',
    });
    expect(validated).toEqual([]);
  });
});

describe('the local demo identity', () => {
  const demoRefusal = {
    code: 'unauthorized',
    status: 401,
    message: 'Sign-in is required: the local demo identity is only available from this machine (localhost).',
  };

  it.each([
    ['127.0.0.1', 'localhost:3978'],
    ['::1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '[::1]:8080'],
    ['127.0.0.1', 'LOCALHOST:65535'],
  ])('is who a request from %s to %s without a token is, labelled and ranked', async (address, host) => {
    const { auth } = authenticator('demo', () => 'Admin');
    expect(await auth.authenticate(request({ host }, { remoteAddress: address }))).toEqual({
      userId: DEMO_PRINCIPAL_ID,
      tenantId: TENANT,
      name: 'Local demo admin',
      upn: null,
      roles: [],
      groups: [],
      tier: 'Admin',
      isAdmin: true,
      demo: true,
    });
  });

  it('is named after the tier it was given', async () => {
    const { auth } = authenticator('demo', () => 'Viewer', 'Viewer');
    expect(await auth.authenticate(request({ host: 'localhost' }))).toMatchObject({
      name: 'Local demo viewer',
      tier: 'Viewer',
      isAdmin: false,
    });
  });

  it.each(['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'])(
    'is refused to a request relayed by a proxy (%s)',
    async (header) => {
      const { auth } = authenticator('demo', () => 'Admin');
      expect(await refusal(auth.authenticate(request({ host: 'localhost', [header]: '127.0.0.1' })))).toEqual(
        demoRefusal,
      );
    },
  );

  it.each([
    ['another site reaching localhost (DNS rebinding)', 'attacker.example'],
    ['a name that only starts like localhost', 'localhost.attacker.example'],
    ['a name that only ends like localhost', 'evil-localhost'],
    ['a port of six digits', 'localhost:123456'],
    ['an empty port', 'localhost:'],
    ['no Host header', undefined],
  ])('is refused to %s', async (_name, host) => {
    const { auth } = authenticator('demo', () => 'Admin');
    expect(await refusal(auth.authenticate(request({ host })))).toEqual(demoRefusal);
  });

  it.each([
    ['another machine', '10.0.0.5'],
    ['an unknown address', undefined],
  ])('is refused to %s', async (_name, address) => {
    const { auth } = authenticator('demo', () => 'Admin');
    expect(await refusal(auth.authenticate(request({ host: 'localhost' }, { remoteAddress: address })))).toEqual(
      demoRefusal,
    );
  });

  it('does not exist with a real tenant: a loopback request without a token is told to open Teams', async () => {
    const { auth } = authenticator('tenant', () => 'Admin');
    expect(await refusal(auth.authenticate(request({ host: 'localhost' })))).toEqual({
      code: 'unauthorized',
      status: 401,
      message: 'Sign-in is required: open Copilot Observatory in Microsoft Teams.',
    });
  });
});
