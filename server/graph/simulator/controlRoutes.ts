import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { createConsentControlRouter } from './consentRoutes';
import { FAULT_PRESETS, type FaultOptions } from './faults';
import type { AiInteraction } from '../types';
import type { SimulatorContext } from './simulatorContext';
import type { ActivityEdit } from './syntheticTenant';
import { createSubscriptionControlRouter } from './subscriptionsRoute';

/**
 * The simulator's own control API under `/_simulator/` (not Graph): ground truth, summary, new activity,
 * stats and faults, for tests and the live demo. No auth, so it answers loopback callers only.
 */
const rate = z.number().min(0).max(1).optional();
const faultSchema = z
  .object({
    preset: z
      .enum(Object.keys(FAULT_PRESETS) as [keyof typeof FAULT_PRESETS, ...(keyof typeof FAULT_PRESETS)[]])
      .optional(),
    seed: z.number().int().optional(),
    throttleStormRate: rate,
    stormRequests: z.number().int().min(1).max(10_000).optional(),
    stormRetryAfterSeconds: z.number().min(0.001).max(600).optional(),
    serverErrorRate: rate,
    dropConnectionRate: rate,
    slowPageRate: rate,
    slowPageMs: z.number().int().min(0).max(120_000).optional(),
    malformedPageRate: rate,
    failNextLinkOnceRate: rate,
    rejectDateFilterForUsers: z.array(z.string()).optional(),
    fractionalRetryAfter: z.boolean().optional(),
    maxFaultsPerUrl: z.number().int().min(0).max(100).optional(),
    includeTokenEndpoint: z.boolean().optional(),
    tokenOutage: z
      .object({
        requests: z.number().int().min(0).max(10_000),
        status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
        retryAfterSeconds: z.number().int().min(0).max(3_600).optional(),
        retryAfterAsDate: z.boolean().optional(),
        body: z.enum(['aadsts', 'oauth', 'html']).optional(),
      })
      .strict()
      .optional(),
    urlVariantRate: rate,
    foreignNextLinks: z
      .object({ origin: z.url(), userIds: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();
const linkSchema = z.union([
  z.string().min(1).max(4_000),
  z
    .object({
      linkUrl: z.string().min(1).max(4_000),
      displayName: z.string().max(500).nullable().optional(),
      linkType: z.string().max(100).nullable().optional(),
    })
    .strict(),
]);
const attachmentSchema = z
  .object({
    attachmentId: z.string().max(200).nullable().optional(),
    contentType: z.string().max(200).nullable().optional(),
    contentUrl: z.string().max(4_000).nullable().optional(),
    content: z.unknown().optional(),
    name: z.string().max(500).nullable().optional(),
  })
  .strict();
/** Given turns, word for word: what a test needs to inject exact text and score what the app finds in it. */
const turnSchema = z
  .object({
    prompt: z.string().max(100_000),
    response: z.string().max(100_000).optional(),
    links: z.array(linkSchema).max(50).optional(),
    attachments: z.array(attachmentSchema).max(20).optional(),
  })
  .strict();
const activitySchema = z
  .object({
    userId: z.string().min(1).optional(),
    sessions: z.number().int().min(1).max(50).optional(),
    appClass: z.string().min(1).max(200).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    turns: z.array(turnSchema).min(1).max(100).optional(),
  })
  .strict()
  .refine((a) => !a.turns || (a.userId && a.sessions === undefined), {
    message: 'turns need a userId, and come instead of sessions',
  });

/** An edit of added activity: new text, new cited links (replacing the old), or both. */
const editSchema = z
  .object({ content: z.string().min(1).max(100_000).optional(), links: z.array(linkSchema).max(50).optional() })
  .strict()
  .refine((e) => e.content !== undefined || e.links !== undefined, { message: 'give content, links or both' });

const userTokenSchema = z
  .object({
    userId: z.string().min(1).max(100),
    name: z.string().max(200).nullable().optional(),
    upn: z.string().max(200).nullable().optional(),
    roles: z.array(z.string().max(200)).max(50).optional(),
    groups: z.array(z.string().max(100)).max(200).optional(),
    scopes: z.array(z.string().max(100)).max(20).optional(),
    audience: z.string().max(300).optional(),
    issuer: z.string().max(300).optional(),
    tenantId: z.string().max(100).optional(),
    lifetimeSeconds: z.number().int().min(-86_400).max(86_400).optional(),
  })
  .strict();

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The `/_simulator` router (mounted by createSimulatorApp). */
export function createControlRouter(ctx: SimulatorContext): Router {
  const router = express.Router();
  router.use((req, res, next) => (LOOPBACK.has(req.socket.remoteAddress ?? '') ? next() : res.status(404).end()));
  router.use(express.json({ limit: '2mb' }));

  router.use('/consent', createConsentControlRouter(ctx));
  router.use('/subscriptions', createSubscriptionControlRouter(ctx));
  router.get('/ground-truth', (req, res, next) => streamGroundTruth(ctx, req, res).catch(next));
  router.get('/summary', (_req, res) => res.json(ctx.tenant.summary()));
  router.get('/tenant', (_req, res) => res.json(tenantInfo(ctx)));
  router.get('/stats', (_req, res) => res.json(ctx.stats.snapshot()));
  router.post('/stats/reset', (_req, res) => {
    ctx.stats.reset();
    res.status(204).end();
  });
  router.get('/faults', (_req, res) => res.json(ctx.faults.options));
  router.put('/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { preset, ...explicit } = parsed.data;
    const options: FaultOptions = { ...(preset ? FAULT_PRESETS[preset] : {}), ...explicit };
    ctx.faults.configure(options);
    ctx.logger.info({ faults: options }, 'Graph simulator faults changed.');
    res.json(ctx.faults.options);
  });
  // A Teams SSO token for a directory user, as `authentication.getAuthToken()` would hand the tab.
  router.post('/tokens/user', (req, res, next) => {
    const parsed = userTokenSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    ctx.ssoTokens
      .issue(ctx.origin(), parsed.data)
      .then((token) => res.status(201).json({ token }))
      .catch(next);
  });
  router.post('/activity', (req, res) => {
    const parsed = activitySchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { at, turns, ...rest } = parsed.data;
    const when = at ? new Date(at) : ctx.now();
    let added;
    try {
      added = turns
        ? ctx.tenant.addGivenActivity({ userId: rest.userId!, appClass: rest.appClass, at: when, turns })
        : ctx.tenant.addActivity({ ...rest, at: when });
    } catch (error) {
      return res.status(404).json({ error: { code: 'not_found', message: (error as Error).message } });
    }
    const userId = added.find((i) => i.interactionType === 'userPrompt')?.from.user?.id ?? null;
    // Subscribers hear of it as Graph would tell them: asynchronously, after the activity exists.
    void ctx.subscriptions.deliver(added);
    res
      .status(201)
      .json({ userId, count: added.length, ids: added.map((i) => i.id), turns: turnIds(added), interactions: added });
  });
  // Graph's `updated` and `deleted` for activity added above: a new body text or new cited links (new etag), or the
  // interaction gone.
  router.patch('/activity/:userId/:interactionId', (req, res) => {
    const parsed = editSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    changeActivity(ctx, req, res, parsed.data);
  });
  router.delete('/activity/:userId/:interactionId', (req, res) => changeActivity(ctx, req, res, 'delete'));
  return router;
}

function changeActivity(ctx: SimulatorContext, req: Request, res: Response, change: ActivityEdit | 'delete'): void {
  let changed: AiInteraction;
  try {
    changed = ctx.tenant.changeAddedActivity(String(req.params.userId), String(req.params.interactionId), change);
  } catch (error) {
    res.status(404).json({ error: { code: 'not_found', message: (error as Error).message } });
    return;
  }
  void ctx.subscriptions.deliver([changed], change === 'delete' ? 'deleted' : 'updated');
  res.json({ changeType: change === 'delete' ? 'deleted' : 'updated', interaction: changed });
}

/** Per turn (request id): the Graph ids of its prompt and answer, and the session they belong to. */
function turnIds(
  added: AiInteraction[],
): { requestId: string | null; sessionId: string; promptId: string | null; responseId: string | null }[] {
  const byRequest = new Map<
    string,
    { requestId: string | null; sessionId: string; promptId: string | null; responseId: string | null }
  >();
  for (const i of added) {
    const key = i.requestId ?? i.id;
    const row = byRequest.get(key) ?? {
      requestId: i.requestId ?? null,
      sessionId: i.sessionId,
      promptId: null,
      responseId: null,
    };
    if (i.interactionType === 'userPrompt') row.promptId = i.id;
    else row.responseId = i.id;
    byRequest.set(key, row);
  }
  return [...byRequest.values()];
}

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: { code: 'validation_failed', message: z.prettifyError(error) } });
}

function tenantInfo(ctx: SimulatorContext): Record<string, unknown> {
  const t = ctx.tenant;
  return {
    tenantId: t.tenantId,
    domain: t.domain,
    clientId: t.app.clientId,
    clientSecret: t.app.clientSecret,
    expiredSecret: t.expiredSecret,
    referenceTime: t.referenceTime.toISOString(),
    historyDays: t.historyDays,
    users: t.users.length,
    origin: ctx.origin(),
  };
}

/**
 * Streams the ground truth as JSON lines (default) or a JSON array, in chunks with back-pressure, so a
 * million rows never become one string. `fields=full` sends whole interactions instead of their keys.
 */
async function streamGroundTruth(ctx: SimulatorContext, req: Request, res: Response): Promise<void> {
  const after = parseDate(req.query.after);
  const before = parseDate(req.query.before);
  if (after === null || before === null) {
    res
      .status(400)
      .json({ error: { code: 'validation_failed', message: 'after and before must be ISO-8601 date-times.' } });
    return;
  }
  const asArray = req.query.format === 'json';
  const full = req.query.fields === 'full';
  res.setHeader('Content-Type', asArray ? 'application/json; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  let chunk = asArray ? '[' : '';
  let first = true;
  for (const { userId, interaction: i, riskLabels } of ctx.tenant.groundTruth({ after, before })) {
    const row = full
      ? { userId, interaction: i, ...(riskLabels ? { riskLabels } : {}) }
      : {
          userId,
          id: i.id,
          createdDateTime: i.createdDateTime,
          appClass: i.appClass,
          sessionId: i.sessionId,
          requestId: i.requestId,
          interactionType: i.interactionType,
          ...(riskLabels ? { riskLabels } : {}),
        };
    chunk += asArray ? `${first ? '' : ','}${JSON.stringify(row)}` : `${JSON.stringify(row)}\n`;
    first = false;
    if (chunk.length >= 64 * 1024) {
      // Wait for the socket when it is full, and yield either way so Graph requests keep flowing meanwhile.
      if (!res.write(chunk)) await drainOrClose(res);
      else await new Promise((resolve) => setImmediate(resolve));
      chunk = '';
      if (res.destroyed) return;
    }
  }
  res.end(asArray ? `${chunk}]` : chunk);
}

function drainOrClose(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function parseDate(value: unknown): Date | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
