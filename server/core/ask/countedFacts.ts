import {
  activeDaysByUser,
  activeUsersSince,
  appKeysIn,
  interactionCount,
  openRangeStart,
  referenceCounts,
  sessionsSince,
  userTotals,
} from '../insights/askCounts';
import { dailyTotals, storedAppNames } from '../insights/askFacts';
import { dayTotals } from '../insights/dayTotals';
import { siteCounts } from '../insights/siteCounts';
import { sourceReach } from '../insights/sourceFilter';
import { monthLeaders } from '../insights/sourceMonths';
import type { Contribution, FactScope } from './measureFacts';
import type { Dimension, MeasureQuery } from './querySchema';

/**
 * The same contributions as measureFacts.ts reads record by record, read instead as index counts (a range that ends
 * after the newest activity) or per-person totals summed by the store, for the shapes whose answer needs no more:
 * null for any other shape. The answers are identical; only the reads differ (see insights/askCounts.ts).
 */

const COUNTED = new Set(['prompts', 'responses', 'interactions']);

/**
 * Prompts, responses, interactions, active users or agents, when countable; else null. `wholeDays`: the range is
 * answered in whole UTC days (measureFacts.ts's dayAligned), else in exact times.
 */
export async function countedActivity(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
  wholeDays: boolean,
): Promise<Contribution[] | null> {
  const { store, tenantId, userIds } = scope;
  const apps = q.filters.apps;
  const byApp = q.by.length === 1 && q.by[0] === 'app';
  const distinctPeople = q.measure === 'agents' || (q.measure === 'active_users' && (byApp || apps.length <= 1));
  if (userIds === null && (byApp || q.by.length === 0) && distinctPeople) {
    const perAppWanted = byApp || q.measure === 'agents' || apps.length > 0;
    const [since, appKeys] = await Promise.all([
      openRangeStart(store, tenantId, range, wholeDays),
      perAppWanted ? appsOf(scope, q, range) : null,
    ]);
    if (!since) return null;
    const [names, { perApp, all }] = await Promise.all([
      byApp && appKeys ? unrecognisedNames(scope, appKeys) : new Map<string, string>(),
      activeUsersSince(store, tenantId, range, since, appKeys),
    ]);
    const rows = [...perApp].filter(([, n]) => n > 0).map(([appKey, amount]) => named(appKey, amount, names));
    if (byApp) return rows;
    const total = perAppWanted ? rows.reduce((sum, r) => sum + r.amount, 0) : all;
    return total > 0 ? [{ amount: total }] : [];
  }
  if (userIds === null && q.by.length === 0 && !wholeDays && COUNTED.has(q.measure)) {
    const type = q.measure === 'prompts' ? 'userPrompt' : q.measure === 'responses' ? 'aiResponse' : null;
    const n = await interactionCount(store, tenantId, range, { appKeys: apps, type });
    return n > 0 ? [{ amount: n }] : [];
  }
  const byPeople = q.by.length > 0 && q.by.every((d) => d === 'user' || d === 'department');
  const perAppResponses = q.measure === 'responses' && apps.length > 0;
  if (wholeDays && byPeople && (COUNTED.has(q.measure) || q.measure === 'active_users') && !perAppResponses) {
    const out: Contribution[] = [];
    for (const t of await userTotals(store, tenantId, range, { userIds, appKeys: apps })) {
      if (q.measure === 'active_users') {
        if (t.interactions > 0) out.push({ userId: t.userId, amount: 1, distinct: t.userId });
        continue;
      }
      const amount = q.measure === 'prompts' ? t.prompts : q.measure === 'responses' ? t.responses : t.interactions;
      if (amount > 0) out.push({ userId: t.userId, amount });
    }
    return out;
  }
  if (wholeDays && userIds === null && COUNTED.has(q.measure) && q.by.length === 1 && DAY_BUCKETS.has(q.by[0]!)) {
    const out: Contribution[] = [];
    // All apps: the per-day totals the sync keeps (one document a day), where built; else the per-app days added up.
    const days =
      (apps.length ? null : await dayTotals(store, tenantId, range)) ??
      (await dailyTotals(store, tenantId, range, apps));
    for (const d of days) {
      const amount = q.measure === 'prompts' ? d.prompts : q.measure === 'responses' ? d.responses : d.interactions;
      if (amount) out.push({ day: d.day, amount });
    }
    return out;
  }
  if (wholeDays && q.measure === 'active_users' && !apps.length && q.by.every((d) => DAYS_AND_PEOPLE.has(d))) {
    const out: Contribution[] = [];
    for (const { userId, days } of await activeDaysByUser(store, tenantId, range, userIds))
      for (const day of days) out.push({ userId, day, amount: 1, distinct: userId });
    return out;
  }
  return null;
}

const DAYS_AND_PEOPLE = new Set<Dimension>(['day', 'week', 'month', 'weekday', 'user', 'department']);
/** Dimensions a day's total falls in as a whole: the per-day totals of all apps answer a breakdown by them. */
const DAY_BUCKETS = new Set<Dimension>(['day', 'week', 'month', 'weekday']);

/**
 * The apps a per-app count covers: those asked, else those active on the range's days (read beside the newest
 * activity, not after it; unused when the range turns out not to be open).
 */
function appsOf(scope: FactScope, q: MeasureQuery, range: { from: Date; to: Date }): Promise<string[]> | string[] {
  return q.filters.apps.length ? q.filters.apps : appKeysIn(scope.store, scope.tenantId, range);
}

/**
 * The stored names of the unrecognised apps among `appKeys`, read beside a per-app count rather than after it (the
 * answer's labels would otherwise wait for them): the same reads, for every such app instead of the rows shown. Asked
 * before the counts, so a small connection pool does not queue them behind all of them.
 */
function unrecognisedNames(scope: FactScope, appKeys: string[]): Promise<Map<string, string>> | Map<string, string> {
  const other = appKeys.filter((k) => k.startsWith('other:'));
  return other.length ? storedAppNames(scope.store, scope.tenantId, other) : new Map<string, string>();
}

const named = (appKey: string, amount: number, names: Map<string, string>): Contribution => {
  const appName = names.get(appKey);
  return appName === undefined ? { appKey, amount } : { appKey, amount, appName };
};

/** Sessions per app (or in all) active in a range that ends after the newest activity; else null. */
export async function countedSessions(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
): Promise<Contribution[] | null> {
  if (scope.userIds !== null || !q.by.every((d) => d === 'app')) return null;
  const [since, appKeys] = await Promise.all([
    openRangeStart(scope.store, scope.tenantId, range, false),
    appsOf(scope, q, range),
  ]);
  if (!since) return null;
  const [names, perApp] = appKeys.length
    ? await Promise.all([
        q.by.length ? unrecognisedNames(scope, appKeys) : new Map<string, string>(),
        sessionsSince(scope.store, scope.tenantId, range, appKeys),
      ])
    : [new Map<string, string>(), new Map<string, number>()];
  const rows = [...perApp].filter(([, n]) => n > 0).map(([appKey, amount]) => named(appKey, amount, names));
  if (q.by.length > 0) return rows;
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  return total > 0 ? [{ amount: total }] : [];
}

/**
 * References (or distinct people) per data source in a period, counted by the store, when the question groups by
 * source, site or kind only; else null.
 */
export async function countedReferences(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
): Promise<Contribution[] | null> {
  if (!q.by.every((d) => d === 'source' || d === 'site' || d === 'kind')) return null;
  const perUser = q.measure === 'source_users';
  // People reaching each source over all synced history, everyone, every app: the per-user reach the sync keeps.
  if (perUser && q.period.all && !scope.userIds && !q.filters.apps.length)
    return (await sourceReach(scope.store, scope.tenantId)).map((r) => ({ sourceKey: r.key, amount: 1, distinct: r.userId })); // prettier-ignore
  const rows = await referenceCounts(scope.store, scope.tenantId, range, {
    appKeys: q.filters.apps,
    userIds: scope.userIds,
    perUser,
  });
  return rows.map((r) =>
    perUser ? { sourceKey: r.key, amount: 1, distinct: r.userId! } : { sourceKey: r.key, amount: r.references },
  );
}

/**
 * All-time references by site, from the per-site aggregate the sync keeps (for a top N, only the sites reaching its
 * cut-off): a question by site alone, of any kind of source; else null, as it is where the aggregate is not built.
 * `limit`: the rows a ranking shows (undefined: every site is needed).
 */
export async function countedSites(
  scope: FactScope,
  q: MeasureQuery,
  limit: number | undefined,
): Promise<Contribution[] | null> {
  if (q.measure !== 'references' || q.by.length !== 1 || q.by[0] !== 'site' || q.filters.sourceKind) return null;
  const rows = await siteCounts(scope.store, scope.tenantId, limit === undefined ? {} : { limit });
  return rows && rows.map((r) => ({ site: r.site, amount: r.references }));
}

/**
 * The top `limit` data sources by references over a calendar month so far ("most referenced files this month"), from
 * the per-source monthly counts the sync keeps (only the sources reaching the cut-off, ties included): a ranking by
 * source alone, everyone, every app and host, of a period starting on the first of a UTC month and ending within it;
 * else null, as where the counts are not built or something is stored after the period in its month.
 */
export async function countedMonthLeaders(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
  limit: number,
): Promise<Contribution[] | null> {
  const ranking = q.order !== 'asc' && !q.compare && !q.having && !q.share && !q.mean && !q.distinct;
  const alone = scope.userIds === null && !q.filters.apps.length && !q.filters.host;
  if (q.measure !== 'references' || q.by.length !== 1 || q.by[0] !== 'source' || !ranking || !alone) return null;
  const rows = await monthLeaders(scope.store, scope.tenantId, range, {
    limit,
    ...(q.filters.sourceKind ? { kind: q.filters.sourceKind } : {}),
  });
  return rows && rows.map((r) => ({ sourceKey: r.key, amount: r.references }));
}
