import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import {
  createValidationTokenVerifier,
  GRAPH_CHANGE_TRACKING_APP_ID,
} from '../../../server/core/realtime/validationTokens';
import type { AppError } from '../../../server/errors';

/**
 * A notification's validation tokens must have been requested by Microsoft Graph change tracking (its app id in
 * `azp`, v2.0, or `appid`, v1.0), as Microsoft Learn's "Set up change notifications that include resource data" asks.
 * A token signed by the tenant's keys for our app but naming no app at all (a user's sign-in token for our app, say)
 * is not Graph's. Real RS256 keys and tokens signed by jose, checked by the verifier the webhook uses.
 */

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const AUTHORITY = 'https://login.microsoftonline.com';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

let keys: JWTVerifyGetKey;
let sign: (claims: Record<string, unknown>, issuer?: string) => Promise<string>;

beforeAll(async () => {
  const tenantKey = await generateKeyPair('RS256');
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(tenantKey.publicKey)), kid: 'tenant-key', alg: 'RS256' }] });
  sign = (claims, issuer = `${AUTHORITY}/${TENANT}/v2.0`) =>
    new SignJWT({ tid: TENANT, ...claims })
      .setIssuer(issuer)
      .setAudience(CLIENT)
      .setIssuedAt(seconds(NOW) - 60)
      .setExpirationTime(seconds(NOW) + 3600)
      .setProtectedHeader({ alg: 'RS256', kid: 'tenant-key' })
      .sign(tenantKey.privateKey);
});

const verify = (tokens: string[]) =>
  createValidationTokenVerifier({ keys, tenantId: TENANT, clientId: CLIENT, authorityHost: AUTHORITY, now: () => NOW })(
    tokens,
  );

async function refusal(tokens: string[]): Promise<AppError> {
  const error = await verify(tokens).then(
    () => null,
    (e: unknown) => e as AppError,
  );
  if (!error) throw new Error('the tokens were accepted');
  return error;
}

const notGraphs = {
  code: 'invalid_validation_token',
  status: 401,
  message: 'A validation token was not requested by Microsoft Graph change tracking.',
};

describe('validation tokens of change notifications', () => {
  it('accepts tokens Graph change tracking requested, named in azp (v2.0) or appid (v1.0) (positive control)', async () => {
    await expect(verify([await sign({ azp: GRAPH_CHANGE_TRACKING_APP_ID })])).resolves.toBeUndefined();
    const v1 = await sign({ appid: GRAPH_CHANGE_TRACKING_APP_ID }, `https://sts.windows.net/${TENANT}/`);
    await expect(verify([v1])).resolves.toBeUndefined();
  });

  it('refuses a token that names no requesting app, neither azp nor appid, with 401', async () => {
    expect(await refusal([await sign({})])).toMatchObject(notGraphs);
    expect(await refusal([await sign({ azp: null, appid: '' })])).toMatchObject(notGraphs);
  });

  it("refuses a token another app requested, even with Graph's id in appid beside it", async () => {
    const other = 'bbbbbbbb-0000-0000-0000-000000000000';
    expect(await refusal([await sign({ azp: other })])).toMatchObject(notGraphs);
    expect(await refusal([await sign({ azp: other, appid: GRAPH_CHANGE_TRACKING_APP_ID })])).toMatchObject(notGraphs);
  });

  it("refuses the envelope when any one of its tokens is not Graph's", async () => {
    const good = await sign({ azp: GRAPH_CHANGE_TRACKING_APP_ID });
    expect(await refusal([good, await sign({})])).toMatchObject(notGraphs);
  });
});
