import { VerticalStackedBarChart } from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { EmptyState } from '../components/EmptyState';
import { useIsDarkTheme } from '../teams/themeChoiceContext';
import { ChartCard } from './ChartCard';
import { dailyStacks } from './chartData';

/** Interactions per day, stacked by app. */
export function DailyActivityChart({ overview }: { overview: Overview }) {
  const dark = useIsDarkTheme();
  const data = dailyStacks(overview, dark);
  return (
    <ChartCard title="Activity per day by app" testId="chart-daily">
      {overview.daily.length === 0 ? (
        <EmptyState title="No activity in this range" />
      ) : (
        <VerticalStackedBarChart data={data} height={260} chartTitle="Interactions per day by app" hideLabels />
      )}
    </ChartCard>
  );
}
