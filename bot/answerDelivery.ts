import type { TurnContext } from 'botbuilder';
import type { Principal } from '../server/auth/principal';
import { findPersonalConversation, rememberConversation } from '../server/core/bot/botConversations';
import type { Logger } from '../server/logger';
import type { Store } from '../server/store/Store';
import { scopeOf } from './activityTrust';
import type { AnswerDisclosure, AskAnswer } from '../server/core/ask/answerTypes';
import { readableAt, SHARED_CONVERSATION_TIER } from '../server/core/ask/disclosure';
import type { BotAdapter } from './botAdapter';
import { answerCard } from './cards/answerCard';
import type { AdaptiveCard } from './cards/cardElements';
import { messageCard } from './cards/commandCards';
import { sendCard } from './replies';

/** Said in a channel or group chat instead of an answer that names people or shows what they asked. */
export const SENT_PRIVATELY =
  'This answer names people or shows what they asked Copilot, so I sent it to you in our personal chat. ' +
  'Here I only share figures: counts and totals by app, department or day.';

/** Said there when the personal chat cannot be reached (the app is not installed for the asker, say). */
export const ASK_PRIVATELY =
  'This answer names people or shows what they asked Copilot, so I do not post it here, and I could not reach you ' +
  'in a personal chat. Open Copilot Observatory in Teams and ask me there; here I only share figures.';

export interface AnswerDeliveryDeps {
  store: Store;
  tenantId: string;
  adapter: BotAdapter;
  logger: Logger;
  now: () => Date;
}

/**
 * Posts what the bot has to say where it may be read. In a personal chat everything goes to the asker. A team
 * channel or group chat is read by every member, so only `figures` go there; anything more is sent to the asker in
 * their personal chat with the bot, and the shared conversation gets a notice that names nobody.
 */
export class AnswerDelivery {
  constructor(private readonly deps: AnswerDeliveryDeps) {}

  /** Sends an answer as its card, to the asker alone unless it is figures only. */
  answer(context: TurnContext, caller: Principal, answer: AskAnswer): Promise<void> {
    return this.card(context, caller, answerCard(answer), answer.disclosure);
  }

  /** Sends a card that discloses `disclosure`, to the asker alone unless that is figures only. */
  async card(context: TurnContext, caller: Principal, card: AdaptiveCard, disclosure: AnswerDisclosure): Promise<void> {
    // A shared conversation gets the Viewer level whatever the asker's tier; the asker's own tier applied already.
    if (scopeOf(context.activity) === 'personal' || readableAt(disclosure, SHARED_CONVERSATION_TIER)) {
      await sendCard(context, card);
      return;
    }
    const sent = await this.sendPrivately(context, caller, card);
    await sendCard(context, messageCard(sent ? SENT_PRIVATELY : ASK_PRIVATELY));
  }

  /**
   * The asker's personal chat: the one the bot already has with them, else a new one opened through the Bot
   * Connector (Teams lets a bot start a one-to-one chat with a member of a team or chat it is installed in).
   * Answers whether the card was delivered; failures are logged, never shown in the shared conversation.
   */
  private async sendPrivately(context: TurnContext, caller: Principal, card: AdaptiveCard): Promise<boolean> {
    const { store, tenantId, adapter, logger } = this.deps;
    const activity = context.activity;
    const log = logger.child({ conversationType: activity.conversation?.conversationType ?? null });
    const known = await findPersonalConversation(store, tenantId, caller.userId);
    if (known) {
      try {
        await adapter.sendCard(known.reference, card);
        return true;
      } catch (error) {
        log.warn(failureOf(error), 'The stored personal chat could not be reached; opening a new one.');
      }
    }
    if (!activity.from?.id || !activity.recipient?.id || !activity.serviceUrl) {
      log.warn('Cannot open a personal chat: the activity names no sender, bot or service URL.');
      return false;
    }
    try {
      const reference = await adapter.sendCardToPerson(
        {
          channelId: activity.channelId,
          serviceUrl: activity.serviceUrl,
          tenantId,
          user: { id: activity.from.id, name: activity.from.name, aadObjectId: activity.from.aadObjectId },
          bot: { id: activity.recipient.id, name: activity.recipient.name },
        },
        card,
      );
      await rememberConversation(
        store,
        {
          tenantId,
          conversationId: reference.conversation.id,
          kind: 'personal',
          userId: caller.userId,
          reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
        },
        this.deps.now(),
      );
      return true;
    } catch (error) {
      log.warn(failureOf(error), 'Could not open a personal chat with the asker; asked them to ask there.');
      return false;
    }
  }
}

/** What to log of a connector failure: its status and message, never the request (it carries the bot's token). */
function failureOf(error: unknown): { statusCode: number | null; reason: string } {
  const e = error as { statusCode?: unknown; message?: unknown } | null;
  return {
    statusCode: typeof e?.statusCode === 'number' ? e.statusCode : null,
    reason: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error).slice(0, 300),
  };
}
