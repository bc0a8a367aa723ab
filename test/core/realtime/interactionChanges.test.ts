import { interactionId } from '../../../server/core/sync/interactionMapper';
import type { AppHarness } from '../../support/appHarness';
import { actualAggregates } from '../../support/groundTruth';
import { expectStoreEqualsGraph, startSubscribedHarness, type RealtimeHarness } from '../../support/realtimeHarness';

describe('updated and deleted change notifications', () => {
  let harness: AppHarness;
  let rt: RealtimeHarness;
  let tenantId: string;

  beforeAll(async () => {
    ({ harness, rt } = await startSubscribedHarness());
    tenantId = harness.graph.tenant.tenantId;
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  const store = () => harness.testStore.store;
  const pending = () => rt.pending();
  const drainAfter = (count: number) => rt.drainAfter(count);

  it('replaces an updated interaction once, without counting it again', async () => {
    const userId = harness.adminUser.graph.id;
    const { ids } = await rt.addTurns(userId, ['Draft the Q3 board letter']);
    expect(await drainAfter(2)).toMatchObject({ stored: 2 });
    const before = await actualAggregates(store(), tenantId);

    const edited = 'Draft the Q3 board letter, shorter, for the audit committee';
    const patch = await rt.control(`/activity/${userId}/${ids[0]}`, 'PATCH', { content: edited });
    expect(patch.status).toBe(200);
    expect(await drainAfter(1)).toMatchObject({ stored: 0, updated: 1 });
    const stored = await store().interactions.findOne({ _id: interactionId(tenantId, userId, ids[0]!) });
    expect(stored!.body!.content).toBe(edited);
    expect(stored!.etag).toBe(`${ids[0]}~1`);
    expect(await actualAggregates(store(), tenantId)).toEqual(before);

    // The same update again (a redelivery with a new queue entry) and the next polling pass change nothing.
    await rt.collections.queue.deleteMany({});
    const replay = await rt.control(`/activity/${userId}/${ids[0]}`, 'PATCH', { content: edited });
    expect(replay.status).toBe(200);
    expect(await drainAfter(1)).toMatchObject({ updated: 1 });
    harness.advanceClock(60_000);
    const run = await harness.sync('incremental');
    expect(run.counts.interactionsNew).toBe(0);
    expect(await actualAggregates(store(), tenantId)).toEqual(before);
    await expectStoreEqualsGraph(harness);
  });

  it('counts the data sources an edit cites, new or known, as a full sync of the edited history would', async () => {
    const userId = harness.nonAdminUser.graph.id;
    const { ids } = await rt.addTurns(userId, ['Summarise the vendor review']);
    expect(await drainAfter(2)).toMatchObject({ stored: 2 });
    const edit = async (links: string[]) => {
      expect((await rt.control(`/activity/${userId}/${ids[1]}`, 'PATCH', { links })).status).toBe(200);
      expect(await drainAfter(1)).toMatchObject({ updated: 1 });
    };

    // A file on a site no stored interaction cited: its source, this user's use of it and its site are made.
    const domain = harness.graph.tenant.domain.split('.')[0]!;
    const fresh = `https://${domain}.sharepoint.com/sites/VendorReview2031/Shared%20Documents/Review.docx`;
    expect(await store().dataSources.countDocuments({ tenantId, url: { $regex: 'VendorReview2031' } })).toBe(0);
    await edit([fresh]);
    expect(await store().dataSources.findOne({ tenantId, url: { $regex: 'VendorReview2031' } })).toMatchObject({
      referenceCount: 1,
      userCount: 1,
      appKeys: [expect.any(String)],
    });
    await expectStoreEqualsGraph(harness);

    // Replaced by a source other users cite and this one does not: it gains a user; the first one goes entirely.
    const known = await store()
      .dataSources.find({ tenantId, url: { $regex: '^https://' }, userCount: { $gte: 1 } })
      .toArray();
    const others = [];
    for (const source of known)
      if (!(await store().dataSourceUsage.findOne({ tenantId, key: source.key, userId }))) others.push(source);
    expect(others.length).toBeGreaterThan(0);
    const before = others[0]!;
    await edit([before.url!]);
    expect(await store().dataSources.findOne({ _id: before._id })).toMatchObject({
      referenceCount: before.referenceCount + 1,
      userCount: before.userCount + 1,
    });
    expect(await store().dataSources.countDocuments({ tenantId, url: { $regex: 'VendorReview2031' } })).toBe(0);
    await expectStoreEqualsGraph(harness);

    // The same edit again and the next polling pass change nothing.
    await rt.collections.queue.deleteMany({});
    await edit([before.url!]);
    harness.advanceClock(60_000);
    expect((await harness.sync('incremental')).counts.interactionsNew).toBe(0);
    await expectStoreEqualsGraph(harness);
  });

  it('removes a deleted interaction, keeps a tombstone without text and corrects every aggregate', async () => {
    const userId = harness.nonAdminUser.graph.id;
    const { ids, sessionId } = await rt.addTurns(userId, ['Which suppliers renew in May?', 'And in June?']);
    expect(await drainAfter(4)).toMatchObject({ stored: 4 });
    const conversation = () =>
      store().conversations.findOne(
        { tenantId, userId, sessionId },
        { projection: { lastAt: 1, interactionCount: 1 } },
      );
    const lastAtBefore = (await conversation())!.lastAt;

    // The last answer goes: the conversation's last time moves back to what remains.
    const removed = await rt.control(`/activity/${userId}/${ids[3]}`, 'DELETE');
    expect(removed.status).toBe(200);
    expect(await drainAfter(1)).toMatchObject({ deleted: 1 });
    expect(await store().interactions.countDocuments({ tenantId, userId, graphId: ids[3] })).toBe(0);
    const tombstone = await rt.collections.tombstones.findOne({ _id: interactionId(tenantId, userId, ids[3]!) });
    expect(tombstone).toMatchObject({ graphId: ids[3], userId, sessionId, wasStored: true });
    expect(tombstone!.countsCorrectedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(tombstone)).not.toContain('Answer to');
    expect((await conversation())!.lastAt.getTime()).toBeLessThan(lastAtBefore.getTime());
    await expectStoreEqualsGraph(harness);

    // The rest of the session goes: the conversation itself and what it alone made count go with it.
    for (const id of ids.slice(0, 3))
      expect((await rt.control(`/activity/${userId}/${id}`, 'DELETE')).status).toBe(200);
    expect(await drainAfter(3)).toMatchObject({ deleted: 3 });
    expect(await conversation()).toBeNull();
    await expectStoreEqualsGraph(harness);

    // A redelivered deletion and the next polling pass change nothing.
    await rt.collections.queue.deleteMany({});
    const again = await rt.worker.drain();
    expect(again.deleted).toBe(0);
    harness.advanceClock(60_000);
    expect((await harness.sync('incremental')).counts.interactionsNew).toBe(0);
    await expectStoreEqualsGraph(harness);
  });

  it('keeps an interaction deleted before it was stored from being stored later', async () => {
    const userId = harness.adminUser.graph.id;
    const { ids } = await rt.addTurns(userId, ['Summarise the travel policy']);
    await rt.waitFor(async () => (await pending()) >= 2);
    // The created notifications wait (as if the worker were busy); Graph deletes the prompt meanwhile.
    const before = await rt.collections.queue.find({ status: 'pending' }).toArray();
    await rt.collections.queue.updateMany({ status: 'pending' }, { $set: { status: 'deferred' } });
    expect((await rt.control(`/activity/${userId}/${ids[0]}`, 'DELETE')).status).toBe(200);
    await rt.waitFor(async () => (await pending()) >= 1);
    await rt.worker.drain();
    await rt.collections.queue.updateMany({ _id: { $in: before.map((b) => b._id) } }, { $set: { status: 'pending' } });
    await rt.worker.drain();
    expect(await store().interactions.countDocuments({ tenantId, userId, graphId: ids[0] })).toBe(0);
    expect(await store().interactions.countDocuments({ tenantId, userId, graphId: ids[1] })).toBe(1);
    await expectStoreEqualsGraph(harness);
  });

  it('finishes a deletion a crash interrupted without taking the counts back twice', async () => {
    const userId = harness.adminUser.graph.id;
    const { ids } = await rt.addTurns(userId, ['List the overdue invoices', 'Group them by vendor']);
    await drainAfter(4);
    expect((await rt.control(`/activity/${userId}/${ids[3]}`, 'DELETE')).status).toBe(200);
    await rt.waitFor(async () => (await pending()) >= 1);
    // The first attempt takes the counters back, then dies before the interaction is removed.
    const crash = jest.spyOn(store().interactions, 'deleteOne').mockRejectedValueOnce(new Error('process killed'));
    await expect(rt.worker.drain()).rejects.toThrow('process killed');
    crash.mockRestore();
    const _id = interactionId(tenantId, userId, ids[3]!);
    expect((await rt.collections.tombstones.findOne({ _id }))!.countsCorrectedAt).toBeNull();
    expect(await store().interactions.countDocuments({ _id })).toBe(1);
    // Another worker takes the stale claim and finishes it.
    harness.advanceClock(120_000);
    expect(await rt.newWorker().drain()).toMatchObject({ deleted: 1 });
    expect((await rt.collections.tombstones.findOne({ _id }))!.countsCorrectedAt).toBeInstanceOf(Date);
    await expectStoreEqualsGraph(harness);
  });
});
