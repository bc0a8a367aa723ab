import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  errors as joseErrors,
  type JWTVerifyGetKey,
} from 'jose';
import { createTokenValidator, type TokenValidatorSettings } from '../../server/auth/tokenValidator';
import type { AppError } from '../../server/errors';

/**
 * The Teams SSO token check on its own, with real RS256 keys and tokens signed by jose: each refusal names the check
 * that failed (and is a 401), a key set that cannot be fetched is a 503, and the claims read back are the token's.
 */

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const NOW = new Date('2026-11-20T12:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

let keys: JWTVerifyGetKey;
let sign: (
  claims?: Record<string, unknown>,
  options?: { alg?: string; expiresIn?: number; notBefore?: number },
) => Promise<string>;
let signElsewhere: () => Promise<string>;

beforeAll(async () => {
  const tenantKey = await generateKeyPair('RS256');
  const otherKey = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(tenantKey.publicKey)), kid: 'tenant-key', alg: 'RS256' };
  keys = createLocalJWKSet({ keys: [jwk] });
  const build = (claims: Record<string, unknown>, expiresIn = 3600, notBefore?: number) => {
    const jwt = new SignJWT({ tid: TENANT, oid: 'user-1', scp: 'access_as_user', ...claims })
      .setIssuer(ISSUER)
      .setAudience(CLIENT)
      .setIssuedAt(seconds(NOW) - 60)
      .setExpirationTime(seconds(NOW) + expiresIn);
    return notBefore === undefined ? jwt : jwt.setNotBefore(notBefore);
  };
  sign = async (claims = {}, options = {}) =>
    build(claims, options.expiresIn, options.notBefore)
      .setProtectedHeader({ alg: 'RS256', kid: 'tenant-key' })
      .sign(tenantKey.privateKey);
  signElsewhere = async () =>
    build({}).setProtectedHeader({ alg: 'RS256', kid: 'tenant-key' }).sign(otherKey.privateKey);
});

function validator(overrides: Partial<TokenValidatorSettings> = {}) {
  return createTokenValidator({
    keys,
    tenantId: TENANT,
    audiences: [CLIENT, `api://${CLIENT}`],
    issuers: [ISSUER, `https://sts.windows.net/${TENANT}/`],
    requiredScope: 'access_as_user',
    now: () => NOW,
    ...overrides,
  });
}

async function refusal(token: Promise<string> | string, settings: Partial<TokenValidatorSettings> = {}) {
  try {
    await validator(settings)(await token);
  } catch (error) {
    const { code, status, message } = error as AppError;
    return { code, status, message };
  }
  throw new Error('the token was accepted');
}

describe('the Teams SSO token check', () => {
  it("accepts a token of the tenant and reads its claims: name, preferred_username, roles and groups' strings", async () => {
    const token = await sign({
      name: 'Ada Admin',
      preferred_username: 'ada@contoso.example',
      upn: 'not-this@contoso.example',
      roles: ['CopilotObservatory.Admin', 7],
      groups: ['group-1'],
      scp: 'User.Read access_as_user',
    });
    expect(await validator()(token)).toEqual({
      oid: 'user-1',
      tid: TENANT,
      name: 'Ada Admin',
      upn: 'ada@contoso.example',
      roles: ['CopilotObservatory.Admin'],
      groups: ['group-1'],
    });
  });

  it('falls back to the upn claim, and to nulls and empty lists when claims are absent or not strings', async () => {
    expect(await validator()(await sign({ upn: 'v1@contoso.example', name: 42, roles: 'Admin' }))).toEqual({
      oid: 'user-1',
      tid: TENANT,
      name: null,
      upn: 'v1@contoso.example',
      roles: [],
      groups: [],
    });
    expect((await validator()(await sign({ upn: 5 }))).upn).toBeNull();
  });

  it('allows five minutes of clock skew on expiry, not more', async () => {
    await expect(validator()(await sign({}, { expiresIn: -299 }))).resolves.toMatchObject({ oid: 'user-1' });
    expect(await refusal(sign({}, { expiresIn: -301 }))).toEqual({
      code: 'invalid_token',
      status: 401,
      message: 'The sign-in token has expired.',
    });
  });

  it.each([
    [
      'another tenant',
      () => sign({ tid: '99999999-2222-3333-4444-555555555555' }),
      'The sign-in token was issued for another tenant.',
    ],
    [
      'no scope',
      () => sign({ scp: undefined }),
      'The sign-in token lacks the access_as_user scope (app-only tokens are refused).',
    ],
    [
      'a scope that only contains the name',
      () => sign({ scp: 'access_as_user_not' }),
      'The sign-in token lacks the access_as_user scope (app-only tokens are refused).',
    ],
    ['a key the tenant does not have', () => signElsewhere(), 'The sign-in token is not signed by the tenant.'],
    ['a future not-before', () => sign({}, { notBefore: seconds(NOW) + 3600 }), 'The sign-in token is not valid yet.'],
    ['no oid', () => sign({ oid: undefined }), 'The sign-in token\'s "oid" claim is not acceptable.'],
    ['garbage', () => 'not.a.jwt', 'The sign-in token is malformed.'],
  ])('refuses a token with %s with 401 and says which check failed', async (_name, token, message) => {
    expect(await refusal(token())).toEqual({ code: 'invalid_token', status: 401, message });
  });

  it('refuses a token for another application and one from another issuer', async () => {
    expect((await refusal(sign(), { audiences: ['api://other'] })).message).toBe(
      'The sign-in token is for another application.',
    );
    expect((await refusal(sign(), { issuers: ['https://login.microsoftonline.com/other/v2.0'] })).message).toBe(
      'The sign-in token comes from an unexpected issuer.',
    );
  });

  it('refuses a token signed with a symmetric algorithm, whatever its key', async () => {
    const secret = new TextEncoder().encode('a shared secret of at least thirty-two bytes');
    const hs256 = await new SignJWT({ tid: TENANT, oid: 'user-1', scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(CLIENT)
      .setIssuedAt(seconds(NOW))
      .setExpirationTime(seconds(NOW) + 3600)
      .sign(secret);
    expect(await refusal(hs256)).toEqual({
      code: 'invalid_token',
      status: 401,
      message: 'The sign-in token uses a refused algorithm.',
    });
  });

  it('reads a token of exactly 16 KiB and refuses one a character longer before looking at it', async () => {
    // Base64 grows by one or two characters per padding character: search for a token of exactly 16 KiB.
    const base = (await sign({ pad: '', extra: '' })).length;
    let exact = '';
    search: for (const extra of ['', 'y', 'yy']) {
      for (let pad = Math.floor(((16_384 - base) * 3) / 4) - 6; ; pad++) {
        exact = await sign({ pad: 'x'.repeat(pad), extra });
        if (exact.length === 16_384) break search;
        if (exact.length > 16_384) break;
      }
    }
    expect(exact).toHaveLength(16_384);
    await expect(validator()(exact)).resolves.toMatchObject({ oid: 'user-1' });
    expect(await refusal(`${exact}a`)).toEqual({
      code: 'invalid_token',
      status: 401,
      message: 'The sign-in token is too large.',
    });
  });

  it('answers 503, not 401, when the key set cannot be fetched or read', async () => {
    const unavailable = {
      code: 'signing_keys_unavailable',
      status: 503,
      message: 'The tenant signing keys could not be fetched; try again shortly.',
    };
    const failing =
      (error: Error): JWTVerifyGetKey =>
      async () => {
        throw error;
      };
    expect(await refusal(sign(), { keys: failing(new TypeError('fetch failed')) })).toEqual(unavailable);
    expect(await refusal(sign(), { keys: failing(new joseErrors.JWKSTimeout()) })).toEqual(unavailable);
    expect(await refusal(sign(), { keys: failing(new joseErrors.JWKSInvalid()) })).toEqual(unavailable);
    expect((await refusal(sign(), { keys: failing(new joseErrors.JWKSMultipleMatchingKeys()) })).status).toBe(401);
  });
});
