import { Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../server/appContext';
import { createAuthenticator } from '../../server/auth/authenticator';
import {
  authenticateCaller,
  principalOf,
  requireAdmin,
  requireTier,
  tierOfResponse,
  tierRequired,
} from '../../server/auth/middleware';
import { createTierRule, tierRuleSettingsOf } from '../../server/auth/tierRule';
import type { SsoClaims } from '../../server/auth/tokenValidator';
import { loadConfig } from '../../server/config';
import { TIERS, type Tier } from '../../server/core/privacy/tiers';
import { createApp } from '../../server/createApp';
import { AppError } from '../../server/errors';
import { createSilentLogger } from '../../server/logger';

/**
 * The tier gate over HTTP: the real authenticator and tier rule (tokens stand for their claims here; the token check
 * itself is test/auth/tokenValidator.test.ts) and the app's own error handler, in front of probe routes.
 */

const TENANT = 'tenant-middleware';
/** One token per tier (its app role), one for a user with no role, one the validator refuses with another 401. */
const TOKENS: Record<string, string[]> = {
  ...Object.fromEntries(TIERS.map((tier) => [`${tier.toLowerCase()}-token`, [`CopilotObservatory.${tier}`]])),
  'no-role-token': ['Something.Else'],
};

function probeApp(config = loadConfig({})) {
  const tierOf = createTierRule(tierRuleSettingsOf(config));
  const auth = createAuthenticator({
    mode: 'tenant',
    tenantId: TENANT,
    tierOf,
    validateToken: async (token): Promise<SsoClaims> => {
      if (token === 'broken-token') throw new AppError('service_unavailable', 'The signing keys are unreachable.', 503);
      const roles = TOKENS[token];
      if (!roles) throw new AppError('invalid_token', 'The token is not signed by the tenant.', 401);
      return { oid: `user-${token}`, tid: TENANT, name: null, upn: null, roles, groups: [] };
    },
  });
  const router = Router();
  router.get('/caller', authenticateCaller(auth), (_req, res) => {
    res.json({ tier: tierOfResponse(res), userId: principalOf(res).userId });
  });
  for (const tier of TIERS)
    router.get(`/needs/${tier}`, authenticateCaller(auth), requireTier(tier), (_req, res) => {
      res.json({ tier: tierOfResponse(res) });
    });
  router.get('/admin', ...requireAdmin(auth), (_req, res) => res.json({ ok: true }));
  router.get('/forgot-authentication', (_req, res) => res.json(principalOf(res)));
  const ctx = { config, logger: createSilentLogger(), tenantId: TENANT, mode: 'tenant' } as unknown as AppContext;
  return createApp(ctx, [{ path: '/probe', router }]);
}

interface Reply {
  status: number;
  body: { error?: { code: string; message: string; requiredTier?: Tier }; tier?: Tier; userId?: string };
  challenge: string | null;
}

describe('the tier gate in front of API routes', () => {
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = probeApp().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((done) => server.close(() => done()));
  });
  afterAll(async () => close());

  async function call(path: string, token?: string): Promise<Reply> {
    const res = await fetch(`${base}/probe${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: res.status,
      body: (await res.json()) as Reply['body'],
      challenge: res.headers.get('www-authenticate'),
    };
  }

  it('lets a caller with any tier through, as that user, with their tier', async () => {
    for (const tier of TIERS) {
      const reply = await call('/caller', `${tier.toLowerCase()}-token`);
      expect(reply).toEqual({
        status: 200,
        body: { tier, userId: `user-${tier.toLowerCase()}-token` },
        challenge: null,
      });
    }
  });

  it('refuses a signed-in caller with no tier with 403, asking for any role (the Viewer tier), and no challenge', async () => {
    const reply = await call('/caller', 'no-role-token');
    expect(reply).toEqual({
      status: 403,
      body: {
        error: {
          code: 'forbidden',
          message:
            'Copilot Observatory is for people with one of its roles (Viewer, Analyst, Investigator or Admin): ask your administrator for one.',
          requiredTier: 'Viewer',
        },
      },
      challenge: null,
    });
  });

  it('challenges a refused token with invalid_token, and a request without one with invalid_request', async () => {
    const refused = await call('/caller', 'forged-token');
    expect({ status: refused.status, code: refused.body.error?.code, challenge: refused.challenge }).toEqual({
      status: 401,
      code: 'invalid_token',
      challenge: 'Bearer error="invalid_token"',
    });
    const missing = await call('/caller');
    expect({ status: missing.status, code: missing.body.error?.code, challenge: missing.challenge }).toEqual({
      status: 401,
      code: 'unauthorized',
      challenge: 'Bearer error="invalid_request"',
    });
  });

  it('passes on an error that is not a refused sign-in as it is, without a challenge', async () => {
    const reply = await call('/caller', 'broken-token');
    expect(reply).toEqual({
      status: 503,
      body: { error: { code: 'service_unavailable', message: 'The signing keys are unreachable.' } },
      challenge: null,
    });
  });

  it('lets each tier and the ones above it through a route, and refuses the ones below naming the tier needed', async () => {
    for (const [needed, neededRank] of TIERS.map((tier, rank) => [tier, rank] as const))
      for (const [has, hasRank] of TIERS.map((tier, rank) => [tier, rank] as const)) {
        const reply = await call(`/needs/${needed}`, `${has.toLowerCase()}-token`);
        if (hasRank >= neededRank)
          expect({ needed, has, ...reply }).toEqual({ needed, has, status: 200, body: { tier: has }, challenge: null });
        else
          expect({ needed, has, status: reply.status, body: reply.body }).toEqual({
            needed,
            has,
            status: 403,
            body: { error: { code: 'forbidden', message: tierRequired(needed, has).message, requiredTier: needed } },
          });
      }
  });

  it('lets only Admins through an admin route', async () => {
    expect((await call('/admin', 'admin-token')).status).toBe(200);
    const investigator = await call('/admin', 'investigator-token');
    expect({ status: investigator.status, requiredTier: investigator.body.error?.requiredTier }).toEqual({
      status: 403,
      requiredTier: 'Admin',
    });
    expect((await call('/admin')).status).toBe(401);
  });

  it('answers a route that forgot to authenticate with a 500, never letting it run as nobody', async () => {
    const reply = await call('/forgot-authentication');
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Route reached without authentication.' } },
    });
  });
});

describe('the refusal that names the tier a route needs', () => {
  it('says which role is needed, what it gives, and which one the caller has, with the right article', () => {
    expect(tierRequired('Investigator', 'Analyst').message).toBe(
      'This needs the Investigator role of Copilot Observatory (prompt and response text (each conversation opened with a reason) and risk evidence); you are an Analyst. Ask your administrator if you need it.',
    );
    expect(tierRequired('Admin', 'Viewer').message).toContain('; you are a Viewer. Ask');
    expect(tierRequired('Admin', 'Investigator').message).toContain('; you are an Investigator. Ask');
    expect(tierRequired('Viewer', 'Admin').message).toContain('; you are an Admin. Ask');
    expect(tierRequired('Analyst', 'Viewer')).toMatchObject({
      code: 'forbidden',
      status: 403,
      details: { requiredTier: 'Analyst' },
    });
  });
});
