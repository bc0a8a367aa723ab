import type { SiteActivityDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { siteActivityBuilt } from '../sync/siteActivityRebuild';
import { countLeaders } from './countLeaders';

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
 * included (a range read of `by_references_site`, see countLeaders.ts), so a top N of them is exact; without: every
 * site. The built mark is read beside the sites, not before them.
 */
export async function siteCounts(
  store: Store,
  tenantId: string,
  options: { limit?: number },
): Promise<SiteCount[] | null> {
  const projection = { _id: 0, site: 1, referenceCount: 1 };
  const every = () => store.siteActivity.find({ tenantId }, { projection }).toArray();
  const leaders = async (limit: number) =>
    (await countLeaders<SiteActivityDoc>(
      store.siteActivity,
      { tenantId },
      { field: 'referenceCount', limit, projection },
    )) ?? every();
  const [built, rows] = await Promise.all([
    siteActivityBuilt(store, tenantId),
    options.limit !== undefined && options.limit <= LEADERS_MAX ? leaders(options.limit) : every(),
  ]);
  if (!built) return null;
  return rows.filter((r) => r.referenceCount > 0).map((r) => ({ site: r.site, references: r.referenceCount }));
}
