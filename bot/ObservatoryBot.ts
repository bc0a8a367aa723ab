import { ActivityHandler, TurnContext } from 'botbuilder';
import { say } from './replies';
import type { Principal } from '../server/auth/principal';
import { AppError } from '../server/errors';
import type { BotContext } from './botContext';
import { runCommand } from './commands';
import { conversationOf } from './conversationInfo';
import { rememberConversation, deactivateConversation } from '../server/core/bot/botConversations';
import { seenTier } from '../server/core/bot/adminSightings';
import { ranked } from '../server/auth/authenticator';
import { higherTier } from '../server/core/privacy/tiers';
import { answerQuery, answerToken, notUnderstood, understand, unreadable } from '../server/core/ask/engine';
import { distrustOf } from './activityTrust';
import type { AnswerDelivery } from './answerDelivery';
import type { AskAnswer } from '../server/core/ask/answerTypes';
import { requireReason } from '../server/core/privacy/accessReason';

/** How the bot asks for a missing or too short reason (the card's field, or typed after the question). */
const REASON_ASK = 'Say why you need to read these prompts';

/** Said to a "reason: …" typed alone: the bot keeps no pending question between messages. */
export const TYPED_REASON_HINT =
  'Type the question and the reason in one message, for example "what did Alex ask Copilot this week reason: HR ' +
  'case 1234", or answer in the card\'s Reason field.';

/**
 * A reason typed after the question, for clients without the card's field: "what did Alex ask Copilot this week
 * reason: HR case 1234". Only a trailing "reason:" counts; the question is the text before it.
 */
export function splitTypedReason(text: string): { question: string; reason?: string } {
  const at = text.search(/(?:^|\s)reason\s*:/i);
  if (at < 0) return { question: text };
  return { question: text.slice(0, at).trim(), reason: text.slice(text.indexOf(':', at) + 1) };
}

/** turnState key under which the HTTP route leaves the local demo admin (demo mode, loopback, no app id). */
export const DEMO_CALLER_KEY = Symbol('observatory.demoCaller');

const REFUSAL =
  'Copilot Observatory answers only people with one of its roles (Viewer, Analyst, Investigator or Admin). Ask your ' +
  'Teams administrator for one. If you already have one through an app role or a group, open the Copilot ' +
  'Observatory tab once: Teams does not tell bots about roles, so the bot recognises you for a day after you open ' +
  'the tab.';

const UNTRUSTED =
  'Copilot Observatory answers only in Microsoft Teams, to people in the organisation it is installed for.';

/**
 * The Teams bot: admins' questions and commands in, Adaptive Cards out; remembers where it is installed so sync
 * summaries can be posted later. Plain ActivityHandler (not TeamsActivityHandler), because the Teams handler
 * calls the connector for every added member.
 */
export class ObservatoryBot extends ActivityHandler {
  constructor(
    private readonly bot: BotContext,
    private readonly delivery: AnswerDelivery,
  ) {
    super();
    this.onMessage(async (context, next) => {
      if (await this.refusedAsUntrusted(context)) return;
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.remember(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const id = this.untrusted(context) ? null : context.activity.conversation?.id;
      if (id) await deactivateConversation(bot.store, bot.tenantId, id, 'uninstalled', bot.now());
      await next();
    });
  }

  /** Why `from` cannot be believed (not Teams, no or another tenant), or null when it can. */
  private untrusted(context: TurnContext) {
    const demo = context.turnState.get(DEMO_CALLER_KEY) !== undefined;
    // The demo route vouches for its caller itself (loopback, demo mode): there is no tenant on its activities.
    return distrustOf(context.activity, this.bot.tenantId, { requireTenant: !demo });
  }

  /** Refuses an untrusted message politely, with a warn line (no stack); answers whether it did. */
  private async refusedAsUntrusted(context: TurnContext): Promise<boolean> {
    const reason = this.untrusted(context);
    if (!reason) return false;
    const a = context.activity;
    this.bot.logger.warn(
      {
        reason,
        channelId: String(a.channelId ?? '').slice(0, 40),
        conversationType: String(a.conversation?.conversationType ?? '').slice(0, 20),
        claimedUserId: String(a.from?.aadObjectId ?? '').slice(0, 64),
      },
      'Refused a bot message that does not come from Teams in this tenant.',
    );
    await context.sendActivity(UNTRUSTED);
    return true;
  }

  /**
   * The caller as a principal: the demo admin the route vouched for, or the Entra user behind `from` — only on an
   * activity from Teams that names our tenant (see distrustOf).
   */
  callerOf(context: TurnContext): Principal | null {
    if (this.untrusted(context)) return null;
    const demo = context.turnState.get(DEMO_CALLER_KEY) as Principal | undefined;
    if (demo) return demo;
    const from = context.activity.from;
    if (!from?.aadObjectId) return null;
    // Activities carry no roles or groups claim: here only the *_USER_IDS lists can match; see adminOf for the rest.
    const base = {
      userId: from.aadObjectId,
      tenantId: this.bot.tenantId,
      name: from.name ?? null,
      upn: null,
      roles: [],
      groups: [],
      demo: false,
    };
    return ranked(base, this.bot.auth.tierOf(base));
  }

  /** Keeps where the bot is installed (Teams in our tenant only); a personal chat is kept with its person. */
  private async remember(context: TurnContext, caller?: Principal): Promise<void> {
    if (this.untrusted(context)) return;
    const conversation = conversationOf(context);
    if (!conversation) return;
    const userId = caller?.userId ?? context.activity.from?.aadObjectId ?? null;
    await rememberConversation(
      this.bot.store,
      { ...conversation, tenantId: this.bot.tenantId, userId: conversation.kind === 'personal' ? userId : null },
      this.bot.now(),
    );
  }

  /**
   * The caller with their tier when they may ask: the tab's tier rule on what the activity says (the *_USER_IDS
   * lists), or the higher tier a verified tab sign-in showed within the last day (app roles and groups); null when
   * they have none.
   */
  async adminOf(context: TurnContext): Promise<Principal | null> {
    const caller = this.callerOf(context);
    if (!caller) return null;
    if (caller.tier === 'Admin' || caller.demo) return caller.tier ? caller : null;
    const seen = await seenTier(this.bot.store, this.bot.tenantId, caller.userId, this.bot.now());
    const tier = higherTier(caller.tier, seen);
    return tier ? ranked(caller, tier) : null;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const caller = await this.adminOf(context);
    if (!caller?.tier) {
      await context.sendActivity(REFUSAL);
      return;
    }
    await this.remember(context, caller);
    const deps = this.bot.engine(caller);
    const value = context.activity.value as Record<string, unknown> | undefined;
    try {
      if (value && typeof value === 'object' && typeof value.action === 'string') {
        await this.handleSubmit(context, caller, value);
        return;
      }
      const typed = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
      const { question, reason } = splitTypedReason(typed);
      if (reason !== undefined && !question) {
        await say(context, TYPED_REASON_HINT);
        return;
      }
      if (reason !== undefined) deps.reason = requireReason(reason, REASON_ASK);
      const parsed = await understand(deps, question);
      if (parsed.type === 'command') {
        await runCommand(this.bot, this.delivery, context, caller, parsed.command, question);
        return;
      }
      // The same reply as the tab's Ask box for the same text (empty and over-long text included).
      const answer =
        parsed.type === 'query' ? await answerQuery(deps, parsed.query, question) : unreadable(question, parsed.reason);
      await this.delivery.answer(context, caller, answer);
    } catch (error) {
      // The caller's mistake, or a question too broad to answer in time ("narrow it"): said plainly.
      if (error instanceof AppError && (error.status < 500 || error.code === 'query_timeout')) {
        await say(context, error.message);
        return;
      }
      throw error;
    }
  }

  private async handleSubmit(context: TurnContext, caller: Principal, value: Record<string, unknown>): Promise<void> {
    const deps = this.bot.engine(caller);
    const send = (answer: AskAnswer) => this.delivery.answer(context, caller, answer);
    if (value.action === 'page') return send(await answerToken(deps, value.token));
    // The reason card's field arrives beside the token it carried (Teams merges inputs into the submit's data).
    if (value.action === 'reason') {
      const reason = requireReason(typeof value.reason === 'string' ? value.reason : undefined, REASON_ASK);
      return send(await answerToken({ ...deps, reason }, value.token));
    }
    if (value.action === 'ask' && typeof value.question === 'string') {
      const parsed = await understand(deps, value.question);
      if (parsed.type === 'query') return send(await answerQuery(deps, parsed.query, value.question));
      if (parsed.type === 'command')
        return runCommand(this.bot, this.delivery, context, caller, parsed.command, value.question);
    }
    if (value.action === 'save' && typeof value.question === 'string' && typeof value.name === 'string')
      return runCommand(
        this.bot,
        this.delivery,
        context,
        caller,
        { command: 'save_question', name: value.name, question: value.question },
        '',
      );
    if (value.action === 'run_saved' && typeof value.id === 'string')
      return runCommand(this.bot, this.delivery, context, caller, { command: 'run_saved', name: '', id: value.id }, '');
    return send(notUnderstood('', 'That button is not one I know. Ask again:'));
  }
}
