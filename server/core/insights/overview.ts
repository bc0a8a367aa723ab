import type { Store } from '../../store/Store';
import { activeUserCount, appCounts } from './appCounts';
import { dailyActivity } from './dailyActivity';
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
  const active = overlapFilter(range, 'firstAt', 'lastAt');
  const [activeUsers, licenses, agents, dataSources, allApps, top, daily, lastRun, lastSuccess] = await Promise.all([
    activeUserCount(store, tenantId, range, appKey),
    licenseTotals(store, tenantId),
    store.agents.countDocuments({ tenantId, ...inApp, ...active }),
    store.dataSources.countDocuments({ tenantId, ...(appKey === undefined ? {} : { appKeys: appKey }), ...active }),
    appCounts(store, tenantId, range),
    topUsers(store, tenantId, { range, limit: OVERVIEW_TOP_USERS, ...inApp }),
    dailyActivity(store, tenantId, { range, ...inApp }),
    lastFinishedRun(store, tenantId),
    lastSuccessfulRun(store, tenantId),
  ]);
  const apps = appKey === undefined ? allApps : allApps.filter((a) => a.appKey === appKey);
  return {
    range: { from: range.from, to: range.to },
    activeUsers,
    licensedUsers: licenses.licensedUsers,
    licensedWithoutActivity: licenses.licensedUsersWithoutActivity,
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
