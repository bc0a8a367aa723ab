import type { Filter } from 'mongodb';
import type { DataSourceDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind } from './pagedFind';
import type { DataSourceRow, DataSourcesQuery, Page } from './types';
import { overlapFilter } from './timeRange';
import { containsRegex } from './userDirectory';

/**
 * Files, sites and other sources Copilot used: most referenced (`referenceCount`), reached by the most distinct
 * users (`userCount`), by kind and app; with `range`, those referenced in it. Counts are all-time.
 */
export async function listDataSources(
  store: Store,
  tenantId: string,
  query: DataSourcesQuery,
): Promise<Page<DataSourceRow>> {
  const filter: Filter<DataSourceDoc> = { tenantId };
  if (query.kind !== undefined) filter.kind = query.kind as DataSourceDoc['kind'];
  if (query.appKey !== undefined) filter.appKeys = query.appKey;
  if (query.range) Object.assign(filter, overlapFilter(query.range, 'firstAt', 'lastAt'));
  if (query.search !== undefined) {
    const re = containsRegex(query.search);
    filter.$or = [{ name: re }, { url: re }];
  }
  const page = await pagedFind(store.dataSources, {
    filter,
    sortField: query.sort,
    textSort: query.sort === 'name',
    direction: query.direction,
    limit: query.limit,
    cursor: query.cursor,
  });
  return mapPage(page, (s) => ({
    key: s.key,
    kind: s.kind,
    name: s.name,
    url: s.url,
    host: s.host,
    firstAt: s.firstAt,
    lastAt: s.lastAt,
    referenceCount: s.referenceCount,
    userCount: s.userCount,
    appKeys: [...s.appKeys],
  }));
}

/** How many sources of each kind, and the references to them (all-time). */
export async function dataSourceKinds(
  store: Store,
  tenantId: string,
): Promise<Array<{ kind: string; sources: number; references: number }>> {
  const rows = await store.dataSources
    .aggregate<{ _id: string; sources: number; references: number }>([
      { $match: { tenantId } },
      { $group: { _id: '$kind', sources: { $sum: 1 }, references: { $sum: '$referenceCount' } } },
    ])
    .toArray();
  return rows
    .map((r) => ({ kind: r._id, sources: r.sources, references: r.references }))
    .sort((a, b) => b.references - a.references || a.kind.localeCompare(b.kind));
}
