import { hostname } from 'node:os';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../server/appContext';
import { unauthorized } from '../server/errors';
import { createBotAdapter, type BotAdapter } from './botAdapter';
import { createBotContext } from './botContext';
import { DEMO_CALLER_KEY, ObservatoryBot } from './ObservatoryBot';
import { SummaryNotifier } from './proactive/summaryNotifier';

export interface BotRouterOptions {
  /** Another adapter (tests); default: the CloudAdapter from BOT_ID/BOT_PASSWORD/BOT_TENANT_ID. */
  adapter?: BotAdapter;
  /** Bot Framework endpoint overrides for the default adapter (local stand-ins in tests). */
  endpoints?: Record<string, string>;
  /** How often to sweep for undelivered sync summaries (0: only after this process's own runs). */
  sweepIntervalMs?: number;
}

export interface BotMount {
  router: Router;
  bot: ObservatoryBot;
  adapter: BotAdapter;
  notifier: SummaryNotifier;
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
  const bot = new ObservatoryBot(botContext);
  const notifier = new SummaryNotifier({
    store: ctx.store,
    tenantId: ctx.tenantId,
    adapter,
    logger: botContext.logger,
    now: ctx.now,
    instanceId: ctx.config.INSTANCE_ID ?? `${hostname()}:${process.pid}`,
    publicUrl: botContext.publicUrl,
  });
  notifier.start(ctx.syncControl, options.sweepIntervalMs ?? 60_000);

  const router = Router();
  router.post('/', (req: Request, res: Response, next: NextFunction) => {
    if (adapter.authenticated) {
      // Refused here rather than by botbuilder, which would also print the failure to the console.
      if (!req.headers.authorization) {
        next(unauthorized('Bot Framework requests carry a bearer token.'));
        return;
      }
      adapter.process(req, res, (turn) => bot.run(turn)).catch(next);
      return;
    }
    ctx.auth
      .authenticate(req)
      .then((principal) => {
        // Without a bot app id only the local demo admin may talk to the bot; a Teams SSO token is no bot token.
        if (!principal.demo) throw unauthorized('The bot accepts Bot Framework requests only (BOT_ID is not set).');
        return adapter.process(req, res, (turn) => {
          turn.turnState.set(DEMO_CALLER_KEY, principal);
          return bot.run(turn);
        });
      })
      .catch(next);
  });
  return { router, bot, adapter, notifier };
}

/** The router alone, for buildMounts. */
export const createBotRouter = (ctx: AppContext): Router => createBotMount(ctx).router;
