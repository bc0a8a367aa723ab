import { TestAdapter, type Activity } from 'botbuilder';
import { createBotMount, type BotMount } from '../../bot/botRouter';
import type { AppContext } from '../../server/appContext';
import { ADMIN_ID } from './botTestKit';

/** Two bot instances on one store, with their own clock and no timers: two server replicas handling the same work. */
export function twoReplicas(ctx: AppContext, now: () => Date): [BotMount, BotMount] {
  return [
    createBotMount({ ...ctx, now }, { sweepIntervalMs: 0 }),
    createBotMount({ ...ctx, now }, { sweepIntervalMs: 0 }),
  ];
}

/** A message from the admin in a team channel (the bot remembers the channel with the connector's address). */
export async function sayInChannel(
  mount: BotMount,
  at: { serviceUrl: string; tenantId: string; conversationId: string },
  text: string,
): Promise<void> {
  const adapter = new TestAdapter((turn) => mount.bot.run(turn), {
    channelId: 'msteams',
    serviceUrl: at.serviceUrl,
    conversation: {
      id: at.conversationId,
      conversationType: 'channel',
      tenantId: at.tenantId,
      isGroup: true,
      name: '',
    },
    from: { id: `29:${ADMIN_ID}`, aadObjectId: ADMIN_ID, name: 'Admin' },
    recipient: { id: '28:bot', name: 'Copilot Observatory' },
  } as Partial<Activity>);
  await adapter.receiveActivity({ type: 'message', text });
}
