import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestAdapter, type Activity } from 'botbuilder';
import express from 'express';
import { createBotMount, type BotMount } from '../../bot/botRouter';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { ADMIN_ID } from './botTestKit';

/** A stand-in for the Bot Connector service: records posted activities; answers 403 for conversations the bot left. */
async function startConnector() {
  const posts: Array<{ conversationId: string; activity: Activity }> = [];
  const gone = new Set<string>();
  const app = express();
  app.use(express.json());
  app.post(['/v3/conversations/:id/activities', '/v3/conversations/:id/activities/:replyTo'], (req, res) => {
    const conversationId = decodeURIComponent(String(req.params.id));
    if (gone.has(conversationId)) {
      res.status(403).json({
        error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
      });
      return;
    }
    posts.push({ conversationId, activity: req.body as Activity });
    res.status(201).json({ id: `m${posts.length}` });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    posts,
    gone,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('proactive sync summaries', () => {
  let h: AppHarness;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let replicaA: BotMount;
  let replicaB: BotMount;

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, seed: 3, env: { ADMIN_USER_IDS: ADMIN_ID } });
    connector = await startConnector();
    // Two bot instances on one store: two server replicas handling the same runs.
    replicaA = createBotMount(h.ctx, { sweepIntervalMs: 0 });
    replicaB = createBotMount(h.ctx, { sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
  });

  async function say(text: string, conversationId: string) {
    const adapter = new TestAdapter((turn) => replicaA.bot.run(turn), {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: {
        id: conversationId,
        conversationType: 'channel',
        tenantId: h.ctx.tenantId,
        isGroup: true,
        name: '',
      },
      from: { id: `29:${ADMIN_ID}`, aadObjectId: ADMIN_ID, name: 'Admin' },
      recipient: { id: '28:bot', name: 'Copilot Observatory' },
    } as Partial<Activity>);
    await adapter.receiveActivity({ type: 'message', text });
  }

  const postsTo = (conversationId: string) => connector.posts.filter((p) => p.conversationId === conversationId);
  const summaryTitle = (p: { activity: Activity }) =>
    (p.activity.attachments?.[0]?.content as { body: Array<{ text: string }> }).body[0]!.text;

  it('stores the reference on install (bot added to a team)', async () => {
    const adapter = new TestAdapter((turn) => replicaA.bot.run(turn), {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: {
        id: '19:installed@thread.tacv2',
        conversationType: 'channel',
        tenantId: h.ctx.tenantId,
        isGroup: true,
        name: '',
      },
      recipient: { id: '28:bot', name: 'Copilot Observatory' },
    } as Partial<Activity>);
    await adapter.receiveActivity({
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:bot', name: 'Copilot Observatory' }],
    });
    const doc = await h.testStore.store.botConversations.findOne({ conversationId: '19:installed@thread.tacv2' });
    expect(doc).toMatchObject({ kind: 'channel', active: true, subscribed: false });
    expect((doc!.reference as { serviceUrl: string }).serviceUrl).toBe(connector.url);
  });

  it('posts one summary per run to each subscribed channel, even with two replicas handling the run', async () => {
    await say('subscribe', '19:general@thread.tacv2;messageid=1700000000000');
    await say('subscribe', '19:removed@thread.tacv2');
    connector.gone.add('19:removed@thread.tacv2');
    // Both replicas' onRunFinished listeners run after the sync.
    await h.syncControl.requestSync({ trigger: 'test' });
    await h.syncControl.idle();
    const run = (await h.testStore.store.syncRuns.find({}).sort({ startedAt: -1 }).limit(1).toArray())[0]!;
    // And both replicas deliver the same run at the same moment.
    await Promise.all([
      replicaA.notifier.deliverRun(run),
      replicaB.notifier.deliverRun(run),
      replicaA.notifier.sweep(),
      replicaB.notifier.sweep(),
    ]);
    const general = postsTo('19:general@thread.tacv2');
    const deliveries = await h.testStore.store.summaryDeliveries
      .find({ conversationId: '19:general@thread.tacv2' })
      .toArray();
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    expect(general).toHaveLength(deliveries.length);
    expect(new Set(deliveries.map((d) => d.runId)).size).toBe(deliveries.length);
    expect(deliveries.map((d) => d.runId)).toContain(run.runId);
    expect(summaryTitle(general.at(-1)!)).toMatch(/^Copilot sync /);
    expect(JSON.stringify(general.at(-1)!.activity)).toContain('/tab/#/sync');
  });

  it('deactivates a channel whose connector answers 403 and never posts there again', async () => {
    const removed = await h.testStore.store.botConversations.findOne({ conversationId: '19:removed@thread.tacv2' });
    expect(removed).toMatchObject({ active: false });
    expect(removed!.deactivatedReason).toMatch(/403/);
    const before = connector.posts.length;
    const run = await h.sync('incremental');
    await Promise.all([replicaA.notifier.deliverRun(run), replicaB.notifier.deliverRun(run)]);
    expect(postsTo('19:removed@thread.tacv2')).toHaveLength(0);
    expect(connector.posts.length).toBe(before + 1);
  });

  it('delivers a run another replica ended without delivering, through the sweep, once', async () => {
    // h.sync() runs the sync without any listener: as if the replica that ran it crashed before delivering.
    const run = await h.sync('incremental');
    const before = postsTo('19:general@thread.tacv2').length;
    await replicaB.notifier.sweep();
    await replicaA.notifier.sweep();
    expect(postsTo('19:general@thread.tacv2').length).toBe(before + 1);
    expect(await h.testStore.store.summaryDeliveries.countDocuments({ runId: run.runId })).toBe(1);
  });

  it('sends nothing after unsubscribe', async () => {
    await say('unsubscribe', '19:general@thread.tacv2');
    const before = connector.posts.length;
    const run = await h.sync('incremental');
    await Promise.all([replicaA.notifier.deliverRun(run), replicaB.notifier.sweep()]);
    expect(connector.posts.length).toBe(before);
  });
});
