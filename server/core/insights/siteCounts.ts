import type { Filter } from 'mongodb';
import type { SiteActivityDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { siteActivityBuilt } from '../sync/siteActivityRebuild';

export interface SiteCount {
  /** The site ('' for data sources without one). */
  site: string;
  references: number;
}

/** Cut-offs up to which a ranking of sites reads only the leaders (beyond: every site). */
const LEADERS_MAX = 1_000;

/**
 * All-time references per site from the per-site aggregate, or null where it is not built yet (the caller groups
 * the data sources itself). With `limit`: only the sites reaching the `limit`-th highest count, ties at the cut-off
 * included (a range read of `by_references_site`), so a top N of them is exact; without: every site.
 */
export async function siteCounts(
  store: Store,
  tenantId: string,
  options: { limit?: number },
): Promise<SiteCount[] | null> {
  if (!(await siteActivityBuilt(store, tenantId))) return null;
  let filter: Filter<SiteActivityDoc> = { tenantId };
  if (options.limit !== undefined && options.limit <= LEADERS_MAX) {
    const [cutoff] = await store.siteActivity
      .find(
        { tenantId },
        {
          // One key, as sourceLeaders sorts: the cut-off's count does not depend on how ties are ordered, and Cosmos
          // DB (RU) would refuse a two-field sort without an index of exactly those fields.
          sort: { referenceCount: -1 },
          skip: Math.max(0, options.limit - 1),
          limit: 1,
          projection: { _id: 0, referenceCount: 1 },
        },
      )
      .toArray();
    if (cutoff) filter = { tenantId, referenceCount: { $gte: cutoff.referenceCount } };
  }
  const rows = await store.siteActivity.find(filter, { projection: { _id: 0, site: 1, referenceCount: 1 } }).toArray();
  return rows.filter((r) => r.referenceCount > 0).map((r) => ({ site: r.site, references: r.referenceCount }));
}
