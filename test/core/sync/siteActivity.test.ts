import { ask, type EngineDeps } from '../../../server/core/ask/engine';
import { BatchWriter, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { rebuildSiteActivity } from '../../../server/core/sync/siteActivityRebuild';
import type { AiInteractionContext } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { naturalId } from '../../../server/store/naturalId';
import { fixedEngineDeps } from '../../ask/askKit';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';
import { NOW, syncedTenant, type SyncedTenant } from '../insights/syncedTenant';
import { actualSites, expectedSites, storedRows } from '../../support/groundTruth';

/**
 * The per-site reference counts (`siteActivity`) are kept by the sync's aggregate ops, exactly once like the others,
 * and rebuilt from the data sources where a store predates them. Checked against the raw interactions: each source an
 * interaction used counts once for its site, the SharePoint site of its address ("host/sites/Name") or else its host.
 */

describe('the per-site reference counts of a synced tenant', () => {
  let s: SyncedTenant;
  let deps: EngineDeps;
  beforeAll(async () => {
    s = await syncedTenant('siteActivity');
    deps = await fixedEngineDeps(s.t.store, s.tenantId, NOW);
  });
  afterAll(async () => s?.close());
  afterEach(() => jest.restoreAllMocks());

  it('count every source an interaction used once for its site, as the raw interactions say', async () => {
    const expected = expectedSites(s.rows);
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    expect(await actualSites(s.t.store, s.tenantId)).toEqual(expected);
    expect(await s.t.store.siteActivityBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });

  it('answer "most referenced sites" as the data sources grouped by site do, without reading the data sources', async () => {
    const find = jest.spyOn(s.t.store.dataSources, 'find');
    const fromAggregate = await ask(deps, 'most referenced sites');
    expect(find).not.toHaveBeenCalled();
    find.mockRestore();
    // Without the aggregate (a store not yet rebuilt) the engine groups every data source itself.
    await s.t.store.siteActivityBuilt.deleteMany({ tenantId: s.tenantId });
    try {
      const fromSources = await ask(deps, 'most referenced sites');
      expect(fromAggregate.rows.length).toBeGreaterThan(1);
      expect({ rows: fromAggregate.rows, summary: fromAggregate.summary }).toEqual({
        rows: fromSources.rows,
        summary: fromSources.summary,
      });
      const top = Object.entries(expectedSites(s.rows)).sort((a, b) => b[1] - a[1])[0]!;
      expect(fromAggregate.rows[0]).toMatchObject({ site: top[0], value: top[1] });
    } finally {
      await rebuildSiteActivity(s.t.store, s.tenantId);
    }
  });

  it('are built by the next sync where a store has none (synced before they existed)', async () => {
    await s.t.store.siteActivity.deleteMany({ tenantId: s.tenantId });
    await s.t.store.siteActivityBuilt.deleteMany({ tenantId: s.tenantId });
    await s.syncAgain();
    expect(await actualSites(s.t.store, s.tenantId)).toEqual(expectedSites(await storedRows(s.t.store, s.tenantId)));
    expect(await s.t.store.siteActivityBuilt.countDocuments({ tenantId: s.tenantId })).toBe(1);
  });
});

describe('the per-site reference counts through crashes of the batch writer', () => {
  const tenantId = 'tenant-sites';
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('siteBatches');
    writer = new BatchWriter(t.store, createSilentLogger());
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const file = (site: string, name: string): AiInteractionContext => ({
    contextReference: `https://contoso.sharepoint.com/sites/${site}/Shared%20Documents/${name}`,
    contextType: 'Document',
    displayName: name,
  });

  /** One user's prompt and response, both drawing on `contexts`. */
  function batchOf(batchId: string, userId: string, firstId: number, contexts: AiInteractionContext[]): PendingBatch {
    const at = new Date('2026-11-02T10:00:00Z');
    const interactions = [
      buildInteraction({ id: String(firstId), contexts }),
      buildInteraction({ id: String(firstId + 1), interactionType: 'aiResponse', contexts }),
    ].map((i) => mapInteraction(tenantId, userId, i, at));
    return pendingBatch(tenantId, batchId, buildUser({ id: userId }), interactions, at);
  }

  const twoSites = [file('Sales', 'Plan.docx'), file('Sales', 'Budget.xlsx'), file('Legal', 'Terms.docx')];

  it("count a batch once when it died before being marked applied, though another user's batch counted since", async () => {
    jest.spyOn(t.store.syncBatchesApplied, 'updateOne').mockRejectedValueOnce(new Error('the process died here'));
    await expect(writer.write(batchOf('b1', 'user-a', 1000, twoSites))).rejects.toThrow('the process died here');
    await writer.write(batchOf('b2', 'user-b', 2000, [file('Legal', 'Terms.docx')]));
    expect(await writer.recover(tenantId)).toBe(1);
    // b1: two interactions × (two Sales files, one Legal); b2: two interactions × one Legal file.
    expect(await actualSites(t.store, tenantId)).toEqual({
      'contoso.sharepoint.com/sites/Sales': 4,
      'contoso.sharepoint.com/sites/Legal': 4,
    });
    const marked = await t.store.siteActivity.find({ tenantId, applied: { $ne: {} } }).toArray();
    expect(marked.filter((d) => Object.keys(d.applied ?? {}).length > 0)).toEqual([]);
  });

  it('finish a batch whose interactions were stored before the crash, exactly once, and match a rebuild', async () => {
    const batch = batchOf('b1', 'user-a', 1000, twoSites);
    await t.store.syncBatches.insertOne(batch.entry);
    await t.store.interactions.insertMany(batch.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    const kept = await actualSites(t.store, tenantId);
    expect(kept).toEqual({ 'contoso.sharepoint.com/sites/Sales': 4, 'contoso.sharepoint.com/sites/Legal': 2 });
    // A rebuild from the data sources' own counts gives the same, and removes a site no source is in.
    await t.store.siteActivity.insertOne({
      _id: naturalId('stale-site'),
      tenantId,
      site: 'contoso.sharepoint.com/sites/Gone',
      referenceCount: 3,
    });
    expect(await rebuildSiteActivity(t.store, tenantId)).toBe(2);
    expect(await actualSites(t.store, tenantId)).toEqual(kept);
  });
});
