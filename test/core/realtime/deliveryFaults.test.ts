import { interactionId } from '../../../server/core/sync/interactionMapper';
import { recordReconciliation } from '../../../server/core/realtime/reconciliation';
import type { DeliveryRecord } from '../../../server/graph/simulator/webhookDelivery';
import { createSilentLogger } from '../../../server/logger';
import type { AppHarness } from '../../support/appHarness';
import { actualAggregates } from '../../support/groundTruth';
import { expectStoreEqualsGraph, startSubscribedHarness, type RealtimeHarness } from '../../support/realtimeHarness';

/**
 * The simulator's delivery faults beyond loss and duplication: out-of-order and delayed deliveries, and a webhook Graph
 * cannot reach (retried with back-off, then dropped). After each, the store holds exactly what Graph holds.
 */
describe('change notifications delivered late, out of order, or not at all', () => {
  let harness: AppHarness;
  let rt: RealtimeHarness;
  let tenantId: string;

  beforeAll(async () => {
    ({ harness, rt } = await startSubscribedHarness());
    tenantId = harness.graph.tenant.tenantId;
    // Graph retries for hours; here the same back-off runs in milliseconds.
    const set = await rt.control('/subscriptions/faults', 'PUT', {
      retry: { firstDelayMs: 100, maxDelayMs: 400, windowMs: 1_400 },
    });
    expect(set.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  const store = () => harness.testStore.store;
  const pending = () => rt.pending();
  const deliveries = async () =>
    ((await (await rt.control('/subscriptions', 'GET')).json()) as { deliveries: DeliveryRecord[] }).deliveries;
  const faults = async (body: Record<string, unknown>) =>
    expect((await rt.control('/subscriptions/faults', 'PUT', body)).status).toBe(200);
  const body = async (userId: string, graphId: string) =>
    (await store().interactions.findOne({ _id: interactionId(tenantId, userId, graphId) }))?.body?.content;

  it('refuses faults it does not know, or out of range, with a 400', async () => {
    for (const bad of [
      { outOfOrder: -1 },
      { delay: 1.5 },
      { delayMs: 10_000_000 },
      { jitter: 1 },
      { retry: { x: 1 } },
    ]) {
      const answer = await rt.control('/subscriptions/faults', 'PUT', bad);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });

  it('ends with the edited text when the update overtakes the creation and both wait in the queue', async () => {
    const userId = harness.adminUser.graph.id;
    await faults({ outOfOrder: 1, delayMs: 30_000 });
    const { ids } = await rt.addTurns(userId, ['Draft the onboarding checklist']);
    await rt.waitFor(async () => (await deliveries()).at(-1)?.status === 'held');
    const edited = 'Draft the onboarding checklist for contractors';
    expect((await rt.control(`/activity/${userId}/${ids[0]}`, 'PATCH', { content: edited })).status).toBe(200);
    // The update is sent first, then the held creation (the answer and the prompt's first version).
    await rt.waitFor(async () => (await pending()) >= 3);
    const order = await rt.collections.queue.find({ status: 'pending' }).sort({ receivedAt: 1, _id: 1 }).toArray();
    expect(order.map((q) => q.changeType)).toEqual(['updated', 'created', 'created']);
    expect(await rt.worker.drain()).toMatchObject({ stored: 2 });
    expect(await body(userId, ids[0]!)).toBe(edited);
    await expectStoreEqualsGraph(harness);
  });

  it('ends with the edited text when the update is stored before the delayed creation arrives', async () => {
    const userId = harness.nonAdminUser.graph.id;
    await faults({ delay: 1, delayMs: 1_500 });
    const { ids } = await rt.addTurns(userId, ['Which contracts expire this quarter?']);
    const edited = 'Which contracts expire this quarter, by region?';
    expect((await rt.control(`/activity/${userId}/${ids[0]}`, 'PATCH', { content: edited })).status).toBe(200);
    await rt.waitFor(async () => (await pending()) >= 1);
    // The update of an interaction not stored yet stores it, as it now is.
    expect(await rt.worker.drain()).toMatchObject({ stored: 1 });
    expect(await body(userId, ids[0]!)).toBe(edited);
    await rt.waitFor(async () => (await pending()) >= 2, 15_000);
    expect(await rt.worker.drain()).toMatchObject({ stored: 1 }); // the answer; the old prompt changes nothing
    expect(await body(userId, ids[0]!)).toBe(edited);
    await expectStoreEqualsGraph(harness);
  });

  it("queues two users' edits of interactions that share a Graph id and etag (ids are unique per user only)", async () => {
    harness.advanceClock(60_000);
    const mine = await rt.addTurns(harness.adminUser.graph.id, ['Plan the team offsite']);
    const theirs = await rt.addTurns(harness.nonAdminUser.graph.id, ['Plan the sales kickoff']);
    expect(theirs.ids[0]).toBe(mine.ids[0]); // the same moment, so the same Graph id
    await rt.waitFor(async () => (await pending()) >= 4);
    expect(await rt.worker.drain()).toMatchObject({ stored: 4 });
    for (const [user, text] of [
      [harness.adminUser, 'Plan the team offsite in May'],
      [harness.nonAdminUser, 'Plan the sales kickoff in May'],
    ] as const)
      expect((await rt.control(`/activity/${user.graph.id}/${mine.ids[0]}`, 'PATCH', { content: text })).status).toBe(
        200,
      );
    await rt.waitFor(async () => (await pending()) >= 2);
    expect(await rt.worker.drain()).toMatchObject({ updated: 2 });
    expect(await body(harness.adminUser.graph.id, mine.ids[0]!)).toBe('Plan the team offsite in May');
    expect(await body(harness.nonAdminUser.graph.id, mine.ids[0]!)).toBe('Plan the sales kickoff in May');
    await expectStoreEqualsGraph(harness);
  });

  it('stores a delayed notification once when the polling pass stored it first', async () => {
    const userId = harness.adminUser.graph.id;
    await faults({ delay: 1, delayMs: 1_500 });
    const { ids } = await rt.addTurns(userId, ['Summarise the security review']);
    harness.advanceClock(60_000);
    expect((await harness.sync('incremental')).counts.interactionsNew).toBeGreaterThanOrEqual(2);
    const before = await actualAggregates(store(), tenantId);
    await rt.waitFor(async () => (await pending()) >= 2, 15_000);
    expect(await rt.worker.drain()).toMatchObject({ stored: 0 });
    for (const id of ids) expect(await store().interactions.countDocuments({ tenantId, userId, graphId: id })).toBe(1);
    expect(await actualAggregates(store(), tenantId)).toEqual(before);
    await expectStoreEqualsGraph(harness);
  });

  it('keeps retrying while the webhook cannot be reached, and delivers once it can', async () => {
    const userId = harness.nonAdminUser.graph.id;
    await faults({ unreachable: 2 });
    // Whatever an earlier test left queued is not this one's (under load a late one can still be pending).
    await rt.worker.drain();
    const before = (await deliveries()).length;
    const { ids } = await rt.addTurns(userId, ['List the renewals due in April']);
    const delivered = async () => (await deliveries()).slice(before).some((d) => d.status === 202);
    await rt.waitFor(async () => (await delivered()) && (await pending()) >= 2, 15_000);
    const attempts = (await deliveries()).slice(before);
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [0, 'unreachable'],
      [1, 'unreachable'],
      [2, 202],
    ]);
    expect(await rt.worker.drain()).toMatchObject({ stored: 2 });
    for (const id of ids) expect(await store().interactions.countDocuments({ tenantId, userId, graphId: id })).toBe(1);
    await expectStoreEqualsGraph(harness);
  });

  it('drops a notification after the retry window, and the next polling pass fills the gap and records it', async () => {
    const userId = harness.adminUser.graph.id;
    const deps = {
      store: store(),
      collections: rt.collections,
      tenantId,
      now: harness.ctx.now,
      logger: createSilentLogger(),
      reconcileIntervalMs: 360 * 60_000,
      silenceMs: 120 * 60_000,
    };
    harness.advanceClock(60_000);
    await recordReconciliation(deps, await harness.sync('incremental'));
    await faults({ unreachable: 100 });
    await rt.worker.drain();
    const before = (await deliveries()).length;
    const { ids } = await rt.addTurns(userId, ['Which suppliers missed their SLA?']);
    await rt.waitFor(async () => (await deliveries()).at(-1)?.status === 'dropped', 15_000);
    const attempts = (await deliveries()).slice(before);
    // 100, 200, 400 and 400 ms of back-off fit the 1.4 s window; another 400 would not.
    expect(attempts.map((d) => d.status)).toEqual([...Array(5).fill('unreachable'), 'dropped']);
    expect(await pending()).toBe(0);
    await faults({ unreachable: 0 });

    harness.advanceClock(10 * 60_000);
    const run = await harness.sync('incremental');
    const record = (await recordReconciliation(deps, run))!;
    expect(record).toMatchObject({ found: 2, missed: 2 });
    for (const id of ids) expect(await store().interactions.countDocuments({ tenantId, userId, graphId: id })).toBe(1);
    await expectStoreEqualsGraph(harness);
  });
});
