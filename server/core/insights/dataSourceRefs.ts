import type { Store } from '../../store/Store';
import { aggregateIds } from '../sync/aggregateOps';
import type { DataSourceRef } from './types';

/** Data sources by key, by `_id` point lookups; a key with no record comes back with the key only. */
export async function dataSourceRefs(
  store: Store,
  tenantId: string,
  keys: Iterable<string>,
): Promise<Map<string, DataSourceRef>> {
  const unique = [...new Set(keys)];
  const refs = new Map<string, DataSourceRef>();
  if (unique.length === 0) return refs;
  const docs = await store.dataSources
    .find(
      { _id: { $in: unique.map((key) => aggregateIds.dataSource(tenantId, key)) } },
      { projection: { key: 1, kind: 1, name: 1, url: 1 } },
    )
    .toArray();
  for (const d of docs) refs.set(d.key, { key: d.key, kind: d.kind, name: d.name, url: d.url });
  for (const key of unique) if (!refs.has(key)) refs.set(key, { key, kind: 'other', name: null, url: null });
  return refs;
}
