import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT } from 'jose';
import { createBotMount } from '../../bot/botRouter';
import { createApp } from '../../server/createApp';
import { startAppHarness, type AppHarness } from '../support/appHarness';

describe('POST /api/messages in demo mode (no BOT_ID)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, seed: 5 });
  });
  afterAll(() => h.close());

  const activity = (text: string) => ({
    type: 'message',
    id: 'a1',
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: 'demo-user', name: 'Demo' },
    recipient: { id: 'bot', name: 'Copilot Observatory' },
    conversation: { id: 'demo-conversation', conversationType: 'personal' },
  });

  it('answers a loopback request as the demo admin, with the replies in the HTTP response', async () => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('how many users per app in the last 30 days')),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      activities: Array<{ attachments: Array<{ content: { body: Array<{ text?: string }> } }> }>;
    };
    const card = body.activities[0]!.attachments[0]!.content;
    expect(card.body[0]!.text).toMatch(/leads the last 30 days/);
  });
});

describe('POST /api/messages with BOT_ID configured (single-tenant Bot Framework auth)', () => {
  const BOT_ID = '5b0c0b0c-0000-4000-8000-00000000b011';
  let h: AppHarness;
  let keys: { server: Server; url: string };
  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 5,
      seed: 6,
      sync: false,
      env: { BOT_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: '7e570000-0000-4000-8000-000000000001' },
    });
    // A stand-in for Bot Framework's OpenID metadata with a key set the forger does not hold.
    const published = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const app = express();
    app.get('/openid', (_req, res) => {
      res.json({ issuer: 'https://api.botframework.com', jwks_uri: `${keys.url}/keys` });
    });
    app.get('/keys', (_req, res) => {
      res.json({ keys: [{ ...published, kid: 'bf-key', use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    keys = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => keys.server.close(() => resolve()));
  });

  const post = (baseUrl: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        type: 'message',
        text: 'top 10 users this week',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        deliveryMode: 'expectReplies',
        from: { id: '29:x', aadObjectId: '0a0a0a0a-0000-4000-8000-000000000001' },
        recipient: { id: `28:${BOT_ID}` },
        conversation: { id: 'a:1', conversationType: 'personal' },
      }),
    });

  async function forgedToken(): Promise<string> {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: 'https://smba.trafficmanager.net/emea/' })
      .setProtectedHeader({ alg: 'RS256', kid: 'bf-key', typ: 'JWT' })
      .setIssuer('https://api.botframework.com')
      .setAudience(BOT_ID)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
  }

  it('refuses a request without a token (401), even from localhost', async () => {
    const response = await post(h.baseUrl);
    expect(response.status).toBe(401);
  });

  it('refuses a token signed with a key Bot Framework never published (401)', async () => {
    const mount = createBotMount(h.ctx, {
      sweepIntervalMs: 0,
      endpoints: { ToBotFromChannelOpenIdMetadataUrl: `${keys.url}/openid` },
    });
    const app = createApp(h.ctx, [{ path: '/api/messages', router: mount.router }]);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await post(url, { authorization: `Bearer ${await forgedToken()}` })).status).toBe(401);
      expect((await post(url, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
      expect((await post(url)).status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
