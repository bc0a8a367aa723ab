import type { AnyBulkWriteOperation } from 'mongodb';
import type { DataSourceDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { nameHeads } from '../sourceNames';
import { rebuildSiteActivity } from './siteActivityRebuild';

/** The per-site aggregate's built mark carries this build's too: the sites' key prefixes are part of it. */
const builtId = (tenantId: string) => naturalId('siteActivityBuilt', tenantId);

/**
 * Whether every source of the tenant has its name heads and every site its key prefix, so a question naming one
 * reads them by index (else readers read every source).
 */
export async function sourceNamesBuilt(store: Store, tenantId: string): Promise<boolean> {
  const mark = await store.siteActivityBuilt.findOne(
    { _id: builtId(tenantId), names: true },
    { projection: { _id: 1 } },
  );
  return mark !== null;
}

/**
 * Gives the sources stored without name heads theirs (a store synced before they existed, or sources merged into a
 * new key: `rebuild`), and where the store was never built, the sites their prefixes (a rebuild of the per-site
 * aggregate); then marks both built. Sources written by the sync's ops carry their heads. Idempotent, so a crash
 * midway is finished by the next call. Call it where no batch writes: at the start of a sync, under its lease, after
 * the per-site aggregate's own build. Returns whether it built.
 */
export async function ensureSourceNames(
  store: Store,
  tenantId: string,
  options: { rebuild?: boolean; now?: Date } = {},
): Promise<boolean> {
  const built = await sourceNamesBuilt(store, tenantId);
  if (built && !options.rebuild) return false;
  const missing = store.dataSources.find(
    { tenantId, nameHead: { $exists: false } },
    { projection: { _id: 1, name: 1 } },
  );
  let writes: AnyBulkWriteOperation<DataSourceDoc>[] = [];
  for await (const s of missing) {
    writes.push({ updateOne: { filter: { _id: s._id }, update: { $set: nameHeads(s.name) } } });
    if (writes.length < 1_000) continue;
    await store.dataSources.bulkWrite(writes, { ordered: false });
    writes = [];
  }
  if (writes.length) await store.dataSources.bulkWrite(writes, { ordered: false });
  if (built) return true;
  await rebuildSiteActivity(store, tenantId, options.now);
  await store.siteActivityBuilt.updateOne({ _id: builtId(tenantId) }, { $set: { names: true } });
  return true;
}
