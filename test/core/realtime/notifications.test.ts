import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { NotificationWorker } from '../../../server/core/realtime/notificationWorker';
import { interactionId } from '../../../server/core/sync/interactionMapper';
import { createFetch } from '../../../server/graph/trustedFetch';
import { createSilentLogger } from '../../../server/logger';
import type { RealtimeCollections, RealtimeSubscriptionDoc } from '../../../server/store/realtimeCollections';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { RecordingRelay, subscribeHarness, waitFor } from '../../support/realtimeHarness';

describe('Graph change notifications for Copilot interactions', () => {
  let harness: AppHarness;
  let relay: RecordingRelay;
  let collections: RealtimeCollections;
  let worker: NotificationWorker;
  let state: RealtimeSubscriptionDoc;
  const missed: string[] = [];

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 12 });
    relay = new RecordingRelay(harness.baseUrl);
    await relay.listen();
    const rt = await subscribeHarness(harness, relay.url);
    ({ collections, state } = rt);
    worker = rt.newWorker({
      instanceId: 'realtime-test',
      onMissed: async () => {
        missed.push('missed');
        await harness.syncControl.requestSync({ trigger: 'realtime-missed', mode: 'incremental' });
      },
    });
  }, 120_000);

  afterAll(async () => {
    await relay.close();
    await harness.close();
  });

  const post = (path: string, body: string) =>
    fetch(`${harness.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const lastNotification = () => [...relay.recorded].reverse().find((r) => r.path === '/api/notifications')!;

  it('answers the validation handshake with the token as text/plain', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 42';
    const answer = await fetch(`${harness.baseUrl}/api/notifications?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe(token);
    // The subscription itself was created through the real handshake, simulator -> relay -> app.
    expect(state).toMatchObject({ status: 'active', notificationsReceived: 0 });
    expect(state.subscriptionId).toEqual(expect.any(String));
  });

  it('stores an interaction added in the simulator without a sync run, and the next sync finds nothing new', async () => {
    const user = harness.adminUser;
    const prompt = 'Summarise the supplier contract renewal terms for Fabrikam';
    const origin = harness.graph.simulator.origin;
    const response = await createFetch({ extraCaPem: harness.graph.cert })(`${origin}/_simulator/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user.graph.id, turns: [{ prompt, response: 'The renewal runs three years.' }] }),
    });
    expect(response.status).toBe(201);
    const { ids } = (await response.json()) as { ids: string[] };
    await waitFor(async () => (await collections.queue.countDocuments({ status: 'pending' })) >= 2);
    const drained = await worker.drain();
    expect(drained).toMatchObject({ busy: false, stored: 2, deferred: 0 });
    // Settled entries keep no text: the store's copy is the one risk detection masked.
    expect(await collections.queue.countDocuments({ status: 'done', interaction: { $ne: null } })).toBe(0);

    const tenantId = harness.graph.tenant.tenantId;
    const stored = await harness.testStore.store.interactions
      .find({ _id: { $in: ids.map((id) => interactionId(tenantId, user.graph.id, id)) } })
      .toArray();
    expect(stored.map((d) => d.graphId).sort()).toEqual([...ids].sort());
    expect(stored.find((d) => d.interactionType === 'userPrompt')!.body?.content).toBe(prompt);

    harness.advanceClock(60_000);
    const run = await harness.sync('incremental');
    expect(run.status).toBe('succeeded');
    expect(run.counts.interactionsNew).toBe(0);
    const afterSync = await harness.testStore.store.interactions.find({ tenantId, graphId: { $in: ids } }).toArray();
    expect(afterSync).toHaveLength(2);
    const strip = (d: (typeof stored)[number]) => ({ ...d, syncedAt: null });
    expect(afterSync.map(strip).sort(byId)).toEqual(stored.map(strip).sort(byId));
    const state = await collections.subscriptions.findOne({});
    expect(state!.notificationsReceived).toBe(2);
    const status = await fetch(`${harness.baseUrl}/api/sync/notifications`, {
      headers: { authorization: `Bearer ${await harness.tokens.admin()}` },
    });
    const shown = (await status.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ configured: true, status: 'active', notificationsReceived: 2, queued: 0 });
    // Both were stored by the drain: their lag (createdDateTime → stored) is what the Sync view shows.
    expect(shown).toMatchObject({ subscriptionId: state!.subscriptionId, healthy: true, lag: { samples: 2 } });
    expect(JSON.stringify(shown)).not.toContain(state!.clientState);
  });

  it('counts the first use of a licence holder, come through a notification, as use before any sync run', async () => {
    const { store } = harness.testStore;
    const tenantId = harness.graph.tenant.tenantId;
    const refused = new Set(harness.graph.tenant.forbiddenUserIds());
    const idle = (
      await store.directoryUsers.find({ tenantId, hasActivity: false, copilotEnabled: true }).toArray()
    ).find((u) => !refused.has(u.userId));
    expect(idle).toBeDefined();
    const origin = harness.graph.simulator.origin;
    const response = await createFetch({ extraCaPem: harness.graph.cert })(`${origin}/_simulator/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: idle!.userId, turns: [{ prompt: 'First try of Copilot', response: 'Hello.' }] }),
    });
    expect(response.status).toBe(201);
    await waitFor(async () => (await collections.queue.countDocuments({ status: 'pending' })) >= 2);
    expect(await worker.drain()).toMatchObject({ stored: 2 });
    // "Licensed users who never used Copilot" and the licence answers read this flag.
    expect(await store.directoryUsers.findOne({ tenantId, userId: idle!.userId })).toMatchObject({ hasActivity: true });
  });

  it('stores a redelivered notification once', async () => {
    const before = await collections.queue.countDocuments({});
    const replay = await post('/api/notifications', lastNotification().body);
    expect(replay.status).toBe(202);
    expect(await collections.queue.countDocuments({})).toBe(before);
  });

  it('refuses forged validation tokens', async () => {
    const envelope = JSON.parse(lastNotification().body) as { validationTokens: string[] };
    const real = envelope.validationTokens[0]!;
    const claims = decodeJwt(real);
    const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: decodeProtectedHeader(real).kid! })
      .sign(foreignKey);
    const answer = await post('/api/notifications', JSON.stringify({ ...envelope, validationTokens: [forged] }));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({
      error: { code: 'invalid_validation_token', message: expect.stringMatching(/not signed by Microsoft identity/) },
    });
    const missing = await post('/api/notifications', JSON.stringify({ ...envelope, validationTokens: [] }));
    expect(missing.status).toBe(401);
  });

  it('refuses a bad dataSignature before decrypting, and a wrong clientState before anything', async () => {
    type Envelope = { value: Array<{ clientState: string; encryptedContent: { dataSignature: string } }> };
    const envelope = JSON.parse(lastNotification().body) as Envelope;
    const tampered = structuredClone(envelope);
    const signature = Buffer.from(tampered.value[0]!.encryptedContent.dataSignature, 'base64');
    signature[0] = signature[0]! ^ 0xff;
    tampered.value[0]!.encryptedContent.dataSignature = signature.toString('base64');
    const bad = await post('/api/notifications', JSON.stringify(tampered));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_data_signature');

    const wrongState = structuredClone(envelope);
    wrongState.value[0]!.clientState = 'guessed';
    const refused = await post('/api/notifications', JSON.stringify(wrongState));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('client_state_mismatch');

    const garbage = await post('/api/notifications', '{"value": "nope"');
    expect(garbage.status).toBe(400);
  });

  it('loses nothing when the process dies between the 202 and storing', async () => {
    const simulatorFetch = createFetch({ extraCaPem: harness.graph.cert });
    const added = await simulatorFetch(`${harness.graph.simulator.origin}/_simulator/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: harness.nonAdminUser.graph.id, turns: [{ prompt: 'Draft the offsite agenda' }] }),
    });
    const { ids } = (await added.json()) as { ids: string[] };
    await waitFor(async () => (await collections.queue.countDocuments({ status: 'pending' })) >= 1);
    // A worker claimed the item and died before writing: its claim is two minutes old.
    const claimedAt = new Date(harness.ctx.now().getTime() - 120_000);
    await collections.queue.updateMany({ status: 'pending' }, { $set: { status: 'processing', claimedAt } });
    const restarted = new NotificationWorker({
      store: harness.testStore.store,
      collections,
      tenantId: harness.graph.tenant.tenantId,
      now: harness.ctx.now,
      logger: createSilentLogger(),
      instanceId: 'realtime-test-restarted',
      onMissed: async () => undefined,
    });
    expect(await restarted.drain()).toMatchObject({ stored: 1 });
    const userId = harness.nonAdminUser.graph.id;
    expect(await harness.testStore.store.interactions.countDocuments({ userId, graphId: ids[0] })).toBe(1);
    expect(await collections.queue.countDocuments({ status: { $ne: 'done' } })).toBe(0);
  });

  describe('when Graph delivers badly', () => {
    const control = (path: string, method: string, body?: unknown) =>
      createFetch({ extraCaPem: harness.graph.cert })(`${harness.graph.simulator.origin}/_simulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const addTurn = async (prompt: string) =>
      (
        (await (
          await control('/activity', 'POST', { userId: harness.adminUser.graph.id, turns: [{ prompt }] })
        ).json()) as {
          ids: string[];
        }
      ).ids[0]!;
    const deliveries = async () =>
      ((await (await control('/subscriptions', 'GET')).json()) as { deliveries: Array<{ status: number | string }> })
        .deliveries;

    it('recovers a lost notification in the next polling pass', async () => {
      await control('/subscriptions/faults', 'PUT', { lose: 1 });
      const id = await addTurn('Which vendors renew in March?');
      await waitFor(async () => (await deliveries()).at(-1)?.status === 'lost');
      expect(await collections.queue.countDocuments({ status: 'pending' })).toBe(0);
      harness.advanceClock(60_000);
      const run = await harness.sync('incremental');
      // At least this one; the pass may also store other activity it had not read before.
      expect(run.counts.interactionsNew).toBeGreaterThanOrEqual(1);
      const userId = harness.adminUser.graph.id;
      expect(await harness.testStore.store.interactions.countDocuments({ userId, graphId: id })).toBe(1);
    });

    it('stores a notification Graph sends twice once', async () => {
      await control('/subscriptions/faults', 'PUT', { duplicate: 1 });
      const before = (await deliveries()).length;
      const id = await addTurn('List the open purchase orders');
      await waitFor(async () => (await deliveries()).length === before + 2);
      expect((await deliveries()).slice(-2).map((d) => d.status)).toEqual([202, 202]);
      await worker.drain();
      const userId = harness.adminUser.graph.id;
      expect(await harness.testStore.store.interactions.countDocuments({ userId, graphId: id })).toBe(1);
      expect(await collections.queue.countDocuments({ 'interaction.id': id })).toBe(0);
    });

    it('refuses a notification whose signature was altered in transit', async () => {
      await control('/subscriptions/faults', 'PUT', { corruptSignature: 1 });
      const before = await collections.queue.countDocuments({});
      await addTurn('Summarise the audit findings');
      await waitFor(async () => (await deliveries()).at(-1)?.status === 400);
      expect(await collections.queue.countDocuments({})).toBe(before);
    });
  });

  it('sweeps the watermarks after a missed lifecycle event', async () => {
    const simulatorFetch = createFetch({ extraCaPem: harness.graph.cert });
    const sent = await simulatorFetch(
      `${harness.graph.simulator.origin}/_simulator/subscriptions/${state.subscriptionId}/lifecycle`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'missed' }) },
    );
    expect(sent.status).toBe(202);
    expect(((await sent.json()) as { status: number }).status).toBe(202);
    await worker.drain();
    expect(missed).toEqual(['missed']);
    expect(harness.syncControl.requests.map((r) => r.trigger)).toContain('realtime-missed');
    await harness.syncControl.idle();
    const runs = await harness.testStore.store.syncRuns.find({ trigger: 'realtime-missed' }).toArray();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('succeeded');
  });
});

describe('GET /api/sync/notifications', () => {
  it('shows the channel to admins only, without ids or secrets', async () => {
    const harness = await startAppHarness({ userCount: 4, sync: false });
    try {
      const ask = async (token: string) =>
        fetch(`${harness.baseUrl}/api/sync/notifications`, { headers: { authorization: `Bearer ${token}` } });
      const off = await ask(await harness.tokens.admin());
      expect(off.status).toBe(200);
      expect(await off.json()).toMatchObject({ configured: false, status: null, notificationsReceived: 0, queued: 0 });
      expect((await ask(await harness.tokens.nonAdmin())).status).toBe(403);
    } finally {
      await harness.close();
    }
  });
});

function byId(a: { graphId: string }, b: { graphId: string }): number {
  return a.graphId.localeCompare(b.graphId);
}
