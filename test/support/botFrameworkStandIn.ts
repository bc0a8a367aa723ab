import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT } from 'jose';

/** Listens on 127.0.0.1 on a free port. */
export const listen = (app: express.Express): Promise<{ server: Server; url: string }> =>
  new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });

export const closeServer = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/**
 * Bot Framework's OpenID metadata and signing keys, stood in for on 127.0.0.1 with a key pair the test holds, the key
 * endorsed for `channels` (Bot Framework endorses its keys per channel: Teams, Web Chat, Direct Line…).
 */
export async function startBotFrameworkStandIn(channels: string[]) {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const published = pair.publicKey.export({ format: 'jwk' });
  const app = express();
  let url = '';
  app.get('/openid', (_req, res) => {
    res.json({ issuer: 'https://api.botframework.com', jwks_uri: `${url}/keys` });
  });
  app.get('/keys', (_req, res) => {
    res.json({ keys: [{ ...published, kid: 'bf-key', use: 'sig', alg: 'RS256', endorsements: channels }] });
  });
  const running = await listen(app);
  url = running.url;
  return {
    openIdUrl: `${url}/openid`,
    signingKey: pair.privateKey,
    /** botbuilder's endpoint settings (it takes them as a whole once one is given), pointed at this stand-in. */
    endpoints: {
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromChannelOpenIdMetadataUrl: `${url}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${url}/openid`,
      ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/login',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'http://127.0.0.1:9/oauth',
      CallerId: 'urn:botframework:azure',
    },
    close: () => closeServer(running.server),
  };
}

/** A channel-to-bot token as Bot Framework issues it, signed with `key`. */
export function channelToken(key: KeyObject, botId: string, serviceUrl: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ serviceurl: serviceUrl })
    .setProtectedHeader({ alg: 'RS256', kid: 'bf-key', typ: 'JWT' })
    .setIssuer('https://api.botframework.com')
    .setAudience(botId)
    .setIssuedAt(iat)
    .setNotBefore(iat - 60)
    .setExpirationTime(iat + 3600)
    .sign(key);
}
