import { buildAggregateOps, aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter, packOps, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { naturalId } from '../../../server/store/naturalId';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

const tenantId = 'tenant-batch';

function batchOf(batchId: string, userId = 'user-a', firstId = 1000): PendingBatch {
  const user = buildUser({ id: userId });
  const at = new Date('2026-11-02T10:00:00Z');
  const interactions = [
    buildInteraction({ id: String(firstId), createdDateTime: '2026-11-02T10:00:00.000Z' }),
    buildInteraction({
      id: String(firstId + 1),
      interactionType: 'aiResponse',
      createdDateTime: '2026-11-02T10:00:03.000Z',
    }),
  ].map((i) => mapInteraction(tenantId, userId, i, at));
  const ops = buildAggregateOps({
    tenantId,
    user,
    interactions,
    existingConversations: new Set(),
    existingUsages: new Set(),
  });
  return {
    entry: {
      _id: naturalId('syncBatch', batchId),
      batchId,
      tenantId,
      userIds: [userId],
      runId: 'run-1',
      createdAt: at,
      interactionIds: interactions.map((m) => m.doc._id),
      opsBson: packOps(ops),
      opCount: ops.length,
    },
    interactions: interactions.map((m) => m.doc),
    ops,
  };
}

describe('the batch writer', () => {
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('batch');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => t.close());

  async function snapshot() {
    const s = t.store;
    const agent = await s.agents.findOne({ _id: aggregateIds.agent(tenantId, 'user-a', 'word') });
    const source = await s.dataSources.findOne({ tenantId });
    const daily = await s.dailyActivity.findOne({ tenantId });
    return {
      interactions: await s.interactions.countDocuments({ tenantId }),
      agent: agent && {
        prompts: agent.promptCount,
        responses: agent.responseCount,
        conversations: agent.conversationCount,
      },
      source: source && { refs: source.referenceCount, users: source.userCount, applied: source.applied ?? {} },
      daily: daily && { total: daily.interactionCount, hour10: daily.hours[10], applied: daily.applied ?? {} },
      journal: await s.syncBatches.countDocuments({}),
    };
  }

  const expected = {
    interactions: 2,
    agent: { prompts: 1, responses: 1, conversations: 1 },
    source: { refs: 2, users: 1, applied: {} },
    daily: { total: 2, hour10: 2, applied: {} },
    journal: 0,
  };

  it('writes interactions and every aggregate, then clears its journal entry', async () => {
    const result = await writer.write(batchOf('b1'));
    expect(result).toMatchObject({
      interactionsNew: 2,
      conversationsNew: 1,
      agentsNew: 1,
      dataSourcesNew: 1,
      usersNew: 1,
    });
    expect(await snapshot()).toEqual(expected);
    const user = await t.store.users.findOne({ tenantId, userId: 'user-a' });
    expect(user).toMatchObject({ promptCount: 1, responseCount: 1, appCounts: { word: 2 }, department: 'Sales' });
  });

  it("reports a later batch's documents as updated, not new, and its interactions as new", async () => {
    await writer.write(batchOf('b1'));
    const later = await writer.write(batchOf('b2', 'user-a', 2000));
    expect(later).toEqual({
      interactionsNew: 2,
      conversationsNew: 0,
      conversationsUpdated: 1,
      agentsNew: 0,
      agentsUpdated: 1,
      dataSourcesNew: 0,
      dataSourcesUpdated: 1,
      usersNew: 0,
      usersUpdated: 1,
    });
    expect(await t.store.interactions.countDocuments({ tenantId })).toBe(4);
  });

  it("settles every batch a crash left, finishing one and undoing the other, and only that tenant's", async () => {
    const older = batchOf('b1', 'user-a', 1000);
    const newer = batchOf('b2', 'user-a', 2000);
    newer.entry.createdAt = new Date(older.entry.createdAt.getTime() + 1000);
    // Only the older batch's interactions were all stored before the crash.
    await t.store.syncBatches.insertMany([newer.entry, older.entry]);
    await t.store.interactions.insertMany(older.interactions);
    await t.store.interactions.insertOne(newer.interactions[0]!);
    // Another tenant's recovery leaves them alone.
    expect(await writer.recover('another-tenant')).toBe(0);
    expect(await t.store.syncBatches.countDocuments({})).toBe(2);
    expect(await writer.recover(tenantId)).toBe(2);
    expect(await snapshot()).toEqual(expected);
    expect(await writer.recover(tenantId)).toBe(0);
  });

  it('undoes a batch whose interactions were not all stored, so the page counts once when read again', async () => {
    const batch = batchOf('b1');
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.interactions.insertOne(batch.interactions[0]!); // died half-way through writing the page
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await t.store.interactions.countDocuments({})).toBe(0);
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
    await writer.write(batchOf('b2'));
    expect(await snapshot()).toEqual(expected);
  });

  it('finishes a batch whose interactions were stored before the crash, exactly once', async () => {
    const batch = batchOf('b1');
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.interactions.insertMany(batch.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await snapshot()).toEqual(expected);
  });

  it('does not count a batch twice when a crash came after its ops but before it was marked applied', async () => {
    const batch = batchOf('b1');
    await writer.write(batch);
    // The state a crash right after the guarded ops leaves: journal entry unmarked, shared markers still set.
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.dataSources.updateMany({ tenantId }, { $set: { 'applied.b1': true } });
    await t.store.dailyActivity.updateMany({ tenantId }, { $set: { 'applied.b1': true } });
    await writer.recover(tenantId);
    expect(await snapshot()).toEqual(expected);
  });

  it('keeps concurrent batches of different users apart on shared documents', async () => {
    await Promise.all([writer.write(batchOf('b1', 'user-a', 1000)), writer.write(batchOf('b2', 'user-b', 2000))]);
    const source = await t.store.dataSources.findOne({ tenantId });
    expect(source).toMatchObject({ referenceCount: 4, userCount: 2, appKeys: ['word'] });
    expect(source?.applied ?? {}).toEqual({});
    const daily = await t.store.dailyActivity.findOne({ tenantId });
    expect(daily?.interactionCount).toBe(4);
  });
});

describe('the batch writer after a crash between applying and clean-up', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('batchcrash');
  });
  afterAll(async () => t.close());

  it('clears the markers of an applied batch without applying it again', async () => {
    const writer = new BatchWriter(t.store, createSilentLogger());
    const batch = batchOf('b9');
    await writer.write(batch);
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.syncBatchesApplied.insertOne({ _id: batch.entry._id, tenantId, batchId: batch.entry.batchId });
    await t.store.dataSources.updateMany({ tenantId }, { $set: { 'applied.b9': true } });
    await writer.recover(tenantId);
    const source = await t.store.dataSources.findOne({ tenantId });
    expect(source).toMatchObject({ referenceCount: 2, userCount: 1 });
    expect(source?.applied ?? {}).toEqual({});
    // Unflagged shared documents are not applied again either: the mark says the batch is done.
    expect((await t.store.dailyActivity.findOne({ tenantId }))?.interactionCount).toBe(2);
    expect((await t.store.agents.findOne({ tenantId }))?.promptCount).toBe(1);
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
    expect(await t.store.syncBatchesApplied.countDocuments({})).toBe(0);
  });
});
