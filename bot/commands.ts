import type { TurnContext } from 'botbuilder';
import type { Principal } from '../server/auth/principal';
import { subscribeConversation, unsubscribeConversation } from '../server/core/bot/botConversations';
import {
  deleteSavedQuestion,
  findSavedQuestionByName,
  getSavedQuestion,
  listSavedQuestions,
  markSavedQuestionRun,
  saveQuestion,
} from '../server/core/bot/savedQuestions';
import { answerQuery, understand } from '../server/core/ask/engine';
import type { AnswerDelivery } from './answerDelivery';
import type { BotContext } from './botContext';
import { helpCard, savedQuestionsCard } from './cards/commandCards';
import { conversationOf } from './conversationInfo';
import { say, sendCard } from './replies';
import type { BotCommand } from '../server/core/ask/commands';
import { tierAtLeast, type Tier } from '../server/core/privacy/tiers';

/** Commands above the Viewer tier: starting a sync and posting to a conversation are Admin's (as in the tab). */
const COMMAND_TIERS: Partial<Record<BotCommand['command'], Tier>> = {
  sync_now: 'Admin',
  subscribe: 'Admin',
  unsubscribe: 'Admin',
};

/** help, status, sync now, subscribe, unsubscribe and the saved-question commands. */
export async function runCommand(
  bot: BotContext,
  delivery: AnswerDelivery,
  context: TurnContext,
  caller: Principal,
  command: BotCommand,
  question: string,
): Promise<void> {
  const now = bot.now();
  const needed = COMMAND_TIERS[command.command];
  if (needed && !tierAtLeast(caller.tier, needed))
    return say(context, `That command needs the ${needed} role of Copilot Observatory; ask your administrator.`);
  switch (command.command) {
    case 'help':
      await sendCard(context, helpCard(`${bot.publicUrl}/tab/`));
      return;
    case 'status': {
      const answer = await answerQuery(bot.engine(caller), { type: 'system', system: 'sync' }, question);
      await delivery.answer(context, caller, answer);
      return;
    }
    case 'sync_now': {
      const result = await bot.syncControl.requestSync({ trigger: 'bot', requestedBy: caller.userId });
      const message = {
        queued: 'Sync requested: it is queued and starts shortly. Ask "sync status" to follow it.',
        already_queued: 'A sync is already queued; it starts shortly.',
        running: 'A sync is running right now; ask "sync status" to follow it.',
      }[result.status];
      await say(context, message);
      return;
    }
    case 'subscribe': {
      const conversation = conversationOf(context);
      if (!conversation) return say(context, 'I cannot subscribe this conversation.');
      await subscribeConversation(
        bot.store,
        { ...conversation, tenantId: bot.tenantId, subscribedBy: caller.userId },
        now,
      );
      await say(context, 'Subscribed: this conversation gets a summary after every sync. Say "unsubscribe" to stop.');
      return;
    }
    case 'unsubscribe': {
      const id = context.activity.conversation?.id;
      const was = id ? await unsubscribeConversation(bot.store, bot.tenantId, id) : false;
      await say(context, was ? 'Unsubscribed: no more sync summaries here.' : 'This conversation was not subscribed.');
      return;
    }
    case 'save_question': {
      const parsed = await understand(bot.engine(caller), command.question);
      // A question the engine would only ask back about (or decline) is not worth saving.
      if (parsed.type !== 'query' || parsed.query.type === 'reply')
        return say(context, `I can't answer "${command.question.slice(0, 100)}", so I did not save it.`);
      const saved = await saveQuestion(
        bot.store,
        { tenantId: bot.tenantId, ownerId: caller.userId, name: command.name, question: command.question },
        now,
      );
      await say(context, `Saved "${saved.name}". Run it with "run ${saved.name}".`);
      return;
    }
    case 'list_saved': {
      // A saved question's words may name people ("what did Alex ask"): shown to their owner alone.
      const saved = await listSavedQuestions(bot.store, bot.tenantId, caller.userId);
      await delivery.card(context, caller, savedQuestionsCard(saved), 'people');
      return;
    }
    case 'run_saved': {
      const saved = command.id
        ? await getSavedQuestion(bot.store, bot.tenantId, caller.userId, command.id)
        : await findSavedQuestionByName(bot.store, bot.tenantId, caller.userId, command.name);
      if (!saved) return say(context, `You have no saved question called "${command.name}". Say "saved" to list them.`);
      await markSavedQuestionRun(bot.store, saved.id, now);
      const deps = bot.engine(caller);
      const parsed = await understand(deps, saved.question);
      if (parsed.type !== 'query') return say(context, `I can no longer answer "${saved.question}".`);
      await delivery.answer(context, caller, await answerQuery(deps, parsed.query, saved.question));
      return;
    }
    case 'delete_saved': {
      const saved = await findSavedQuestionByName(bot.store, bot.tenantId, caller.userId, command.name);
      const deleted = saved ? await deleteSavedQuestion(bot.store, bot.tenantId, caller.userId, saved.id) : false;
      await say(
        context,
        deleted ? `Deleted "${saved!.name}".` : `You have no saved question called "${command.name}".`,
      );
      return;
    }
  }
}
