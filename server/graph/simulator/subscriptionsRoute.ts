import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { invalidTokenMessage } from './accessTokens';
import { graphErrorBody, requestOrigin, sendGraphError, sendGraphJson } from './graphResponses';
import type { SimulatorContext } from './simulatorContext';
import type { LifecycleEvent, SimSubscription } from './subscriptionHub';
import { SubscriptionError } from './subscriptionRules';

const SUBSCRIPTIONS = /^\/(?<version>v1\.0|beta)\/subscriptions\/?$/i;
const SUBSCRIPTION = /^\/(?<version>v1\.0|beta)\/subscriptions\/(?<id>[^/]+)\/?$/i;
const REAUTHORIZE = /^\/(?<version>v1\.0|beta)\/subscriptions\/(?<id>[^/]+)\/reauthorize\/?$/i;
const READ_ROLE = 'AiEnterpriseInteraction.Read.All';
const count = z.number().int().min(0).max(10_000).optional();
const ms = (max: number) => z.number().int().min(0).max(max).optional();
const deliveryFaultsSchema = z
  .object({
    lose: count,
    duplicate: count,
    corruptSignature: count,
    outOfOrder: count,
    delay: count,
    unreachable: count,
    /** How late a delayed (or held back) delivery goes out. */
    delayMs: ms(600_000),
    retry: z
      .object({ firstDelayMs: ms(3_600_000), maxDelayMs: ms(3_600_000), windowMs: ms(24 * 3_600_000) })
      .strict()
      .optional(),
  })
  .strict();
const LIFECYCLE_EVENTS = new Set<LifecycleEvent>(['reauthorizationRequired', 'subscriptionRemoved', 'missed']);

/** Graph's `/subscriptions` for Copilot interactions: POST, GET, GET/PATCH/DELETE by id. */
export function createSubscriptionsRouter(ctx: SimulatorContext): Router {
  const router = express.Router();
  router.use(/^\/(v1\.0|beta)\/subscriptions/i, express.json({ limit: '1mb' }));
  router.all(/^\/(v1\.0|beta)\/subscriptions(\/[^/]+(\/reauthorize)?)?\/?$/i, (req, res) => {
    handle(ctx, req, res).catch((error: unknown) => fail(ctx, res, error));
  });
  return router;
}

async function handle(ctx: SimulatorContext, req: Request, res: Response): Promise<void> {
  const appId = authorize(ctx, req, res);
  if (!appId) return;
  const hub = ctx.subscriptions;
  const origin = requestOrigin(req, ctx.origin());
  const byId = SUBSCRIPTION.exec(req.path)?.groups?.id;
  const reauthorize = REAUTHORIZE.exec(req.path)?.groups?.id;
  if (reauthorize && req.method === 'POST') {
    hub.reauthorize(reauthorize, appId);
    res.status(204).end();
    return;
  }
  if (SUBSCRIPTIONS.test(req.path) && req.method === 'POST') {
    const created = await hub.create(req.body, appId, ctx.servicePrincipalId);
    return sendGraphJson(res, 201, present(created, origin));
  }
  if (SUBSCRIPTIONS.test(req.path) && req.method === 'GET') {
    return sendGraphJson(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#subscriptions`,
      value: hub.list(appId).map((s) => present(s)),
    });
  }
  if (byId && req.method === 'GET') return sendGraphJson(res, 200, present(hub.get(byId, appId), origin));
  if (byId && req.method === 'PATCH')
    return sendGraphJson(res, 200, present(hub.update(byId, req.body, appId), origin));
  if (byId && req.method === 'DELETE') {
    hub.delete(byId, appId);
    res.status(204).end();
    return;
  }
  sendGraphError(res, ctx.now(), 405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.');
}

/** Bearer token (401) and the resource's application permission (403), as for the export API. */
function authorize(ctx: SimulatorContext, req: Request, res: Response): string | null {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  const check = ctx.tokens.verify(auth?.[1]);
  if (!check.ok) {
    sendGraphError(res, ctx.now(), 401, 'InvalidAuthenticationToken', invalidTokenMessage(check.reason));
    return null;
  }
  if (!(check.claims.roles ?? []).includes(READ_ROLE)) {
    sendGraphError(
      res,
      ctx.now(),
      403,
      'ExtensionError',
      'Operation: Create; Exception: [Status Code: Forbidden; Reason: Caller does not have access to this resource.]',
    );
    return null;
  }
  return check.claims.appid;
}

/** Graph's subscription JSON: the certificate is not echoed back. */
function present(s: SimSubscription, origin?: string): Record<string, unknown> {
  const { encryptionCertificate: _certificate, ...rest } = s;
  return {
    ...(origin ? { '@odata.context': `${origin}/v1.0/$metadata#subscriptions/$entity` } : {}),
    ...rest,
    notificationQueryOptions: null,
    notificationUrlAppId: null,
  };
}

function fail(ctx: SimulatorContext, res: Response, error: unknown): void {
  if (res.headersSent) return;
  if (error instanceof SubscriptionError) {
    sendGraphJson(res, error.status, graphErrorBody(res, ctx.now(), error.code, error.message));
    return;
  }
  ctx.logger.error({ err: error }, 'Graph simulator subscription request failed.');
  sendGraphError(res, ctx.now(), 500, 'generalException', 'An internal server error occurred.');
}

/** `/_simulator/subscriptions`: every subscription with the deliveries made, and lifecycle events on demand. */
export function createSubscriptionControlRouter(ctx: SimulatorContext): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json({
      subscriptions: ctx.subscriptions.live().map((s) => present(s)),
      deliveries: ctx.subscriptions.deliveries,
      reauthorizations: ctx.subscriptions.reauthorizations,
    });
  });
  // Faults for the next deliveries, e.g. {"lose": 1} or {"outOfOrder": 1, "delayMs": 2000}, and the retry policy.
  router.put('/faults', (req, res) => {
    const parsed = deliveryFaultsSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({
        error: { code: 'validation_failed', message: `${issue?.path.join('.') || 'body'}: ${issue?.message}` },
      });
      return;
    }
    const { delayMs, retry, ...counts } = parsed.data;
    const delivery = ctx.subscriptions.delivery;
    Object.assign(delivery.faults, counts);
    if (delayMs !== undefined) delivery.delayMs = delayMs;
    if (retry) delivery.retry = { ...delivery.retry, ...retry };
    res.json({ ...delivery.faults, delayMs: delivery.delayMs, retry: delivery.retry });
  });
  router.post('/:id/lifecycle', (req, res) => {
    const event = (req.body as { event?: unknown } | undefined)?.event;
    if (typeof event !== 'string' || !LIFECYCLE_EVENTS.has(event as LifecycleEvent)) {
      res.status(400).json({
        error: {
          code: 'validation_failed',
          message: 'event must be reauthorizationRequired, subscriptionRemoved or missed.',
        },
      });
      return;
    }
    ctx.subscriptions
      .lifecycle(String(req.params.id), event as LifecycleEvent)
      .then((record) => res.status(202).json(record))
      .catch((error: unknown) => {
        const status = error instanceof SubscriptionError ? error.status : 500;
        res.status(status).json({ error: { code: 'lifecycle_failed', message: (error as Error).message } });
      });
  });
  return router;
}
