import type {
  VerticalStackedChartProps,
  HorizontalBarChartWithAxisDataPoint,
  ChartProps,
} from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { personName } from '../format/format';

/** The apps drawn as their own series; the rest are summed as "Other apps" so the legend stays readable. */
const MAX_SERIES = 6;

/** Interactions per day, one stack per day, one segment per app (the busiest apps, then "Other apps"). */
export function dailyStacks(overview: Overview): VerticalStackedChartProps[] {
  const totals = new Map<string, { name: string; total: number }>();
  for (const row of overview.daily) {
    const entry = totals.get(row.appKey) ?? { name: row.appName, total: 0 };
    entry.total += row.interactions;
    totals.set(row.appKey, entry);
  }
  const top = new Set(
    [...totals.entries()]
      .sort((a, b) => b[1].total - a[1].total)
      .slice(0, MAX_SERIES)
      .map(([k]) => k),
  );
  const days = new Map<string, Map<string, number>>();
  for (const row of overview.daily) {
    const legend = top.has(row.appKey) ? row.appName : 'Other apps';
    const day = days.get(row.day) ?? new Map<string, number>();
    day.set(legend, (day.get(legend) ?? 0) + row.interactions);
    days.set(row.day, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, byApp]) => ({
      xAxisPoint: day.slice(5),
      xAxisCalloutData: day,
      chartData: [...byApp.entries()].map(([legend, data]) => ({ legend, data })),
    }));
}

/** Apps by number of active users. */
export function topAppBars(overview: Overview, count = 8): HorizontalBarChartWithAxisDataPoint[] {
  return [...overview.apps]
    .sort((a, b) => b.users - a.users)
    .slice(0, count)
    .reverse()
    .map((app) => ({ x: app.users, y: app.appName, legend: app.appName, yAxisCalloutData: `${app.users} users` }));
}

/** Users by number of prompts. */
export function topUserBars(overview: Overview, count = 8): HorizontalBarChartWithAxisDataPoint[] {
  return overview.topUsers
    .slice(0, count)
    .reverse()
    .map((user) => {
      const name = personName(user);
      return { x: user.prompts, y: name, legend: name, yAxisCalloutData: `${user.prompts} prompts` };
    });
}

/** Licensed users split into active and not yet active. */
export function activeVsLicensed(overview: Overview): ChartProps {
  const inactive = overview.licensedWithoutActivity;
  const activeLicensed = Math.max(0, overview.licensedUsers - inactive);
  return {
    chartTitle: 'Active vs licensed users',
    chartData: [
      { legend: 'Active licensed users', data: activeLicensed },
      { legend: 'Licensed, no activity', data: inactive },
    ],
  };
}
