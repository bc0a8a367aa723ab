import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { answerToken, ask as askEngine, understand, type EngineDeps } from '../core/ask/engine';
import { MAX_TOKEN_CHARS } from '../core/ask/pageToken';
import { requireReason } from '../core/privacy/accessReason';
import { createBotContext } from '../../bot/botContext';
import type { AppContext } from '../appContext';
import { authenticateCaller, principalOf, requireTier } from '../auth/middleware';
import {
  deleteSavedQuestion,
  getSavedQuestion,
  listSavedQuestions,
  markSavedQuestionRun,
  saveQuestion,
} from '../core/bot/savedQuestions';
import { notFound, validationFailed } from '../errors';
import { jsonBody } from '../http/jsonBody';

/** Why the caller reads a person's prompts; checked by requireReason (5–500 characters once cleaned). */
const reasonField = z.string().max(2000).optional();
const askBody = z.union([
  z.object({ question: z.string().max(10_000), reason: reasonField }).strict(),
  z.object({ token: z.string().max(MAX_TOKEN_CHARS), reason: reasonField }).strict(),
]);
const runBody = z.object({ reason: reasonField }).strict();
const REASON_ASK = 'Say why you need to read these prompts, in "reason"';
const saveBody = z.object({ name: z.string().min(1).max(80), question: z.string().min(1).max(500) }).strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailed('The request body is not valid.', { issues: parsed.error.issues.length });
  return parsed.data;
}

const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/**
 * The tab's Ask box (same engine and tables as the bot) and saved questions: POST /api/ask, GET/POST
 * /api/saved-questions, DELETE /api/saved-questions/:id, POST /api/saved-questions/:id/run. Every tier.
 */
export function createAskRouter(ctx: AppContext): Router {
  const bot = createBotContext(ctx);
  const router = Router();
  // The body is read only once the caller is known to hold a tier; answers stay within it (core/ask).
  const admin = [authenticateCaller(ctx.auth), requireTier('Viewer'), ...jsonBody()];

  // A reason, when given, is checked whatever the question (a clear 400), and used only where prompt text is shown.
  const engine = (res: Response, reason: string | undefined): EngineDeps => ({
    ...bot.engine(principalOf(res), 'tab'),
    ...(reason === undefined ? {} : { reason: requireReason(reason, REASON_ASK) }),
  });

  router.post(
    '/ask',
    admin,
    handle(async (req, res) => {
      const body = parseBody(askBody, req.body);
      const deps = engine(res, body.reason);
      res.json('token' in body ? await answerToken(deps, body.token) : await askEngine(deps, body.question));
    }),
  );
  router.get(
    '/saved-questions',
    admin,
    handle(async (_req, res) => {
      res.json({ items: await listSavedQuestions(ctx.store, ctx.tenantId, principalOf(res).userId) });
    }),
  );
  router.post(
    '/saved-questions',
    admin,
    handle(async (req, res) => {
      const body = parseBody(saveBody, req.body);
      const parsed = await understand(bot.engine(principalOf(res), 'tab'), body.question);
      if (parsed.type !== 'query' || parsed.query.type === 'reply')
        throw validationFailed('That question cannot be answered, so it was not saved.');
      const saved = await saveQuestion(
        ctx.store,
        { tenantId: ctx.tenantId, ownerId: principalOf(res).userId, name: body.name, question: body.question },
        ctx.now(),
      );
      res.status(201).json(saved);
    }),
  );
  router.delete(
    '/saved-questions/:id',
    admin,
    handle(async (req, res) => {
      const deleted = await deleteSavedQuestion(
        ctx.store,
        ctx.tenantId,
        principalOf(res).userId,
        String(req.params.id),
      );
      if (!deleted) throw notFound('Saved question');
      res.status(204).end();
    }),
  );
  router.post(
    '/saved-questions/:id/run',
    admin,
    handle(async (req, res) => {
      const body = parseBody(runBody, req.body ?? {});
      const saved = await getSavedQuestion(ctx.store, ctx.tenantId, principalOf(res).userId, String(req.params.id));
      const deps = engine(res, body.reason);
      await markSavedQuestionRun(ctx.store, saved.id, ctx.now());
      res.json(await askEngine(deps, saved.question));
    }),
  );
  return router;
}
