import { TestAdapter, type Activity } from 'botbuilder';
import type { BotMount } from '../../bot/botRouter';
import {
  claimDelivery,
  deliveryId,
  MAX_DELIVERY_ATTEMPTS,
  RETRY_BASE_MS,
  STALE_CLAIM_MS,
} from '../../server/core/bot/summaryDeliveries';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { ADMIN_ID } from './botTestKit';
import { sayInChannel, twoReplicas } from './channelKit';
import { startConnector } from './connectorStandIn';
import { syncSummaryCard } from '../../bot/cards/summaryCard';

describe('proactive sync summaries', () => {
  let h: AppHarness;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let replicaA: BotMount;
  let replicaB: BotMount;
  // The replicas' clock runs ahead of the harness's by `aheadMs`, so sweeps can be sent past backoffs and expiries.
  let aheadMs = 0;
  const clock = () => new Date(h.ctx.now().getTime() + aheadMs);

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, seed: 3, env: { ADMIN_USER_IDS: ADMIN_ID } });
    connector = await startConnector();
    // Two bot instances on one store: two server replicas handling the same runs.
    [replicaA, replicaB] = twoReplicas(h.ctx, clock);
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
  });

  const say = (text: string, conversationId: string) =>
    sayInChannel(replicaA, { serviceUrl: connector.url, tenantId: h.ctx.tenantId, conversationId }, text);

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

  it('posts counts only: no user name, address or prompt text reaches a subscribed channel', async () => {
    const store = h.testStore.store;
    const users = await store.directoryUsers.find({}).toArray();
    const names = users.flatMap((u) => [u.displayName, u.userPrincipalName, u.mail]).filter((v) => !!v) as string[];
    const texts = (await store.interactions.find({}).toArray())
      .map((i) => (i.body?.content ?? '').trim().slice(0, 50))
      .filter((t) => t.length >= 20);
    const posted = postsTo('19:general@thread.tacv2');
    expect(posted.length).toBeGreaterThan(0);
    expect(names.length).toBeGreaterThan(0);
    expect(texts.length).toBeGreaterThan(0);
    for (const post of posted) {
      const json = JSON.stringify(post.activity);
      expect([...names, ...texts].filter((v) => json.includes(v))).toEqual([]);
    }
    // A run's own reason may quote an address (a Graph or Entra message): the channel sees "a user" instead.
    const card = syncSummaryCard(
      {
        ...(await store.syncRuns.find({}).limit(1).next())!,
        status: 'failed',
        message: 'Graph refused alex.wilber@contoso.onmicrosoft.com (Forbidden); see <megan@contoso.com>.',
      },
      'https://observatory.example/tab/',
    );
    const json = JSON.stringify(card);
    expect(json).toMatch(/Graph refused a user .*Forbidden.*see .*a user/);
    expect(json).not.toMatch(/alex\.wilber|megan@/);
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

  const ops = '19:ops@thread.tacv2';
  const flaky = '19:flaky@thread.tacv2';
  const finance = '19:finance@thread.tacv2';
  const counts = () => [ops, flaky, finance].map((c) => postsTo(c).length);
  const delivery = (runId: string, conversationId: string) =>
    h.testStore.store.summaryDeliveries.findOne({ _id: deliveryId(runId, conversationId) });
  const sweepBoth = () => Promise.all([replicaA.notifier.sweep(), replicaB.notifier.sweep()]);

  it('retries a post that failed with a transient error on a later sweep, after its backoff, exactly once', async () => {
    for (const channel of [ops, flaky, finance]) await say('subscribe', channel);
    // New subscribers catch up on earlier runs first, so what follows counts only the new run.
    await sweepBoth();
    const before = counts();
    // botframework-connector retries a 500 itself (three times, about a second apart) within one send, so a single 500
    // never reaches us: the connector stays down for the whole of the run's first send, then comes back.
    connector.down.add(flaky);
    const run = await h.sync('incremental');
    await Promise.all([replicaA.notifier.deliverRun(run), replicaB.notifier.deliverRun(run)]);
    connector.down.delete(flaky);
    expect(counts()).toEqual([before[0]! + 1, before[1], before[2]! + 1]);
    expect(await delivery(run.runId, flaky)).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: new Date(clock().getTime() + RETRY_BASE_MS),
      error: expect.stringMatching(/Internal server error/),
    });
    // Not before its backoff has passed.
    await sweepBoth();
    expect(counts()).toEqual([before[0]! + 1, before[1], before[2]! + 1]);
    aheadMs += RETRY_BASE_MS;
    await sweepBoth();
    await sweepBoth();
    expect(counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    expect(await delivery(run.runId, flaky)).toMatchObject({ status: 'sent', attempts: 2, error: null });
    aheadMs += STALE_CLAIM_MS;
    await sweepBoth();
    expect(counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
  });

  it('takes over a claim left by a replica that died before sending once the claim is stale, and posts once', async () => {
    // h.sync() delivers nothing; a replica that died claimed ops just before dying, 14 minutes ago.
    const run = await h.sync('incremental');
    const claimedAt = new Date(clock().getTime() - STALE_CLAIM_MS + 60_000);
    const claim = { tenantId: h.ctx.tenantId, runId: run.runId, conversationId: ops, claimedBy: 'replica-that-died' };
    expect(await claimDelivery(h.testStore.store, claim, claimedAt)).toEqual({
      runId: run.runId,
      conversationId: ops,
      attempt: 1,
    });
    const before = counts();
    await sweepBoth();
    expect(counts()).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
    aheadMs += 30_000;
    await sweepBoth();
    expect(counts()).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
    expect(await delivery(run.runId, ops)).toMatchObject({ status: 'claimed', claimedBy: 'replica-that-died' });
    aheadMs += 31_000;
    await sweepBoth();
    await sweepBoth();
    expect(counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    expect(await delivery(run.runId, ops)).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await delivery(run.runId, ops))!.claimedBy).not.toBe('replica-that-died');
  });

  it('gives up on a post after the bounded attempts, each after a doubling backoff', async () => {
    // 503 "retry after 0 ms": the client's own retries are immediate, so five failed sends take no time.
    connector.busy.add(finance);
    const run = await h.sync('incremental');
    const requestsTo = () => connector.requests.filter((c) => c === finance).length;
    const before = requestsTo();
    await sweepBoth();
    // Requests per failed send, the client's own retries included.
    const perSend = requestsTo() - before;
    expect(perSend).toBeGreaterThan(0);
    for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      expect(requestsTo()).toBe(before + attempt * perSend);
      expect(await delivery(run.runId, finance)).toMatchObject({ status: 'failed', attempts: attempt });
      aheadMs += RETRY_BASE_MS * 2 ** (attempt - 1) - 1;
      await sweepBoth();
      expect(requestsTo()).toBe(before + attempt * perSend);
      aheadMs += 1;
      await sweepBoth();
    }
    expect(requestsTo()).toBe(before + MAX_DELIVERY_ATTEMPTS * perSend);
    expect(await delivery(run.runId, finance)).toMatchObject({
      status: 'abandoned',
      attempts: MAX_DELIVERY_ATTEMPTS,
      nextAttemptAt: null,
    });
    aheadMs += STALE_CLAIM_MS;
    await sweepBoth();
    expect(requestsTo()).toBe(before + MAX_DELIVERY_ATTEMPTS * perSend);
    connector.busy.delete(finance);
  });
});
