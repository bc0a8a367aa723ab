import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';
import type { Logger } from '../server/logger';

/**
 * The one seam between our bot and the Bot Framework SDK (botbuilder 4.23.3, archived upstream): moving to the
 * Microsoft 365 Agents SDK means re-implementing this interface, nothing else.
 */
export interface BotAdapter {
  /** Handles one POST /api/messages (authenticates it when an app id is configured) and runs `logic` for it. */
  process(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  /** Runs `logic` in a stored conversation (proactive messages). */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
  /** Posts an Adaptive Card to a stored conversation. */
  sendCard(reference: Partial<ConversationReference>, card: object): Promise<void>;
  /**
   * Opens (or, in Teams, reopens: the same pair always gets the same chat) the one-to-one chat between the bot and a
   * person, posts the card there and returns that chat's reference for later messages.
   */
  sendCardToPerson(target: PersonalChatTarget, card: object): Promise<ConversationReference>;
  /** Whether Bot Framework authentication is on (an app id is configured). */
  readonly authenticated: boolean;
}

/** Where to open a personal chat: the channel and service of an activity the person sent, and who they are. */
export interface PersonalChatTarget {
  channelId: string;
  serviceUrl: string;
  tenantId: string;
  /** The person's channel account (`from` of their activity). */
  user: { id: string; name?: string; aadObjectId?: string };
  /** The bot's channel account (`recipient` of their activity). */
  bot: { id: string; name?: string };
}

/** The Bot Connector's token audience for outbound calls (botframework-connector's ToChannelFromBotOAuthScope). */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';

export interface BotAdapterSettings {
  /** BOT_ID; unset: local demo mode without Bot Framework authentication. */
  appId?: string;
  appPassword?: string;
  /** The single tenant the bot belongs to. */
  tenantId?: string;
  /**
   * Bot Framework endpoints, for tests that stand in for them on 127.0.0.1 (botbuilder's own configuration keys:
   * ToBotFromChannelOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, …).
   */
  endpoints?: Record<string, string>;
  logger: Logger;
}

/** The Bot Framework CloudAdapter, SingleTenant with BOT_ID/BOT_PASSWORD/BOT_TENANT_ID, or unauthenticated demo. */
export function createBotAdapter(settings: BotAdapterSettings): BotAdapter {
  const { appId, logger } = settings;
  if (appId && !settings.tenantId) throw new Error('BOT_TENANT_ID (or TENANT_ID) is required for a single-tenant bot.');
  // An empty configuration turns Bot Framework authentication off (botbuilder's documented local mode).
  const auth = new ConfigurationBotFrameworkAuthentication(
    appId
      ? {
          MicrosoftAppId: appId,
          MicrosoftAppPassword: settings.appPassword ?? '',
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: settings.tenantId!,
          ...settings.endpoints,
        }
      : { ...settings.endpoints },
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'The bot failed to handle an activity.');
    // Only reply to messages, so a failing event never posts into a channel.
    if (context.activity.type === 'message')
      await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.');
  };
  const botAppId = appId ?? '';
  const continueConversation: BotAdapter['continueConversation'] = (reference, logic) =>
    adapter.continueConversationAsync(botAppId, reference, logic);
  return {
    authenticated: Boolean(appId),
    process: (req, res, logic) => adapter.process(req, res, logic),
    continueConversation,
    sendCard: async (reference, card) => {
      // The adapter hands errors inside a turn to onTurnError; a proactive sender needs them (403/404 = bot removed).
      let failure: unknown = null;
      await continueConversation(reference, async (context) => {
        try {
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
    },
    sendCardToPerson: async (target, card) => {
      let failure: unknown = null;
      let reference: ConversationReference | null = null;
      await adapter.createConversationAsync(
        botAppId,
        target.channelId,
        target.serviceUrl,
        CHANNEL_AUDIENCE,
        {
          isGroup: false,
          bot: { id: target.bot.id, name: target.bot.name ?? '' },
          members: [{ id: target.user.id, name: target.user.name ?? '' }],
          tenantId: target.tenantId,
          channelData: { tenant: { id: target.tenantId } },
        },
        async (context) => {
          try {
            await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
            reference = {
              channelId: target.channelId,
              serviceUrl: target.serviceUrl,
              conversation: {
                id: context.activity.conversation.id,
                conversationType: 'personal',
                tenantId: target.tenantId,
                isGroup: false,
                name: '',
              },
              user: { id: target.user.id, name: target.user.name ?? '', aadObjectId: target.user.aadObjectId },
              bot: { id: target.bot.id, name: target.bot.name ?? '' },
            };
          } catch (error) {
            failure = error;
          }
        },
      );
      if (failure) throw failure;
      if (!reference) throw new Error('The Bot Connector created no conversation.');
      return reference;
    },
  };
}
