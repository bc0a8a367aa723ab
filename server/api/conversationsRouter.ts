import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { principalOf } from '../auth/middleware';
import { recordAccess } from '../core/insights/accessLog';
import { requireReason } from '../core/privacy/accessReason';
import { AppError } from '../errors';
import { getConversation } from '../core/insights/conversation';
import type { ConversationMessage } from '../core/insights/types';
import { sendCsv } from './csv';
import { presentConversation } from './presenters';
import { parseQuery, q } from './queryValidation';

const conversationQuery = z.object({ format: q.format, reason: z.string().max(2000).optional() }).strict();

/**
 * Why the caller opens a conversation: the `reason` query parameter or the `X-Access-Reason` header (URL-encoded, so
 * any language fits a header). Every opening needs one, whatever the tier: it goes to the access log with the viewer.
 */
function reasonOf(query: { reason?: string }, header: string | string[] | undefined): string {
  let raw = query.reason;
  if (raw === undefined && typeof header === 'string') {
    try {
      raw = decodeURIComponent(header);
    } catch {
      throw new AppError('validation_failed', 'X-Access-Reason must be URL-encoded text.', 400);
    }
  }
  return requireReason(raw, 'Say why you are opening this conversation, in "reason" or the X-Access-Reason header');
}

/**
 * GET /conversations/:id — one conversation's transcript (prompt and response text), for Investigators and Admins,
 * with a reason. Every answer is written to the access audit log first (who saw whose conversation, when, why), so no
 * view goes unlogged.
 */
export function createConversationsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/conversations/:id', async (req, res) => {
    const query = parseQuery(conversationQuery, req.query);
    const conversation = await getConversation(ctx.store, ctx.tenantId, req.params.id);
    const reason = reasonOf(query, req.headers['x-access-reason']);
    const viewer = principalOf(res);
    await recordAccess(ctx.store, {
      tenantId: ctx.tenantId,
      at: ctx.now(),
      viewer: { userId: viewer.userId, name: viewer.name, upn: viewer.upn, demo: viewer.demo },
      subjectUserId: conversation.userId,
      subjectName: conversation.displayName,
      what: query.format === 'csv' ? 'conversation_csv' : 'conversation',
      sessionId: conversation.sessionId,
      via: 'tab',
      reason,
    });
    if (query.format === 'csv')
      return sendCsv<ConversationMessage>(
        res,
        `conversation-${conversation.id}`,
        ctx.now(),
        [
          { header: 'Time', value: (m) => m.at },
          { header: 'Type', value: (m) => m.type },
          { header: 'User', value: () => conversation.displayName },
          { header: 'App', value: () => conversation.appName },
          { header: 'Content type', value: (m) => m.contentType },
          { header: 'Content', value: (m) => m.content },
          { header: 'Data sources', value: (m) => m.dataSources.map((d) => d.url ?? d.name ?? d.key).join(' ') },
        ],
        conversation.messages,
      );
    res.json(presentConversation(conversation));
  });
  return router;
}
