import {
  DataVizPalette,
  getColorFromToken,
  type ChartProps,
  type HorizontalBarChartWithAxisDataPoint,
  type VerticalStackedChartProps,
} from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { countOf, personName } from '../format/format';
import { rangeDays } from '../routing/timeRange';

/** The apps drawn as their own series; the rest are summed as "Other apps" so the legend stays readable. */
const MAX_SERIES = 6;

// The chart library's own data-visualisation palette (its tokens, resolved for light or dark; no colours of ours):
// one colour per series, the same in every stack, so an app keeps its colour from day to day.
const SERIES_COLORS = [
  DataVizPalette.color1,
  DataVizPalette.color2,
  DataVizPalette.color3,
  DataVizPalette.color4,
  DataVizPalette.color5,
  DataVizPalette.color6,
];
const OTHER_COLOR = DataVizPalette.disabled;

/** Interactions per day, one stack per day, one segment per app (the busiest apps, then "Other apps"). */
export function dailyStacks(overview: Overview, dark = false): VerticalStackedChartProps[] {
  const totals = new Map<string, { name: string; total: number }>();
  for (const row of overview.daily) {
    const entry = totals.get(row.appKey) ?? { name: row.appName, total: 0 };
    entry.total += row.interactions;
    totals.set(row.appKey, entry);
  }
  const ranked = [...totals.values()].sort((x, y) => y.total - x.total);
  // Series are keyed by app name: two app keys can share a display name, and the legend shows names.
  const legends: string[] = [];
  for (const { name } of ranked) if (!legends.includes(name) && legends.length < MAX_SERIES) legends.push(name);
  const colorOf = (legend: string): string =>
    getColorFromToken(SERIES_COLORS[legends.indexOf(legend)] ?? OTHER_COLOR, dark);
  // Every day of the range gets a stack, so days without activity show as gaps at zero instead of vanishing.
  const days = new Map<string, Map<string, number>>(rangeDays(overview.range).map((day) => [day, new Map()]));
  for (const row of overview.daily) {
    const legend = legends.includes(row.appName) ? row.appName : 'Other apps';
    const day = days.get(row.day) ?? new Map<string, number>();
    day.set(legend, (day.get(legend) ?? 0) + row.interactions);
    days.set(row.day, day);
  }
  const legendOrder = (legend: string): number => (legends.includes(legend) ? legends.indexOf(legend) : legends.length);
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, byApp]) => ({
      xAxisPoint: day.slice(5),
      xAxisCalloutData: day,
      chartData:
        byApp.size === 0
          ? [{ legend: legends[0] ?? 'Interactions', data: 0, color: colorOf(legends[0] ?? '') }]
          : [...byApp.entries()]
              .sort(([a], [b]) => legendOrder(a) - legendOrder(b))
              .map(([legend, data]) => ({ legend, data, color: colorOf(legend) })),
    }));
}

/** Apps by number of active users. */
export function topAppBars(
  overview: Overview,
  count = 8,
  open?: (appKey: string) => void,
): HorizontalBarChartWithAxisDataPoint[] {
  return [...overview.apps]
    .sort((a, b) => b.users - a.users)
    .slice(0, count)
    .reverse()
    .map((app) => ({
      x: app.users,
      y: app.appName,
      legend: app.appName,
      yAxisCalloutData: `${app.users} users`,
      ...(open ? { onClick: () => open(app.appKey) } : {}),
    }));
}

/** Users by number of prompts (a bar opens that user's page through `open`). */
export function topUserBars(
  overview: Overview,
  count = 8,
  open?: (userId: string) => void,
): HorizontalBarChartWithAxisDataPoint[] {
  return overview.topUsers
    .slice(0, count)
    .reverse()
    .map((user) => {
      const name = personName(user);
      return {
        x: user.prompts,
        y: name,
        legend: name,
        yAxisCalloutData: countOf(user.prompts, 'prompt'),
        ...(open ? { onClick: () => open(user.userId) } : {}),
      };
    });
}

/**
 * Licensed users split into those who have used Copilot (ever), those who never have, and those whose history the
 * sync could not read (unknown: neither).
 */
export function activeVsLicensed(overview: Overview, dark = false): ChartProps {
  const inactive = overview.licensedWithoutActivity;
  const unreadable = overview.licensedUnreadable;
  const activeLicensed = Math.max(0, overview.licensedUsers - inactive - unreadable);
  return {
    chartTitle: 'Licensed users who have used Copilot (all time)',
    chartData: [
      { legend: 'With activity', data: activeLicensed, color: getColorFromToken(DataVizPalette.color1, dark) },
      { legend: 'Without activity', data: inactive, color: getColorFromToken(DataVizPalette.color5, dark) },
      ...(unreadable > 0
        ? [
            {
              legend: 'History unreadable',
              data: unreadable,
              color: getColorFromToken(DataVizPalette.color10, dark),
            },
          ]
        : []),
    ],
  };
}
