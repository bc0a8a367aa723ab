import { HorizontalBarChartWithAxis, type HorizontalBarChartWithAxisDataPoint } from '@fluentui/react-charts';
import { EmptyState } from '../components/EmptyState';
import { ChartCard } from './ChartCard';

interface RankingChartProps {
  title: string;
  /** What the bars measure, for the chart's accessible title. */
  measure: string;
  bars: HorizontalBarChartWithAxisDataPoint[];
  emptyTitle: string;
  testId: string;
}

/** A top-N ranking as horizontal bars, names on the axis (top apps, top users). */
export function RankingChart({ title, measure, bars, emptyTitle, testId }: RankingChartProps) {
  return (
    <ChartCard title={title} testId={testId}>
      {bars.length === 0 ? (
        <EmptyState title={emptyTitle} />
      ) : (
        <HorizontalBarChartWithAxis
          data={bars}
          height={260}
          chartTitle={measure}
          useSingleColor
          showYAxisLables
          margins={{ left: 140 }}
          hideLegend
        />
      )}
    </ChartCard>
  );
}
