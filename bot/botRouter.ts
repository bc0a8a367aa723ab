import { hostname } from 'node:os';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../server/appContext';
import type { Principal } from '../server/auth/principal';
import {
  botReply,
  requireActivity,
  requireBotFrameworkBearer,
  requireDemoCaller,
  undeliveredReplies,
} from '../server/http/botRequest';
import { jsonBody } from '../server/http/jsonBody';
import { AnswerDelivery } from './answerDelivery';
import { createBotAdapter, type BotAdapter } from './botAdapter';
import { createBotContext } from './botContext';
import { DEMO_CALLER_KEY, ObservatoryBot } from './ObservatoryBot';
import { RiskAlertNotifier } from './proactive/riskAlertNotifier';
import { SummaryNotifier } from './proactive/summaryNotifier';

export interface BotRouterOptions {
  /** Another adapter (tests); default: the CloudAdapter from BOT_ID/BOT_PASSWORD/BOT_TENANT_ID. */
  adapter?: BotAdapter;
  /** Bot Framework endpoint overrides for the default adapter (local stand-ins in tests). */
  endpoints?: Record<string, string>;
  /** How often to sweep for undelivered sync summaries and risk alerts (0: only after this process's own runs). */
  sweepIntervalMs?: number;
}

export interface BotMount {
  router: Router;
  bot: ObservatoryBot;
  adapter: BotAdapter;
  notifier: SummaryNotifier;
  alerts: RiskAlertNotifier;
}

/**
 * POST /api/messages. With BOT_ID the Bot Framework authenticates every request (no or forged token: 401). Without
 * one (local demo) only a direct loopback request in demo mode is served, as the demo admin: try it over plain
 * HTTP with `deliveryMode: "expectReplies"` and the replies come back in the response.
 */
export function createBotMount(ctx: AppContext, options: BotRouterOptions = {}): BotMount {
  const botContext = createBotContext(ctx);
  const adapter =
    options.adapter ??
    createBotAdapter({
      appId: ctx.config.BOT_ID,
      appPassword: ctx.config.BOT_PASSWORD,
      tenantId: ctx.config.BOT_TENANT_ID ?? ctx.config.TENANT_ID ?? ctx.tenantId,
      endpoints: options.endpoints,
      logger: botContext.logger,
    });
  const delivery = new AnswerDelivery({
    store: ctx.store,
    tenantId: ctx.tenantId,
    adapter,
    logger: botContext.logger,
    now: ctx.now,
  });
  const bot = new ObservatoryBot(botContext, delivery);
  const proactive = {
    store: ctx.store,
    tenantId: ctx.tenantId,
    adapter,
    logger: botContext.logger,
    now: ctx.now,
    instanceId: ctx.config.INSTANCE_ID ?? `${hostname()}:${process.pid}`,
    publicUrl: botContext.publicUrl,
  };
  const notifier = new SummaryNotifier(proactive);
  notifier.start(ctx.syncControl, options.sweepIntervalMs ?? 60_000);
  const alerts = new RiskAlertNotifier({
    ...proactive,
    rule: {
      minSeverity: ctx.config.RISK_ALERT_MIN_SEVERITY,
      maxAgeMs: ctx.config.RISK_ALERT_MAX_AGE_HOURS * 3_600_000,
    },
  });
  alerts.start(ctx.syncControl, options.sweepIntervalMs ?? 60_000);

  const router = Router();
  // Token shape (or the demo caller) first, then the body, then botbuilder: see server/http/botRequest.ts.
  router.post(
    '/',
    adapter.authenticated ? requireBotFrameworkBearer() : requireDemoCaller(ctx.auth),
    ...jsonBody(),
    requireActivity(),
    (req: Request, res: Response, next: NextFunction) => {
      const demoCaller = res.locals.principal as Principal | undefined;
      const reply = botReply(res, next);
      adapter
        .process(req, reply.response, (turn) => {
          reply.turnStarted();
          if (demoCaller) turn.turnState.set(DEMO_CALLER_KEY, demoCaller);
          return bot.run(turn);
        })
        // Replies that could not reach the conversation's connector: said as such (502), the cause logged.
        .catch((error: unknown) => next((reply.started() && undeliveredReplies(error)) || error));
    },
  );
  return { router, bot, adapter, notifier, alerts };
}

/** The router alone, for buildMounts. */
export const createBotRouter = (ctx: AppContext): Router => createBotMount(ctx).router;
