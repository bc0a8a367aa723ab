import { ask, type EngineDeps } from '../../../server/core/ask/engine';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { currentDataSourceKey, MAYBE_OUTDATED_KEY } from '../../../server/core/sync/dataSourceUrl';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { rebuildSourceMonths } from '../../../server/core/sync/sourceMonthsRebuild';
import type { AiInteractionContext } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { naturalId } from '../../../server/store/naturalId';
import { fixedEngineDeps } from '../../ask/askKit';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';
import { NOW, syncedTenant, type SyncedTenant } from '../insights/syncedTenant';
import { actualSourceMonths, expectedSourceMonths } from '../../support/groundTruth';

/**
 * The per-source monthly reference counts (`sourceMonths`) are kept by the sync's aggregate ops, exactly once like the
 * others, and rebuilt from the stored interactions where a store predates them. Checked against the stored
 * interactions: each source an interaction cites counts once in the UTC month of its time.
 */

describe('the per-source monthly reference counts of a synced tenant', () => {
  let s: SyncedTenant;
  let deps: EngineDeps;
  beforeAll(async () => {
    s = await syncedTenant('sourceMonths');
    deps = await fixedEngineDeps(s.t.store, s.tenantId, NOW);
  });
  afterAll(async () => s?.close());
  afterEach(() => jest.restoreAllMocks());

  it('count every source an interaction cites once in its month, as the stored interactions say', async () => {
    const expected = await expectedSourceMonths(s.t.store, s.tenantId);
    expect(new Set(Object.keys(expected).map((k) => k.slice(0, 7))).size).toBeGreaterThan(2);
    expect(await actualSourceMonths(s.t.store, s.tenantId)).toEqual(expected);
    expect(await s.t.store.sourceMonthsBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });

  it.each([
    'most referenced files this month',
    'most referenced files last month',
    'top 3 data sources this month',
    'which meetings were referenced most in October',
  ])('answer "%s" as counting the interactions does, without reading them', async (question) => {
    const aggregate = jest.spyOn(s.t.store.interactions, 'aggregate');
    const fromMonths = await ask(deps, question);
    expect(aggregate).not.toHaveBeenCalled();
    aggregate.mockRestore();
    // Without the counts (a store not yet rebuilt) the engine counts the month's interactions itself.
    await s.t.store.sourceMonthsBuilt.deleteMany({ tenantId: s.tenantId });
    try {
      const counted = jest.spyOn(s.t.store.interactions, 'aggregate');
      const fromInteractions = await ask(deps, question);
      expect(counted).toHaveBeenCalled();
      expect(fromMonths.rows.length).toBeGreaterThan(1);
      expect({ rows: fromMonths.rows, summary: fromMonths.summary, title: fromMonths.interpretation }).toEqual({
        rows: fromInteractions.rows,
        summary: fromInteractions.summary,
        title: fromInteractions.interpretation,
      });
    } finally {
      await rebuildSourceMonths(s.t.store, s.tenantId);
    }
  });

  it('count the interactions when something is stored after the period in its month', async () => {
    // "1 to 10 November": November's count also holds the 10th to the 20th, so the interactions are read.
    const aggregate = jest.spyOn(s.t.store.interactions, 'aggregate');
    const answer = await ask(deps, 'most referenced files between 1 November and 10 November');
    expect(aggregate).toHaveBeenCalled();
    expect(answer.rows.length).toBeGreaterThan(1);
  });

  it('move to the current key when the next sync merges a source stored under an earlier spelling', async () => {
    const tenantId = s.tenantId;
    const sources = await s.t.store.dataSources.find({ tenantId }).toArray();
    const file = sources.find((f) => /^[^?#]*\.[a-z]+$/.test(f.key))!;
    const oldKey = file.key.replace(/\.([a-z]+)$/, '%2e$1');
    expect(MAYBE_OUTDATED_KEY.test(oldKey) && currentDataSourceKey(oldKey) === file.key).toBe(true);
    // One interaction citing the file under both spellings, counted under both, as a store synced before the
    // current normalisation holds it.
    const cited = (await s.t.store.interactions.findOne({ tenantId, dataSourceKeys: file.key }))!;
    await s.t.store.interactions.updateOne({ _id: cited._id }, { $set: { dataSourceKeys: [...cited.dataSourceKeys, oldKey] } }); // prettier-ignore
    const at = { firstAt: cited.createdAt, lastAt: cited.createdAt };
    await s.t.store.dataSources.insertOne({
      ...file,
      ...{ _id: aggregateIds.dataSource(tenantId, oldKey), key: oldKey, referenceCount: 1, userCount: 1, ...at },
    });
    await s.t.store.dataSourceUsage.insertOne({
      _id: aggregateIds.dataSourceUsage(tenantId, oldKey, cited.userId),
      ...{ tenantId, key: oldKey, userId: cited.userId, referenceCount: 1, appKeys: [cited.appKey], ...at },
    });
    const month = cited.createdAt.toISOString().slice(0, 7);
    await s.t.store.sourceMonths.insertOne({
      _id: aggregateIds.sourceMonth(tenantId, month, oldKey),
      ...{ tenantId, month, key: oldKey, kind: file.kind, referenceCount: 1 },
    });
    const before = await actualSourceMonths(s.t.store, tenantId);
    expect(before[`${month}|${oldKey}`]).toBe(1);

    await s.syncAgain();
    expect(await s.t.store.dataSources.countDocuments({ tenantId, key: oldKey })).toBe(0);
    const after = await actualSourceMonths(s.t.store, tenantId);
    expect(after).toEqual(await expectedSourceMonths(s.t.store, tenantId));
    // The interaction's reference counted once, under the current key.
    expect(after[`${month}|${oldKey}`]).toBeUndefined();
    expect(after[`${month}|${file.key}`]).toBe(before[`${month}|${file.key}`]);
  });

  it('are built by the next sync where a store has none (synced before they existed)', async () => {
    await s.t.store.sourceMonths.deleteMany({ tenantId: s.tenantId });
    await s.t.store.sourceMonthsBuilt.deleteMany({ tenantId: s.tenantId });
    await s.syncAgain();
    const expected = await expectedSourceMonths(s.t.store, s.tenantId);
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(await actualSourceMonths(s.t.store, s.tenantId)).toEqual(expected);
    expect(await s.t.store.sourceMonthsBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });
});

describe('the per-source monthly reference counts through crashes of the batch writer', () => {
  const tenantId = 'tenant-source-months';
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('sourceMonthBatches');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const file = (name: string): AiInteractionContext => ({
    contextReference: `https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/${name}`,
    contextType: 'Document',
    displayName: name,
  });

  /** One user's prompt and response at `at`, both drawing on `contexts`. */
  function batchOf(
    batchId: string,
    userId: string,
    firstId: number,
    contexts: AiInteractionContext[],
    at = new Date('2026-11-02T10:00:00Z'),
  ): PendingBatch {
    const interactions = [
      buildInteraction({ id: String(firstId), contexts, createdDateTime: at.toISOString() }),
      buildInteraction({
        id: String(firstId + 1),
        interactionType: 'aiResponse',
        contexts,
        createdDateTime: at.toISOString(),
      }),
    ].map((i) => mapInteraction(tenantId, userId, i, at));
    return pendingBatch(tenantId, batchId, buildUser({ id: userId }), interactions, at);
  }

  const monthsOf = async () => {
    const counts = await actualSourceMonths(t.store, tenantId);
    return Object.fromEntries(Object.entries(counts).map(([k, n]) => [`${k.slice(0, 7)} ${k.split('/').at(-1)}`, n]));
  };

  it("count a batch once when it died before being marked applied, though another user's batch counted since", async () => {
    jest.spyOn(t.store.syncBatchesApplied, 'updateOne').mockRejectedValueOnce(new Error('the process died here'));
    const b1 = batchOf('b1', 'user-a', 1000, [file('Plan.docx'), file('Budget.xlsx')]);
    await expect(writer.write(b1)).rejects.toThrow('the process died here');
    await writer.write(batchOf('b2', 'user-b', 2000, [file('Plan.docx')], new Date('2026-12-01T09:00:00Z')));
    await writer.write(batchOf('b3', 'user-c', 3000, [file('Plan.docx')]));
    expect(await writer.recover(tenantId)).toBe(1);
    // Two interactions each: b1 cites both files in November, b2 the plan in December, b3 the plan in November.
    expect(await monthsOf()).toEqual({ '2026-11 Plan.docx': 4, '2026-11 Budget.xlsx': 2, '2026-12 Plan.docx': 2 });
    const marked = await t.store.sourceMonths.find({ tenantId }).toArray();
    expect(marked.filter((d) => Object.keys(d.applied ?? {}).length > 0)).toEqual([]);
  });

  it('finish a batch whose interactions were stored before the crash, exactly once, and match a rebuild', async () => {
    const batch = batchOf('b1', 'user-a', 1000, [file('Plan.docx'), file('Budget.xlsx')]);
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.interactions.insertMany(batch.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await writer.recover(tenantId)).toBe(0);
    const kept = await monthsOf();
    expect(kept).toEqual({ '2026-11 Plan.docx': 2, '2026-11 Budget.xlsx': 2 });
    // A rebuild from the stored interactions gives the same, and removes a month no stored interaction makes.
    const [doc] = await t.store.sourceMonths.find({ tenantId }).limit(1).toArray();
    await t.store.sourceMonths.insertOne({ ...doc!, _id: naturalId('stale-month'), month: '2026-09' });
    expect(await rebuildSourceMonths(t.store, tenantId)).toBe(2);
    expect(await monthsOf()).toEqual(kept);
    expect(await t.store.sourceMonths.countDocuments({ tenantId })).toBe(2);
  });
});
