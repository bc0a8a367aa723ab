import type { Store } from '../../store/Store';
import { appUsage } from './appCounts';
import { dailyActivity } from './dailyActivity';
import { rangeEnd } from './newestActivity';
import { licenseTotals } from './storeTotals';
import { lastFinishedRun, lastSuccessfulRun, toRunSummary } from './syncStatus';
import { overlapFilter } from './timeRange';
import { topUsers } from './topUsers';
import { checkAppKey } from './users';
import type { Overview, TimeRange } from './types';

/** Users on the overview's top-users chart. */
export const OVERVIEW_TOP_USERS = 10;

/**
 * The overview figures for a range, all from aggregate collections: active vs licensed users, agents, sessions,
 * prompts, data sources active in the range, per-app counts, top users, activity per day, the last sync.
 * With `appKey` every figure but the licence counts is that app's (the tab's Overview filtered to one app).
 */
export async function overview(
  store: Store,
  tenantId: string,
  range: TimeRange,
  filter: { appKey?: string } = {},
): Promise<Overview> {
  const appKey = filter.appKey === undefined ? undefined : checkAppKey(filter.appKey);
  const inApp = appKey === undefined ? {} : { appKey };
  // Ending after the newest interaction, "started before the end" holds for every record: lastAt alone decides.
  const end = await rangeEnd(store, tenantId, range);
  const active = end.open ? { lastAt: { $gte: range.from } } : overlapFilter(range, 'firstAt', 'lastAt');
  const [licenses, agents, dataSources, usage, top, daily, lastRun, lastSuccess] = await Promise.all([
    licenseTotals(store, tenantId),
    store.agents.countDocuments({ tenantId, ...inApp, ...active }),
    store.dataSources.countDocuments({ tenantId, ...(appKey === undefined ? {} : { appKeys: appKey }), ...active }),
    appUsage(store, tenantId, range, end),
    topUsers(store, tenantId, { range, limit: OVERVIEW_TOP_USERS, ...inApp }),
    dailyActivity(store, tenantId, { range, ...inApp }),
    lastFinishedRun(store, tenantId),
    lastSuccessfulRun(store, tenantId),
  ]);
  const apps = appKey === undefined ? usage.apps : usage.apps.filter((a) => a.appKey === appKey);
  // Users with activity in the range (in the app: users with a day of that app's interactions).
  const activeUsers = appKey === undefined ? usage.activeUsers : (apps[0]?.users ?? 0);
  return {
    range: { from: range.from, to: range.to },
    activeUsers,
    licensedUsers: licenses.licensedUsers,
    licensedWithoutActivity: licenses.licensedUsersWithoutActivity,
    licensedUnreadable: licenses.licensedUsersUnreadable,
    agents,
    sessions: sum(apps, 'sessions'),
    prompts: sum(apps, 'prompts'),
    responses: sum(apps, 'responses'),
    dataSources,
    apps,
    topUsers: top,
    daily,
    lastSync: lastRun ? toRunSummary(lastRun) : null,
    dataAsOf: lastSuccess?.endedAt ?? null,
  };
}

function sum<T>(rows: T[], field: keyof T): number {
  return rows.reduce((total, row) => total + Number(row[field]), 0);
}
