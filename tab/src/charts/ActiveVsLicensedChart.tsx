import { DonutChart } from '@fluentui/react-charts';
import type { Overview } from '../../../server/api/contracts';
import { EmptyState } from '../components/EmptyState';
import { useIsDarkTheme } from '../teams/themeChoiceContext';
import { ChartCard } from './ChartCard';
import { activeVsLicensed } from './chartData';

/** How many licensed users have used Copilot at all (since the first sync), whatever the Overview's range. */
export function ActiveVsLicensedChart({ overview }: { overview: Overview }) {
  const dark = useIsDarkTheme();
  return (
    <ChartCard title="Licensed users who have used Copilot (all time)" testId="chart-active-licensed">
      {overview.licensedUsers === 0 ? (
        <EmptyState title="No Copilot licenses found" />
      ) : (
        <DonutChart
          data={activeVsLicensed(overview, dark)}
          innerRadius={60}
          height={260}
          valueInsideDonut={`${overview.licensedUsers - overview.licensedWithoutActivity - overview.licensedUnreadable}/${overview.licensedUsers}`}
          hideLabels={false}
        />
      )}
    </ChartCard>
  );
}
