import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, ConversationParameters } from 'botbuilder';
import express from 'express';

/**
 * A stand-in for the Bot Connector service on 127.0.0.1: records every posted activity and every conversation the
 * bot opens; answers 403 for conversations the bot left, 500 to those that are `down`, 503 "retry after 0 ms" to
 * those that are `busy`, and refuses to open a personal chat with a member listed in `unreachable` (as Teams does
 * when the app is not installed for that person).
 */
export async function startConnector() {
  const posts: Array<{ conversationId: string; activity: Activity }> = [];
  const created: Array<{ conversationId: string; parameters: ConversationParameters }> = [];
  const requests: string[] = [];
  const gone = new Set<string>();
  const down = new Set<string>();
  const busy = new Set<string>();
  const unreachable = new Set<string>();
  const app = express();
  app.use(express.json());
  app.post('/v3/conversations', (req, res) => {
    const parameters = req.body as ConversationParameters;
    const member = parameters.members?.[0]?.id ?? '';
    if (parameters.isGroup || !member || unreachable.has(member)) {
      res.status(403).json({ error: { code: 'Forbidden', message: 'The bot cannot start a chat with this user.' } });
      return;
    }
    const conversationId = `a:personal-${member}`;
    created.push({ conversationId, parameters });
    res.status(201).json({ id: conversationId });
  });
  app.post(['/v3/conversations/:id/activities', '/v3/conversations/:id/activities/:replyTo'], (req, res) => {
    const conversationId = decodeURIComponent(String(req.params.id));
    requests.push(conversationId);
    if (down.has(conversationId)) {
      res.status(500).json({ error: { code: 'ServiceError', message: 'Internal server error.' } });
      return;
    }
    if (busy.has(conversationId)) {
      res.status(503).set('retry-after-ms', '0');
      res.json({ error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } });
      return;
    }
    if (gone.has(conversationId)) {
      res.status(403).json({
        error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
      });
      return;
    }
    posts.push({ conversationId, activity: req.body as Activity });
    res.status(201).json({ id: `m${posts.length}` });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    posts,
    created,
    requests,
    gone,
    down,
    busy,
    unreachable,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ConnectorStandIn = Awaited<ReturnType<typeof startConnector>>;
