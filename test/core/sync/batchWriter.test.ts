import { createRiskScanner } from '../../../server/core/risk/riskScanner';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import {
  addBatchResult,
  BatchWriter,
  emptyBatchResult,
  type PendingBatch,
} from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import type { AiInteraction } from '../../../server/graph/types';
import type { Collection, Document } from 'mongodb';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser, documentContext, pendingBatch } from '../../support/factories';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

const tenantId = 'tenant-batch';

interface BatchShape {
  /** The prompt's text. */
  prompt?: string;
  /** When the prompt was sent (the response follows 3 s later). */
  hour?: number;
  /** The files both interactions drew on (default: one, Plan.docx). */
  contexts?: AiInteraction['contexts'];
}

function batchOf(batchId: string, userId = 'user-a', firstId = 1000, shape: BatchShape = {}): PendingBatch {
  const user = buildUser({ id: userId });
  const at = new Date('2026-11-02T10:00:00Z');
  const hour = String(shape.hour ?? 10).padStart(2, '0');
  const more = shape.contexts ? { contexts: shape.contexts } : {};
  const interactions = [
    buildInteraction({
      id: String(firstId),
      createdDateTime: `2026-11-02T${hour}:00:00.000Z`,
      body: { contentType: 'text', content: shape.prompt ?? 'Summarize this document' },
      ...more,
    }),
    buildInteraction({
      id: String(firstId + 1),
      interactionType: 'aiResponse',
      createdDateTime: `2026-11-02T${hour}:00:03.000Z`,
      ...more,
    }),
  ].map((i) => mapInteraction(tenantId, userId, i, at));
  return pendingBatch(tenantId, batchId, user, interactions, at);
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

  it('reports a first batch as all new, nothing updated, and counts no per-day or per-hour figures', async () => {
    expect(await writer.write(batchOf('b1'))).toEqual({
      interactionsNew: 2,
      conversationsNew: 1,
      conversationsUpdated: 0,
      agentsNew: 1,
      agentsUpdated: 0,
      dataSourcesNew: 1,
      dataSourcesUpdated: 0,
      usersNew: 1,
      usersUpdated: 0,
    });
  });

  it('writes a batch part with aggregate ops but no interactions (a split batch after its first part)', async () => {
    const whole = batchOf('b1');
    await t.store.interactions.insertMany(whole.interactions);
    const opsOnly = { ...whole, interactions: [] };
    expect(await writer.write(opsOnly)).toMatchObject({ interactionsNew: 0, conversationsNew: 1, usersNew: 1 });
    expect(await snapshot()).toEqual(expected);
  });

  it('counts only the interactions it inserted when some of the batch are stored already (a replay)', async () => {
    const batch = batchOf('b1');
    await t.store.interactions.insertOne(batch.interactions[0]!);
    expect((await writer.write(batch)).interactionsNew).toBe(1);
    expect(await snapshot()).toEqual(expected);
  });

  it('masks secrets and records findings before anything of the batch is stored', async () => {
    const password = ['Orchid', '81#', 'kqZ'].join('');
    const scanner = createRiskScanner({
      store: t.store,
      hashKey: Buffer.alloc(32, 7),
      now: () => new Date('2026-11-02T11:00:00Z'),
      logger: createSilentLogger(),
    });
    const storedAtScan: number[] = [];
    const scanning = new BatchWriter(t.store, createSilentLogger(), {
      scan: async (docs) => {
        storedAtScan.push(await t.store.interactions.countDocuments({ tenantId }));
        return scanner.scan(docs);
      },
    });
    await scanning.write(
      batchOf('b1', 'user-a', 1000, { prompt: `The VPN password is ${password}, send it to the contractor` }),
    );
    expect(storedAtScan).toEqual([0]);
    const stored = await t.store.interactions.find({ tenantId }).toArray();
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(password);
    expect(await t.store.findings.countDocuments({ tenantId, userId: 'user-a' })).toBe(1);
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

  it('settles the oldest batch first and says of each whether it was finished or undone', async () => {
    const { logger, lines } = captureLogs();
    const recovering = new BatchWriter(t.store, logger);
    const older = batchOf('b1', 'user-a', 1000);
    const newer = batchOf('b2', 'user-b', 2000);
    newer.entry.createdAt = new Date(older.entry.createdAt.getTime() + 1000);
    await t.store.syncBatches.insertMany([newer.entry, older.entry]);
    await t.store.interactions.insertMany(older.interactions);
    expect(await recovering.recover(tenantId)).toBe(2);
    expect(
      lines.map(({ level, msg, batchId, users, runId, complete }) => ({ level, msg, batchId, users, runId, complete })),
    ).toEqual([
      {
        level: 40,
        msg: 'Finishing a sync batch an interrupted run left unfinished.',
        batchId: 'b1',
        users: 1,
        runId: 'run-1',
        complete: true,
      },
      {
        level: 40,
        msg: 'Undoing the partial write of a sync batch an interrupted run left; its page will be read again.',
        batchId: 'b2',
        users: 1,
        runId: 'run-1',
        complete: false,
      },
    ]);
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

describe('the batch writer over several batches and crashes at each step', () => {
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('batchsteps');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const crash = () => new Error('the process died here');
  const source = async (name: string) => {
    const doc = await t.store.dataSources.findOne({ tenantId, name });
    return doc && { refs: doc.referenceCount, users: doc.userCount };
  };
  /** Markers of unfinished batches still on documents, per aggregate collection (none once a batch is done). */
  const markersLeft = async () => {
    const left: Record<string, number> = {};
    for (const name of [
      'conversations',
      'agents',
      'dataSources',
      'dataSourceUsage',
      'users',
      'dailyActivity',
      'dailyUserActivity',
    ] as const) {
      const docs = await (t.store[name] as unknown as Collection<Document>).find({ tenantId }).toArray();
      expect(docs.length).toBeGreaterThan(0);
      left[name] = docs.filter((d) => Object.keys((d.applied as object | undefined) ?? {}).length > 0).length;
    }
    return left;
  };
  const none = {
    conversations: 0,
    agents: 0,
    dataSources: 0,
    dataSourceUsage: 0,
    users: 0,
    dailyActivity: 0,
    dailyUserActivity: 0,
  };
  const twoFiles = [documentContext('Plan.docx'), documentContext('Budget.xlsx')];

  it("leaves no marker on any document, shared or one user's, once batches touching several are written", async () => {
    await writer.write(batchOf('b1', 'user-a', 1000, { contexts: twoFiles }));
    await writer.write(batchOf('b2', 'user-b', 2000, { contexts: twoFiles }));
    expect(await markersLeft()).toEqual(none);
    expect([await source('Plan.docx'), await source('Budget.xlsx')]).toEqual([
      { refs: 4, users: 2 },
      { refs: 4, users: 2 },
    ]);
  });

  it('reports no data sources when a batch used none, every count a number', async () => {
    const result = await writer.write(batchOf('b1', 'user-a', 1000, { contexts: [] }));
    expect(result).toEqual({
      ...emptyBatchResult(),
      interactionsNew: 2,
      conversationsNew: 1,
      agentsNew: 1,
      usersNew: 1,
    });
    const total = emptyBatchResult();
    addBatchResult(total, result);
    addBatchResult(total, result);
    expect(total).toEqual({
      ...emptyBatchResult(),
      interactionsNew: 4,
      conversationsNew: 2,
      agentsNew: 2,
      usersNew: 2,
    });
  });

  it('keeps the first and last activity across batches that arrive out of order', async () => {
    await writer.write(batchOf('b1', 'user-a', 1000, { hour: 10 }));
    await writer.write(batchOf('b2', 'user-a', 2000, { hour: 9 }));
    const agent = await t.store.agents.findOne({ _id: aggregateIds.agent(tenantId, 'user-a', 'word') });
    expect({ first: agent?.firstAt, last: agent?.lastAt }).toEqual({
      first: new Date('2026-11-02T09:00:00.000Z'),
      last: new Date('2026-11-02T10:00:03.000Z'),
    });
  });

  it("counts a batch once when it died before being marked applied, though another user's batch touched the same documents since", async () => {
    jest.spyOn(t.store.syncBatchesApplied, 'updateOne').mockRejectedValueOnce(crash());
    await expect(writer.write(batchOf('b1', 'user-a', 1000))).rejects.toThrow('the process died here');
    await writer.write(batchOf('b2', 'user-b', 2000));
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await source('Plan.docx')).toEqual({ refs: 4, users: 2 });
    expect((await t.store.dailyActivity.findOne({ tenantId }))?.interactionCount).toBe(4);
    expect((await t.store.agents.findOne({ _id: aggregateIds.agent(tenantId, 'user-a', 'word') }))?.promptCount).toBe(
      1,
    );
    expect(await markersLeft()).toEqual(none);
  });

  it('marks a batch applied for its tenant before cleaning up, and a later batch is not mistaken for it', async () => {
    jest.spyOn(t.store.syncBatches, 'deleteOne').mockRejectedValueOnce(crash());
    const first = batchOf('b1', 'user-a', 1000);
    await expect(writer.write(first)).rejects.toThrow('the process died here');
    const mark = { _id: first.entry._id, tenantId, batchId: 'b1' };
    expect(await t.store.syncBatchesApplied.find({}).toArray()).toEqual([mark]);
    // Another user's batch while that mark is left: applied in full, and only its own mark removed.
    await writer.write(batchOf('b2', 'user-b', 2000));
    expect(await source('Plan.docx')).toEqual({ refs: 4, users: 2 });
    expect((await t.store.agents.findOne({ _id: aggregateIds.agent(tenantId, 'user-b', 'word') }))?.promptCount).toBe(
      1,
    );
    expect(await t.store.syncBatchesApplied.find({}).toArray()).toEqual([mark]);
    // The next run's recovery finishes the first without applying it again.
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await source('Plan.docx')).toEqual({ refs: 4, users: 2 });
    expect(await t.store.syncBatchesApplied.countDocuments({})).toBe(0);
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
  });

  it("undoes an unfinished batch without touching another tenant's journal", async () => {
    const others = batchOf('other-1', 'user-x', 5000);
    others.entry.tenantId = 'another-tenant';
    await t.store.syncBatches.insertOne(others.entry);
    await t.store.syncBatches.insertOne(batchOf('b1').entry); // none of its interactions stored
    expect(await writer.recover(tenantId)).toBe(1);
    expect((await t.store.syncBatches.find({}).toArray()).map((e) => e.batchId)).toEqual(['other-1']);
  });

  it('fails a batch whose write meets an error other than a duplicate, even beside duplicates, rather than counting it written', async () => {
    await writer.write(batchOf('b1'));
    // A document the batch cannot update (a count that is not a number): the database refuses the $inc.
    await t.store.agents.updateOne(
      { _id: aggregateIds.agent(tenantId, 'user-a', 'word') },
      { $set: { promptCount: 'many' as unknown as number } },
    );
    const alone = batchOf('b2', 'user-a', 2000);
    await expect(writer.write(alone)).rejects.toThrow();
    // The same beside a duplicate in one write (two file usages: one this batch already applied, one it cannot
    // update): one error that is not a duplicate fails it.
    const beside = batchOf('b3', 'user-b', 3000, { contexts: twoFiles });
    await writer.write(batchOf('b0', 'user-b', 4000, { contexts: twoFiles }));
    const [applied, broken] = beside.ops.filter((op) => op.collection === 'dataSourceUsage');
    await t.store.dataSourceUsage.updateOne({ _id: applied!._id as never }, { $set: { lastBatch: 'b3' } });
    await t.store.dataSourceUsage.updateOne(
      { _id: broken!._id as never },
      { $set: { referenceCount: 'many' as unknown as number } },
    );
    await expect(writer.write(beside)).rejects.toThrow();
  });

  it('finishes every one-user document of a batch that died part-way through them, not only those before an applied one', async () => {
    const batch = batchOf('b1', 'user-a', 1000, { contexts: twoFiles });
    jest.spyOn(t.store.syncBatchesApplied, 'updateOne').mockRejectedValueOnce(crash());
    await expect(writer.write(batch)).rejects.toThrow('the process died here');
    // As if the process died between two upserts: the batch's last per-user file usage was never written.
    const usage = batch.ops.filter((op) => op.collection === 'dataSourceUsage');
    expect(usage).toHaveLength(2);
    await t.store.dataSourceUsage.deleteOne({ _id: usage[1]!._id as never });
    await writer.recover(tenantId);
    expect(await t.store.dataSourceUsage.countDocuments({ tenantId })).toBe(2);
  });

  it('keeps the mark of a second batch that dies after being marked while another mark is left', async () => {
    const deletes = jest.spyOn(t.store.syncBatches, 'deleteOne');
    deletes.mockRejectedValueOnce(crash());
    await expect(writer.write(batchOf('b1', 'user-a', 1000))).rejects.toThrow('the process died here');
    deletes.mockRejectedValueOnce(crash());
    await expect(writer.write(batchOf('b2', 'user-b', 2000))).rejects.toThrow('the process died here');
    expect((await t.store.syncBatchesApplied.find({}).sort({ batchId: 1 }).toArray()).map((m) => m.batchId)).toEqual([
      'b1',
      'b2',
    ]);
    expect(await writer.recover(tenantId)).toBe(2);
    expect(await source('Plan.docx')).toEqual({ refs: 4, users: 2 });
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
