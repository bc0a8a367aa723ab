import type { Filter } from 'mongodb';
import type { SourceMonthDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { sourceMonthsBuilt } from '../sync/sourceMonthsRebuild';
import { countLeaders } from './countLeaders';
import type { TimeRange } from './types';

export interface SourceMonthCount {
  key: string;
  references: number;
}

/** Cut-offs up to which a month's ranking reads only the leaders (beyond, or more tied: the caller counts). */
const LEADERS_MAX = 1_000;

/** The UTC calendar month (`YYYY-MM`) a range is the whole of, as far as anything is stored; else null. */
function monthOf(range: TimeRange): { month: string; end: Date } | null {
  const from = range.from;
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1);
  if (from.getTime() !== start) return null;
  const end = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  if (range.to.getTime() > end.getTime() || range.to.getTime() <= start) return null;
  return { month: from.toISOString().slice(0, 7), end };
}

/**
 * The top `limit` data sources by references in a range that starts a UTC calendar month and ends within it, from
 * the per-source monthly counts the sync keeps: the sources reaching the `limit`-th highest count of the month, ties
 * at the cut-off included (countLeaders.ts: a range read of `by_month_references` or `by_month_kind_references`), so
 * a ranking of them is exact. The month's count is the range's only when nothing is stored between the range's end
 * and the month's (a month so far: "this month"), read beside them, as is the built mark. Null where they cannot
 * answer (another range, the counts not built, more than LEADERS_MAX tied): the caller counts the interactions.
 */
export async function monthLeaders(
  store: Store,
  tenantId: string,
  range: TimeRange,
  options: { limit: number; kind?: string },
): Promise<SourceMonthCount[] | null> {
  const month = monthOf(range);
  if (!month || options.limit > LEADERS_MAX) return null;
  const filter: Filter<SourceMonthDoc> = { tenantId, month: month.month };
  if (options.kind) filter.kind = options.kind as SourceMonthDoc['kind'];
  const after =
    range.to.getTime() < month.end.getTime()
      ? store.interactions.findOne(
          { tenantId, createdAt: { $gte: range.to, $lt: month.end } },
          { projection: { _id: 1 }, sort: { createdAt: -1, _id: -1 } },
        )
      : null;
  const [built, later, rows] = await Promise.all([
    sourceMonthsBuilt(store, tenantId),
    after,
    countLeaders(store.sourceMonths, filter, {
      field: 'referenceCount',
      limit: options.limit,
      max: LEADERS_MAX,
      projection: { _id: 0, key: 1, referenceCount: 1 },
    }),
  ]);
  if (!built || later || !rows) return null;
  return rows.filter((r) => r.referenceCount > 0).map((r) => ({ key: r.key, references: r.referenceCount }));
}
