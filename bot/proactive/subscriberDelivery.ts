import type { ConversationReference } from 'botbuilder';
import { deactivateConversation, subscribedConversations } from '../../server/core/bot/botConversations';
import {
  claimDelivery,
  conversationsNotDue,
  finishDelivery,
  recordFailedAttempt,
  type HeldDelivery,
} from '../../server/core/bot/summaryDeliveries';
import type { Logger } from '../../server/logger';
import type { BotConversationDoc } from '../../server/store/documents';
import type { Store } from '../../server/store/Store';
import type { BotAdapter } from '../botAdapter';

export interface SubscriberDeliveryDeps {
  store: Store;
  tenantId: string;
  adapter: BotAdapter;
  logger: Logger;
  now: () => Date;
  /** This replica's name on its delivery claims. */
  instanceId: string;
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  deactivated: number;
  failed: number;
}

/** One thing to post to every subscribed conversation once. */
export interface Posting {
  /**
   * What is delivered, as the delivery documents key it (their `runId` field): a sync run's id, or
   * `finding:<id>` for a risk alert. Each (key, conversation) is delivered at most once.
   */
  key: string;
  /** When it happened: conversations subscribed after this do not get it. */
  at: Date;
  card: object;
  /** "sync summary", "risk alert": for the log. */
  label: string;
  /** Context for the log lines (never a secret or prompt text). */
  context: Record<string, unknown>;
}

/** Connector answers meaning "the bot is gone from there": stop posting (BotNotInConversationRoster, ConversationNotFound). */
function goneStatus(error: unknown): number | null {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  const status = e.statusCode ?? e.status ?? e.response?.status;
  return status === 403 || status === 404 ? status : null;
}

/**
 * Posts a card to every subscribed conversation that has not had it and is due an attempt, exactly once per (key,
 * conversation) across replicas: each send is claimed first on a delivery document whose `_id` derives from the pair
 * (summaryDeliveries.ts), failures are recorded for a later sweep's retry with a backoff, and a conversation whose
 * connector says the bot is gone is unsubscribed.
 */
export async function deliverToSubscribers(deps: SubscriberDeliveryDeps, posting: Posting): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, deactivated: 0, failed: 0 };
  const notDue = await conversationsNotDue(deps.store, posting.key, deps.now());
  for (const conversation of await subscribedConversations(deps.store, deps.tenantId)) {
    const { conversationId } = conversation;
    if (!conversation.subscribedAt || conversation.subscribedAt > posting.at) continue;
    const claim = { tenantId: deps.tenantId, runId: posting.key, conversationId, claimedBy: deps.instanceId };
    const held = notDue.has(conversationId) ? null : await claimDelivery(deps.store, claim, deps.now());
    if (!held) {
      report.skipped += 1;
      continue;
    }
    report[await send(deps, conversation, posting, held)] += 1;
  }
  return report;
}

/** Posts the card under a held claim and records the outcome on the delivery. */
async function send(
  deps: SubscriberDeliveryDeps,
  conversation: BotConversationDoc,
  posting: Posting,
  held: HeldDelivery,
): Promise<'sent' | 'deactivated' | 'failed'> {
  const { store, tenantId, logger } = deps;
  const { conversationId } = held;
  const context = { ...posting.context, conversationId };
  try {
    await deps.adapter.sendCard(conversation.reference as Partial<ConversationReference>, posting.card);
  } catch (error) {
    const gone = goneStatus(error);
    const message = (error as Error).message ?? String(error);
    if (gone) {
      await deactivateConversation(store, tenantId, conversationId, `connector ${gone}: ${message}`, deps.now());
      await finishDelivery(store, held, { status: 'deactivated', error: message }, deps.now());
      logger.info(
        { conversationId, status: gone },
        'The bot was removed from a subscribed conversation; unsubscribed it.',
      );
      return 'deactivated';
    }
    const recorded = await recordFailedAttempt(store, held, message, deps.now());
    if (recorded?.status === 'abandoned')
      logger.error(
        { err: error, ...context, attempts: held.attempt },
        `Posting a ${posting.label} failed on its last attempt; gave up on it.`,
      );
    else
      logger.warn(
        { err: error, ...context, attempt: held.attempt, nextAttemptAt: recorded?.nextAttemptAt },
        `Posting a ${posting.label} failed; a later sweep retries it.`,
      );
    return 'failed';
  }
  if (!(await finishDelivery(store, held, { status: 'sent' }, deps.now())))
    logger.warn(
      context,
      `A ${posting.label} was posted after its claim went stale and was taken over; it may have been posted twice.`,
    );
  return 'sent';
}
