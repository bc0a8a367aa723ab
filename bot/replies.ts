import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AskAnswer } from '../server/core/ask/answerTypes';
import { answerCard } from './cards/answerCard';
import type { AdaptiveCard } from './cards/cardElements';
import { messageCard } from './cards/commandCards';

/** Sends an Adaptive Card as the reply. */
export async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

/** Sends an answer as its card. */
export const sendAnswer = (context: TurnContext, answer: AskAnswer) => sendCard(context, answerCard(answer));

/** Sends a one-line reply as a card. */
export const say = (context: TurnContext, message: string) => sendCard(context, messageCard(message));
