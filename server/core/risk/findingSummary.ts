import type { Store } from '../../store/Store';
import type { TimeRange } from '../insights/types';
import { findingFilter, type FindingFilter } from './findingQueries';
import { SEVERITIES, type Severity } from './types';

const DAY_MS = 86_400_000;

/** Open findings, new findings per day, and open findings per app: what the Overview's risk card shows. */
export interface FindingsSummary {
  /** Findings still open (not yet triaged), per severity. */
  open: Record<Severity, number> & { total: number };
  /** Findings being investigated. */
  investigating: number;
  /** Findings per UTC day of the range (by when the interaction happened, any status), oldest first. */
  daily: { day: string; count: number }[];
  /** Open findings per app, most first. */
  openByApp: { appKey: string; count: number }[];
}

/**
 * Counts for the risk card: open findings by severity and by app, and findings per day of `range` (whole UTC days,
 * at most 31, so the trend costs a bounded number of index counts).
 */
export async function summarizeFindings(
  store: Store,
  tenantId: string,
  filter: Pick<FindingFilter, 'userId' | 'appKey'>,
  range: TimeRange,
): Promise<FindingsSummary> {
  const open = findingFilter(tenantId, { ...filter, status: 'open' });
  const [bySeverity, byApp, investigating, daily] = await Promise.all([
    store.findings.aggregate<{ _id: Severity; n: number }>([
      { $match: open },
      { $group: { _id: '$severity', n: { $sum: 1 } } },
    ]),
    store.findings.aggregate<{ _id: string; n: number }>([
      { $match: open },
      { $group: { _id: '$appKey', n: { $sum: 1 } } },
    ]),
    store.findings.countDocuments(findingFilter(tenantId, { ...filter, status: 'investigating' })),
    Promise.all(
      daysOf(range).map(async (day) => ({
        day: day.toISOString().slice(0, 10),
        count: await store.findings.countDocuments(
          findingFilter(tenantId, { ...filter, range: { from: day, to: new Date(day.getTime() + DAY_MS) } }),
        ),
      })),
    ),
  ]);
  const severities = new Map((await bySeverity.toArray()).map((s) => [s._id, s.n]));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, severities.get(s) ?? 0])) as Record<Severity, number>;
  return {
    open: { ...counts, total: SEVERITIES.reduce((sum, s) => sum + counts[s], 0) },
    investigating,
    daily,
    openByApp: (await byApp.toArray())
      .map((a) => ({ appKey: a._id, count: a.n }))
      .sort((a, b) => b.count - a.count || a.appKey.localeCompare(b.appKey)),
  };
}

/** The UTC day starts of the range's last 31 days at most (a longer range keeps its end). */
function daysOf(range: TimeRange): Date[] {
  const last = Math.floor((range.to.getTime() - 1) / DAY_MS) * DAY_MS;
  const first = Math.max(Math.floor(range.from.getTime() / DAY_MS) * DAY_MS, last - 30 * DAY_MS);
  const days: Date[] = [];
  for (let t = first; t <= last; t += DAY_MS) days.push(new Date(t));
  return days;
}
