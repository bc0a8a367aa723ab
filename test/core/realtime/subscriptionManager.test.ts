import { NotificationWorker } from '../../../server/core/realtime/notificationWorker';
import { SubscriptionManager } from '../../../server/core/realtime/subscriptionManager';
import { createSubscriptionClient, type SubscriptionApi } from '../../../server/graph/subscriptionClient';
import { createTokenProvider } from '../../../server/graph/tokenProvider';
import { createFetch } from '../../../server/graph/trustedFetch';
import { createSilentLogger } from '../../../server/logger';
import { realtimeCollections, type RealtimeCollections } from '../../../server/store/realtimeCollections';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { harnessCertificate } from '../../support/realtimeHarness';

describe('The change-notification subscription manager', () => {
  let harness: AppHarness;
  let collections: RealtimeCollections;
  let api: SubscriptionApi;
  let manager: SubscriptionManager;
  let simulatorFetch: typeof fetch;

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 6 });
    const { tenant, simulator, cert } = harness.graph;
    simulatorFetch = createFetch({ extraCaPem: cert });
    collections = realtimeCollections(harness.testStore.store.db);
    const tokens = createTokenProvider({
      tenantId: tenant.tenantId,
      clientId: tenant.app.clientId,
      clientSecret: tenant.app.clientSecret,
      authorityHost: simulator.authorityHost,
      fetch: simulatorFetch,
      logger: createSilentLogger(),
    });
    api = createSubscriptionClient({ graphBaseUrl: simulator.graphBaseUrl, tokens, fetch: simulatorFetch });
    manager = newManager();
  }, 120_000);
  afterAll(() => harness.close());

  /** A manager as another instance (or a restarted one) would build it: same database, same Graph. */
  const newManager = () =>
    new SubscriptionManager({
      collections,
      tenantId: harness.graph.tenant.tenantId,
      api,
      notificationUrl: `${harness.baseUrl}/api/notifications`,
      lifecycleNotificationUrl: `${harness.baseUrl}/api/notifications/lifecycle`,
      certificate: harnessCertificate(harness, collections),
      now: harness.ctx.now,
      logger: createSilentLogger(),
    });
  /** A queue worker that hands lifecycle events to the manager, as the running server's does. */
  const ownerWorker = () =>
    new NotificationWorker({
      store: harness.testStore.store,
      collections,
      tenantId: harness.graph.tenant.tenantId,
      now: harness.ctx.now,
      logger: createSilentLogger(),
      instanceId: 'manager-test',
      onMissed: async () => undefined,
      onSubscriptionChanged: async () => {
        await manager.ensure();
      },
    });
  const simulatorSubscriptions = async () =>
    (
      (await (await simulatorFetch(`${harness.graph.simulator.origin}/_simulator/subscriptions`)).json()) as {
        subscriptions: Array<{ id: string; expirationDateTime: string }>;
      }
    ).subscriptions;

  it('creates the subscription once and leaves it alone while it has more than a day left', async () => {
    const first = await manager.ensure();
    const again = await manager.ensure();
    expect(again.subscriptionId).toBe(first.subscriptionId);
    expect(await simulatorSubscriptions()).toHaveLength(1);
    expect(first.expiresAt!.getTime() - harness.ctx.now().getTime()).toBe(4_200 * 60_000);
  });

  it('renews by PATCH when less than a day is left', async () => {
    const before = (await collections.subscriptions.findOne({}))!;
    await collections.subscriptions.updateOne(
      { _id: before._id },
      { $set: { expiresAt: new Date(harness.ctx.now().getTime() + 3_600_000) } },
    );
    const renewed = await manager.ensure();
    expect(renewed.subscriptionId).toBe(before.subscriptionId);
    expect(renewed.renewedAt).not.toBeNull();
    expect(renewed.expiresAt!.getTime()).toBe(harness.ctx.now().getTime() + 4_200 * 60_000);
  });

  it('recreates the subscription after Graph removed it (subscriptionRemoved lifecycle event)', async () => {
    const before = (await collections.subscriptions.findOne({}))!;
    const worker = ownerWorker();
    const sent = await simulatorFetch(
      `${harness.graph.simulator.origin}/_simulator/subscriptions/${before.subscriptionId}/lifecycle`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'subscriptionRemoved' }),
      },
    );
    expect(((await sent.json()) as { status: number }).status).toBe(202);
    await worker.drain();
    const after = (await collections.subscriptions.findOne({}))!;
    expect(after.status).toBe('active');
    expect(after.subscriptionId).not.toBe(before.subscriptionId);
    expect(after.clientState).not.toBe(before.clientState);
    expect((await simulatorSubscriptions()).map((s) => s.id)).toEqual([after.subscriptionId]);
  });

  it('answers reauthorizationRequired with POST /subscriptions/{id}/reauthorize, keeping the subscription', async () => {
    const before = (await collections.subscriptions.findOne({}))!;
    const worker = ownerWorker();
    const control = `${harness.graph.simulator.origin}/_simulator/subscriptions`;
    const sent = await simulatorFetch(`${control}/${before.subscriptionId}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'reauthorizationRequired' }),
    });
    expect(((await sent.json()) as { status: number }).status).toBe(202);
    await worker.drain();
    const after = (await collections.subscriptions.findOne({}))!;
    expect(after).toMatchObject({
      status: 'active',
      subscriptionId: before.subscriptionId,
      clientState: before.clientState,
    });
    expect(after.reauthorizedAt).toEqual(harness.ctx.now());
    const shown = (await (await simulatorFetch(control)).json()) as { reauthorizations: number };
    expect(shown.reauthorizations).toBe(1);
    expect((await simulatorSubscriptions()).map((s) => s.id)).toEqual([before.subscriptionId]);
  });

  it('takes the quota back from a subscription whose state was lost, and recreates one Graph forgot', async () => {
    await collections.subscriptions.deleteMany({});
    const recreated = await newManager().ensure();
    expect((await simulatorSubscriptions()).map((s) => s.id)).toEqual([recreated.subscriptionId]);

    // Graph dropped it (a restarted simulator, an expiry we missed): a new process checks before trusting its state.
    await api.remove(recreated.subscriptionId!);
    const restarted = await newManager().ensure();
    expect(restarted.subscriptionId).not.toBe(recreated.subscriptionId);
    expect((await simulatorSubscriptions()).map((s) => s.id)).toEqual([restarted.subscriptionId]);
  });
});
