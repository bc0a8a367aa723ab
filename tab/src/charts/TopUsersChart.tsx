import { HorizontalBarChartWithAxis } from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { EmptyState } from '../components/EmptyState';
import { ChartCard } from './ChartCard';
import { topUserBars } from './chartData';

/** The people who sent Copilot the most prompts. */
export function TopUsersChart({ overview }: { overview: Overview }) {
  const data = topUserBars(overview);
  return (
    <ChartCard title="Top users (prompts)" testId="chart-top-users">
      {data.length === 0 ? (
        <EmptyState title="No users active in this range" />
      ) : (
        <HorizontalBarChartWithAxis
          data={data}
          height={260}
          chartTitle="Prompts per user"
          useSingleColor
          showYAxisLables
          margins={{ left: 140 }}
          hideLegend
        />
      )}
    </ChartCard>
  );
}
