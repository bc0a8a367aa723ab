import type { AnyBulkWriteOperation } from 'mongodb';
import type { SiteActivityDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { siteOfKey, sitePrefixOfKey } from '../dataSourceSite';
import { aggregateIds } from './aggregateOps';

const builtId = (tenantId: string) => naturalId('siteActivityBuilt', tenantId);

/** Whether the tenant's per-site aggregate holds every data source's references (else readers use the sources). */
export async function siteActivityBuilt(store: Store, tenantId: string): Promise<boolean> {
  return (await store.siteActivityBuilt.findOne({ _id: builtId(tenantId) }, { projection: { _id: 1 } })) !== null;
}

/**
 * Rebuilds the per-site aggregate from the data sources' own counts (each source's references go to its site), then
 * marks it built. Idempotent (every site's count is set, sites left without sources go), so a crash midway is
 * finished by the next call. Call it where no batch writes: at the start of a sync, under its lease.
 */
export async function rebuildSiteActivity(store: Store, tenantId: string, now: Date = new Date()): Promise<number> {
  const totals = new Map<string, { referenceCount: number; prefix: string | null }>();
  // In key order: a site's prefix is its first source's, as a question naming the site reads it.
  const sources = store.dataSources
    .find({ tenantId }, { projection: { _id: 0, key: 1, referenceCount: 1 } })
    .sort({ key: 1 });
  for await (const s of sources) {
    const site = siteOfKey(s.key) ?? '';
    const total = totals.get(site) ?? { referenceCount: 0, prefix: null };
    total.referenceCount += s.referenceCount;
    total.prefix ??= sitePrefixOfKey(s.key);
    totals.set(site, total);
  }
  const writes: AnyBulkWriteOperation<SiteActivityDoc>[] = [...totals].map(([site, total]) => ({
    updateOne: {
      filter: { _id: aggregateIds.site(tenantId, site) },
      update: { $set: { tenantId, site, ...total } },
      upsert: true,
    },
  }));
  for (let i = 0; i < writes.length; i += 1_000)
    await store.siteActivity.bulkWrite(writes.slice(i, i + 1_000), { ordered: false });
  await store.siteActivity.deleteMany({ tenantId, site: { $nin: [...totals.keys()] } });
  await store.siteActivityBuilt.updateOne(
    { _id: builtId(tenantId) },
    { $set: { tenantId, builtAt: now } },
    { upsert: true },
  );
  return totals.size;
}

/**
 * Builds the per-site aggregate where it was never built (a store synced before it existed), or again when asked
 * (data sources were merged: their sites lose the references counted twice). Returns whether it built.
 */
export async function ensureSiteActivity(
  store: Store,
  tenantId: string,
  options: { rebuild?: boolean; now?: Date } = {},
): Promise<boolean> {
  if (!options.rebuild && (await siteActivityBuilt(store, tenantId))) return false;
  await rebuildSiteActivity(store, tenantId, options.now);
  return true;
}
