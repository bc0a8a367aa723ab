import { ActivityHandler, TurnContext } from 'botbuilder';
import { say, sendAnswer } from './replies';
import type { Principal } from '../server/auth/principal';
import { AppError } from '../server/errors';
import type { BotContext } from './botContext';
import { runCommand } from './commands';
import { conversationOf } from './conversationInfo';
import { rememberConversation, deactivateConversation } from '../server/core/bot/botConversations';
import { seenAsAdmin } from '../server/core/bot/adminSightings';
import { answerQuery, answerToken, notUnderstood, understand } from './answers/askEngine';

/** turnState key under which the HTTP route leaves the local demo admin (demo mode, loopback, no app id). */
export const DEMO_CALLER_KEY = Symbol('observatory.demoCaller');

const REFUSAL =
  'Copilot Observatory answers admins only. Ask your Teams administrator to add you as a Copilot Observatory admin. ' +
  'If you already are one through the admin role or an admin group, open the Copilot Observatory tab once: Teams ' +
  'does not tell bots about roles, so the bot recognises you for a day after you open the tab.';

/**
 * The Teams bot: admins' questions and commands in, Adaptive Cards out; remembers where it is installed so sync
 * summaries can be posted later. Plain ActivityHandler (not TeamsActivityHandler), because the Teams handler
 * calls the connector for every added member.
 */
export class ObservatoryBot extends ActivityHandler {
  constructor(private readonly bot: BotContext) {
    super();
    this.onMessage(async (context, next) => {
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
      const id = context.activity.conversation?.id;
      if (id) await deactivateConversation(bot.store, bot.tenantId, id, 'uninstalled', bot.now());
      await next();
    });
  }

  /** The caller as a principal: the demo admin the route vouched for, or the Entra user behind `from`. */
  callerOf(context: TurnContext): Principal | null {
    const demo = context.turnState.get(DEMO_CALLER_KEY) as Principal | undefined;
    if (demo) return demo;
    const from = context.activity.from;
    if (!from?.aadObjectId) return null;
    const activityTenant =
      context.activity.conversation?.tenantId ??
      (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (activityTenant && activityTenant.toLowerCase() !== this.bot.tenantId.toLowerCase()) return null;
    // Activities carry no roles or groups claim: here only ADMIN_USER_IDS can match; see adminOf for the rest.
    const base = {
      userId: from.aadObjectId,
      tenantId: this.bot.tenantId,
      name: from.name ?? null,
      upn: null,
      roles: [],
      groups: [],
      demo: false,
    };
    return { ...base, isAdmin: this.bot.auth.isAdmin(base) };
  }

  private async remember(context: TurnContext): Promise<void> {
    const conversation = conversationOf(context);
    if (conversation)
      await rememberConversation(this.bot.store, { ...conversation, tenantId: this.bot.tenantId }, this.bot.now());
  }

  /**
   * The caller when they may ask: the tab's admin rule on what the activity says (ADMIN_USER_IDS), or, for an admin
   * by app role or group, a verified tab sign-in as an admin within the last day.
   */
  async adminOf(context: TurnContext): Promise<Principal | null> {
    const caller = this.callerOf(context);
    if (!caller) return null;
    if (caller.isAdmin) return caller;
    const seen = await seenAsAdmin(this.bot.store, this.bot.tenantId, caller.userId, this.bot.now());
    return seen ? { ...caller, isAdmin: true } : null;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const caller = await this.adminOf(context);
    if (!caller?.isAdmin) {
      await context.sendActivity(REFUSAL);
      return;
    }
    await this.remember(context);
    const deps = this.bot.engine(caller);
    const value = context.activity.value as Record<string, unknown> | undefined;
    try {
      if (value && typeof value === 'object' && typeof value.action === 'string') {
        await this.handleSubmit(context, caller, value);
        return;
      }
      const question = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
      const parsed = await understand(deps, question);
      if (parsed.type === 'command') {
        await runCommand(this.bot, context, caller, parsed.command, question);
        return;
      }
      const answer =
        parsed.type === 'query'
          ? await answerQuery(deps, parsed.query, question)
          : notUnderstood(
              question.slice(0, 200),
              parsed.reason === 'too_long'
                ? 'That question is too long for me (500 characters at most). Try one of these:'
                : parsed.reason === 'empty'
                  ? 'Ask me about Copilot use, for example:'
                  : undefined,
            );
      await sendAnswer(context, answer);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        await say(context, error.message);
        return;
      }
      throw error;
    }
  }

  private async handleSubmit(context: TurnContext, caller: Principal, value: Record<string, unknown>): Promise<void> {
    const deps = this.bot.engine(caller);
    if (value.action === 'page') return sendAnswer(context, await answerToken(deps, value.token));
    if (value.action === 'ask' && typeof value.question === 'string') {
      const parsed = await understand(deps, value.question);
      if (parsed.type === 'query') return sendAnswer(context, await answerQuery(deps, parsed.query, value.question));
      if (parsed.type === 'command') return runCommand(this.bot, context, caller, parsed.command, value.question);
    }
    if (value.action === 'save' && typeof value.question === 'string' && typeof value.name === 'string')
      return runCommand(
        this.bot,
        context,
        caller,
        { command: 'save_question', name: value.name, question: value.question },
        '',
      );
    if (value.action === 'run_saved' && typeof value.id === 'string')
      return runCommand(this.bot, context, caller, { command: 'run_saved', name: '', id: value.id }, '');
    return sendAnswer(context, notUnderstood('', 'That button is not one I know. Ask again:'));
  }
}
