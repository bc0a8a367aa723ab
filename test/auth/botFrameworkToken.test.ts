import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { createBotMount } from '../../bot/botRouter';
import { createApp } from '../../server/createApp';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import {
  channelToken as signedChannelToken,
  closeServer,
  listen,
  startBotFrameworkStandIn,
} from '../support/botFrameworkStandIn';
import { captureLogs } from '../support/logCapture';

const BOT_ID = '5b0c0b0c-0000-4000-8000-00000000b012';
const SERVICE_URL = 'http://127.0.0.1:9/teams/';

const activity = (type: unknown = 'message') => ({
  type,
  id: 'a1',
  text: 'help',
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  deliveryMode: 'expectReplies',
  from: { id: '29:x', aadObjectId: '0a0a0a0a-0000-4000-8000-000000000001' },
  recipient: { id: `28:${BOT_ID}` },
  conversation: { id: 'a:1', conversationType: 'personal' },
});

/**
 * POST /api/messages with BOT_ID: Bot Framework's OpenID metadata and keys stood in for on 127.0.0.1 (a key set whose
 * private half this test holds), so a correctly signed token is accepted — the control that shows a refusal below is
 * the signature's, not a misconfigured issuer, audience or endorsement.
 */
describe('Bot Framework tokens on POST /api/messages', () => {
  let h: AppHarness;
  let botFramework: Awaited<ReturnType<typeof startBotFrameworkStandIn>>;
  const capture = captureLogs();
  const lines = capture.lines;
  const apps: Array<{ server: Server; url: string }> = [];

  /** The app with only the bot mounted, its metadata at the stand-in (or `openIdUrl`), logging into `lines`. */
  async function botApp(openIdUrl = botFramework.openIdUrl): Promise<string> {
    const ctx = { ...h.ctx, logger: capture.logger };
    const mount = createBotMount(ctx, {
      sweepIntervalMs: 0,
      endpoints: {
        ...botFramework.endpoints,
        ToBotFromChannelOpenIdMetadataUrl: openIdUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: openIdUrl,
      },
    });
    const running = await listen(createApp(ctx, [{ path: '/api/messages', router: mount.router }]));
    apps.push(running);
    return running.url;
  }

  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 5,
      seed: 7,
      sync: false,
      env: { BOT_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: '7e570000-0000-4000-8000-000000000001' },
    });
    botFramework = await startBotFrameworkStandIn(['msteams']);
  });
  afterAll(async () => {
    for (const app of apps) await closeServer(app.server);
    await botFramework.close();
    await h.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const channelToken = (key = botFramework.signingKey) => signedChannelToken(key, BOT_ID, SERVICE_URL);
  const foreignKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  const post = (url: string, body: unknown, token?: string) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('accepts a correctly signed token and refuses the same token with another signature (401 JSON)', async () => {
    const url = await botApp();
    const genuine = await channelToken();
    const accepted = await post(url, activity(), genuine);
    expect(accepted.status).toBe(200);
    const replies = (await accepted.json()) as { activities: Array<{ text?: string }> };
    expect(replies.activities.length).toBeGreaterThan(0);

    // Same header and claims, byte for byte; only the signature is another key's.
    const [header, payload] = genuine.split('.');
    const signature = (await channelToken(foreignKey())).split('.')[2];
    const forged = `${header}.${payload}.${signature}`;
    expect(forged).not.toBe(genuine);
    const refused = await post(url, activity(), forged);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    const warned = lines.filter((l) => l.msg === 'Sign-in failed.');
    expect(warned.map((l) => [l.level, l.reason, l.path])).toEqual([[40, 'invalid_token', '/api/messages']]);
    expect(JSON.stringify(lines)).not.toContain(signature);
  });

  it("passes the bot's own answers through once a turn has started (an invoke it does not handle: 501)", async () => {
    const url = await botApp();
    const invoke = { ...activity('invoke'), name: 'unknown/invoke', deliveryMode: undefined };
    const answer = await post(url, invoke, await channelToken());
    expect(answer.status).toBe(501);
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('answers junk bodies with a bogus bearer with 4xx JSON and at most a warn line, never an error or a stack', async () => {
    const url = await botApp();
    const rs256Shaped = await channelToken(foreignKey());
    for (const token of ['bogus', 'a.b.c', rs256Shaped])
      for (const body of [
        '{}',
        '{"type":123}',
        '[]',
        'null',
        '"text"',
        '{no',
        JSON.stringify({ ...activity(), serviceUrl: 5 }),
        JSON.stringify({ type: 'message' }),
        JSON.stringify({ ...activity(), conversation: {} }),
      ]) {
        const answer = await post(url, body, token);
        expect({ token: token.slice(0, 8), body, status: answer.status }).toEqual({
          token: token.slice(0, 8),
          body,
          status: expect.any(Number),
        });
        expect({ body, status: answer.status >= 400 && answer.status < 500 }).toEqual({ body, status: true });
        expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      }
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\n\s+at /);
  });

  it('refuses an alg=none token with 401 JSON before any network call, even when the key service is down', async () => {
    const url = await botApp('http://127.0.0.1:9/openid');
    const none = (claims: object) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify(claims),
      ).toString('base64url')}.`;
    const unsigned = none({ iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: SERVICE_URL });
    for (const token of [unsigned, `${unsigned}x`, unsigned.slice(0, -1)]) {
      const answer = await post(url, activity(), token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    }
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
