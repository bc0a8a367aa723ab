import { HorizontalBarChartWithAxis } from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { EmptyState } from '../components/EmptyState';
import { ChartCard } from './ChartCard';
import { topAppBars } from './chartData';

/** The apps with the most active users. */
export function TopAppsChart({ overview }: { overview: Overview }) {
  const data = topAppBars(overview);
  return (
    <ChartCard title="Top apps (active users)" testId="chart-top-apps">
      {data.length === 0 ? (
        <EmptyState title="No app activity in this range" />
      ) : (
        <HorizontalBarChartWithAxis
          data={data}
          height={260}
          chartTitle="Active users per app"
          useSingleColor
          showYAxisLables
          margins={{ left: 140 }}
          hideLegend
        />
      )}
    </ChartCard>
  );
}
