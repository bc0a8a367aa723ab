import { TestAdapter, type Activity } from 'botbuilder';
import { createBotMount } from '../../bot/botRouter';
import type { ObservatoryBot } from '../../bot/ObservatoryBot';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { startConnector, type ConnectorStandIn } from './connectorStandIn';

/** An Entra object id listed in ADMIN_USER_IDS, and one that is not. */
export const ADMIN_ID = '0a0a0a0a-0000-4000-8000-000000000001';
export const OTHER_ID = '0b0b0b0b-0000-4000-8000-000000000002';

export interface SendOptions {
  from?: string;
  conversationId?: string;
  /** Teams' conversation type; default `personal`. */
  conversationType?: 'personal' | 'channel' | 'groupChat';
}

export interface BotHarness {
  h: AppHarness;
  bot: ObservatoryBot;
  /** The Bot Connector stand-in the bot posts private answers to (with `connector: true`). */
  connector: ConnectorStandIn | null;
  /** Sends one message (text or a card's submitted value) and returns the bot's replies. */
  send(input: string | Record<string, unknown>, options?: SendOptions): Promise<Partial<Activity>[]>;
  /** Stops the app and the connector stand-in. */
  close(): Promise<void>;
}

/** The whole app on a synced simulator tenant, and the bot driven through botbuilder's TestAdapter. */
export async function startBotHarness(
  options: {
    userCount?: number;
    seed?: number;
    env?: Record<string, string>;
    connector?: boolean;
    /** A MongoDB server of the test's own (default: the suite's). */
    mongoUri?: string;
  } = {},
): Promise<BotHarness> {
  const h = await startAppHarness({
    userCount: options.userCount ?? 40,
    seed: options.seed ?? 11,
    env: { ADMIN_USER_IDS: ADMIN_ID, ...options.env },
    mongoUri: options.mongoUri,
  });
  const connector = options.connector ? await startConnector() : null;
  const { bot, notifier } = createBotMount(h.ctx, { sweepIntervalMs: 0 });
  notifier.stop();
  const send: BotHarness['send'] = async (
    input,
    { from = ADMIN_ID, conversationId = 'conv-personal', conversationType = 'personal' } = {},
  ) => {
    const adapter = new TestAdapter((turn) => bot.run(turn), {
      channelId: 'msteams',
      serviceUrl: connector?.url ?? 'https://smba.test/',
      conversation: {
        id: conversationId,
        conversationType,
        tenantId: h.ctx.tenantId,
        isGroup: conversationType !== 'personal',
        name: '',
      },
      from: { id: `29:${from}`, aadObjectId: from, name: 'Test admin' },
      recipient: { id: '28:bot', name: 'Copilot Observatory' },
    } as Partial<Activity>);
    await adapter.receiveActivity(
      typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', text: '', value: input },
    );
    const replies: Partial<Activity>[] = [];
    while (adapter.activeQueue.length > 0) replies.push(adapter.getNextReply());
    return replies;
  };
  const close = async () => {
    await h.close();
    await connector?.close();
  };
  return { h, bot, connector, send, close };
}

export interface CardView {
  card: Record<string, unknown>;
  /** How the question was read (the card's first line), '' when it has none. */
  interpretation: string;
  summary: string;
  header: string[];
  rows: string[][];
  facts: Record<string, string>;
  actions: Array<{ type: string; title: string; data?: Record<string, unknown>; url?: string }>;
  text: string;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/** Reads a reply's Adaptive Card: its sentence, table, facts and buttons. */
export function cardOf(reply: Partial<Activity> | undefined): CardView {
  const card = reply?.attachments?.[0]?.content as Record<string, unknown> | undefined;
  if (!card) throw new Error(`no card in reply: ${JSON.stringify(reply)}`);
  const body = card.body as Array<Record<string, unknown>>;
  const table = body.find((b) => b.type === 'Table') as
    { rows: Array<{ cells: Array<{ items: Array<{ text: string }> }> }> } | undefined;
  const cells = (table?.rows ?? []).map((r) => r.cells.map((c) => unescape(c.items[0]!.text)));
  const factSet = body.find((b) => b.type === 'FactSet') as
    { facts: Array<{ title: string; value: string }> } | undefined;
  const interpretation = body.find((b) => b.id === 'interpretation');
  const sentence = body.find((b) => b.type === 'TextBlock' && b.id !== 'interpretation');
  return {
    card,
    interpretation: interpretation ? unescape(String(interpretation.text)) : '',
    summary: unescape(String(sentence?.text ?? '')),
    header: cells[0] ?? [],
    rows: cells.slice(1),
    facts: Object.fromEntries((factSet?.facts ?? []).map((f) => [unescape(f.title), unescape(f.value)])),
    actions: (card.actions ?? []) as CardView['actions'],
    text: JSON.stringify(card),
  };
}

/** "1,234" -> 1234. */
export const n = (cell: string | undefined): number => Number((cell ?? '').replace(/,/g, ''));
