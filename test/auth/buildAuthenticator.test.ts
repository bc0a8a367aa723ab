import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { buildAuthenticator } from '../../server/auth/buildAuthenticator';
import { demoAdmin } from '../../server/auth/principal';
import { tenantSigningKeys } from '../../server/auth/tenantSigningKeys';
import { loadConfig } from '../../server/config';
import type { AppError } from '../../server/errors';

/**
 * The authenticator as main.ts builds it, against a real key endpoint on 127.0.0.1 standing in for Entra: the keys are
 * fetched from the tenant's discovery path through the fetch handed in and cached for hours, a token is accepted under
 * either of Entra's issuers and any of our audiences only with the access_as_user scope, and the config's mode, admin
 * rule and demo tier reach the principal.
 */

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const APP_ID_URI = 'api://observatory.contoso.example/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const ADA = '0000000a-0000-0000-0000-00000000000a';
const BEN = '0000000b-0000-0000-0000-00000000000b';

let server: Server;
let origin: string;
let privateKey: CryptoKey;
/** Every key set URL fetched through the fetch handed to the authenticator. */
let fetched: string[];
const countingFetch: typeof fetch = (input, init) => {
  fetched.push(input instanceof Request ? input.url : String(input));
  return fetch(input, init);
};

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'entra-key', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    if (req.url !== `/${TENANT}/discovery/v2.0/keys`) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  fetched = [];
});
afterEach(() => jest.restoreAllMocks());

const keysUrl = () => `${origin}/${TENANT}/discovery/v2.0/keys`;

function token(claims: { iss?: string; aud?: string; scp?: string; oid?: string } = {}): Promise<string> {
  const seconds = Math.floor(NOW.getTime() / 1000);
  return new SignJWT({ tid: TENANT, oid: claims.oid ?? ADA, scp: claims.scp ?? 'access_as_user', name: 'Ada' })
    .setProtectedHeader({ alg: 'RS256', kid: 'entra-key' })
    .setIssuer(claims.iss ?? `${origin}/${TENANT}/v2.0`)
    .setAudience(claims.aud ?? CLIENT)
    .setIssuedAt(seconds - 60)
    .setExpirationTime(seconds + 3600)
    .sign(privateKey);
}

/** Built as main.ts builds it; `env` as the process environment (tenant mode unless told otherwise). */
function authenticator(env: Record<string, string> = {}, tenantMode = true) {
  const tenant = tenantMode ? { TENANT_ID: TENANT, CLIENT_ID: CLIENT, CLIENT_SECRET: 'secret' } : {};
  return buildAuthenticator({
    config: loadConfig({ ...tenant, ADMIN_USER_IDS: ADA, ...env }),
    tenantId: TENANT,
    clientId: CLIENT,
    // Trailing slashes, as an authority host is often written: the issuer and the key path do without them.
    authorityHost: `${origin}//`,
    fetch: countingFetch,
    now: () => NOW,
  });
}

const bearer = (jwt: string) => ({
  headers: { authorization: `Bearer ${jwt}`, host: 'localhost' },
  socket: { remoteAddress: '10.0.0.5' },
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    const { code, status } = error as AppError;
    return { code, status };
  }
  throw new Error('the token was accepted');
}

describe('buildAuthenticator', () => {
  it("accepts the tenant's token under either Entra issuer and each of our audiences, reading the keys once", async () => {
    const auth = authenticator({ APP_ID_URI });
    const accepted = [
      await token(),
      await token({ aud: `api://${CLIENT}` }),
      await token({ aud: APP_ID_URI }),
      await token({ iss: `https://sts.windows.net/${TENANT}/` }),
    ];
    for (const jwt of accepted)
      expect(await auth.authenticate(bearer(jwt))).toMatchObject({ userId: ADA, tenantId: TENANT, demo: false });
    expect(fetched).toEqual([keysUrl()]);
  });

  it('refuses another issuer, another audience, the app id URI when none is configured, and a token without the scope', async () => {
    const auth = authenticator();
    const refused = [
      await token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      await token({ iss: `https://sts.windows.net/${TENANT}` }),
      await token({ aud: 'bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee' }),
      await token({ aud: APP_ID_URI }),
      await token({ scp: 'User.Read' }),
    ];
    for (const jwt of refused)
      expect(await refusal(auth.authenticate(bearer(jwt)))).toMatchObject({ code: 'invalid_token', status: 401 });
  });

  it("ranks the caller by the config's admin rule and gives the demo identity only in demo mode, at its tier", async () => {
    expect(await authenticator().authenticate(bearer(await token()))).toMatchObject({ tier: 'Admin', isAdmin: true });
    expect(await authenticator().authenticate(bearer(await token({ oid: BEN })))).toMatchObject({
      userId: BEN,
      tier: null,
      isAdmin: false,
    });
    const local = { headers: { host: 'localhost' }, socket: { remoteAddress: '127.0.0.1' } };
    expect(await refusal(authenticator().authenticate(local))).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(await authenticator({ DEMO_TIER: 'Viewer' }, false).authenticate(local)).toMatchObject({
      demo: true,
      name: 'Local demo viewer',
      tier: 'Viewer',
    });
  });

  it('gives a loopback request without a token, in demo mode by default, the identity the bench and the Ask tests use', async () => {
    const local = { headers: { host: 'localhost' }, socket: { remoteAddress: '127.0.0.1' } };
    const demo = await authenticator({}, false).authenticate(local);
    expect(demoAdmin(TENANT)).toEqual(demo);
    // The access log stores it as the viewer: another id would split the demo identity's history in two.
    expect(demo).toMatchObject({
      userId: '00000000-0000-0000-0000-00000000de00',
      name: 'Local demo admin',
      isAdmin: true,
    });
  });

  it('hands out the key set it checks tokens with, for the bot and the notification checks', async () => {
    const auth = authenticator();
    const { payload } = await jwtVerify(await token(), auth.signingKeys!, { currentDate: NOW });
    expect(payload.oid).toBe(ADA);
    await auth.authenticate(bearer(await token()));
    expect(fetched).toEqual([keysUrl()]);
  });
});

describe('tenantSigningKeys', () => {
  it("fetches the tenant's discovery keys through the fetch handed in, whatever trailing slashes the host has", async () => {
    const keys = tenantSigningKeys(`${origin}///`, TENANT, countingFetch);
    const { payload } = await jwtVerify(await token(), keys, { currentDate: NOW });
    expect(payload.tid).toBe(TENANT);
    expect(fetched).toEqual([keysUrl()]);
  });

  it('keeps the keys for six hours before fetching them again', async () => {
    const keys = tenantSigningKeys(origin, TENANT, countingFetch);
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await jwtVerify(await token(), keys, { currentDate: NOW });
    clock.mockReturnValue(start + 5.9 * HOUR);
    await jwtVerify(await token(), keys, { currentDate: NOW });
    expect(fetched).toHaveLength(1);
    clock.mockReturnValue(start + 6.1 * HOUR);
    await jwtVerify(await token(), keys, { currentDate: NOW });
    expect(fetched).toHaveLength(2);
  });
});
