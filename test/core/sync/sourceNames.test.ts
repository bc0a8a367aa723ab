import { understand, type EngineDeps } from '../../../server/core/ask/engine';
import { siteOfKey, sitePrefixOfKey } from '../../../server/core/dataSourceSite';
import { nameHeads } from '../../../server/core/sourceNames';
import { sourceNamesBuilt } from '../../../server/core/sync/sourceNamesBuild';
import { fixedEngineDeps } from '../../ask/askKit';
import { NOW, syncedTenant, type SyncedTenant } from '../insights/syncedTenant';

/**
 * The keys a question's source names are looked up by: every source's name heads and every site's key prefix, kept by
 * the sync's ops as it stores them, and built at a sync's start for a store that predates them (until then a named
 * source is found by reading every source, as before).
 */
describe('the name heads of the sources and the prefixes of the sites', () => {
  let s: SyncedTenant;
  let deps: EngineDeps;
  beforeAll(async () => {
    s = await syncedTenant('sourceNames');
    deps = await fixedEngineDeps(s.t.store, s.tenantId, NOW);
  });
  afterAll(async () => s?.close());

  /** Every source's stored heads against its name's, and every site's prefix against its sources' keys. */
  async function expectBuilt(): Promise<void> {
    const sources = await s.t.store.dataSources.find({ tenantId: s.tenantId }).sort({ key: 1 }).toArray();
    expect(sources.length).toBeGreaterThan(10);
    for (const x of sources) expect({ key: x.key, nameHead: x.nameHead, stemHead: x.stemHead }).toEqual({ key: x.key, ...nameHeads(x.name) }); // prettier-ignore
    // A site's prefix is that of its first source in key order.
    const prefixes = new Map<string, string | null>();
    for (const x of sources) if (!prefixes.has(siteOfKey(x.key) ?? '')) prefixes.set(siteOfKey(x.key) ?? '', sitePrefixOfKey(x.key)); // prettier-ignore
    const sites = await s.t.store.siteActivity.find({ tenantId: s.tenantId }).toArray();
    expect(sites.filter((x) => x.prefix).length).toBeGreaterThan(1);
    expect(sites.map((x) => [x.site, x.prefix])).toEqual(sites.map((x) => [x.site, prefixes.get(x.site)]));
    expect(await sourceNamesBuilt(s.t.store, s.tenantId)).toBe(true);
  }

  it('are stored with each source and site by the sync', expectBuilt);

  it('are built by the next sync where a store predates them, and a named file is found the same before and after', async () => {
    const file = (await s.t.store.dataSources.findOne({ tenantId: s.tenantId, kind: 'file' }, { sort: { referenceCount: -1 } }))!; // prettier-ignore
    const question = `how many people opened ${file.name} last month`;
    const before = await understand(deps, question);
    await s.t.store.dataSources.updateMany({ tenantId: s.tenantId }, { $unset: { nameHead: '', stemHead: '' } });
    await s.t.store.siteActivity.updateMany({ tenantId: s.tenantId }, { $unset: { prefix: '' } });
    await s.t.store.siteActivityBuilt.updateMany({ tenantId: s.tenantId }, { $unset: { names: '' } });
    // Not built: every source is read, and the file found in it.
    expect(await sourceNamesBuilt(s.t.store, s.tenantId)).toBe(false);
    const unbuilt = await understand(await fixedEngineDeps(s.t.store, s.tenantId, NOW), question);
    expect(unbuilt).toEqual(before);
    expect(before).toMatchObject({ type: 'query', query: { filters: { source: { key: file.key } } } });
    await s.syncAgain();
    await expectBuilt();
    expect(await understand(await fixedEngineDeps(s.t.store, s.tenantId, NOW), question)).toEqual(before);
  });
});
