import { makeStyles, tokens } from '@fluentui/react-components';
import type { Overview } from '../../../server/api/contracts';
import { ActiveVsLicensedChart } from './ActiveVsLicensedChart';
import { DailyActivityChart } from './DailyActivityChart';
import { navigate } from '../routing/navigation';
import { topAppBars, topUserBars } from './chartData';
import { RankingChart } from './RankingChart';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    // One column when the tab is narrower than two charts (a meeting side panel is 320 px wide).
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(420px, 100%), 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  wide: { gridColumn: '1 / -1' },
});

/** The Overview's four charts (a lazily loaded chunk: d3 and the chart library load only here). */
export default function OverviewCharts({ overview }: { overview: Overview }) {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      <div className={styles.wide}>
        <DailyActivityChart overview={overview} />
      </div>
      <RankingChart
        title="Top apps (active users)"
        measure="Active users per app"
        bars={topAppBars(overview, 8, (appKey) => navigate('agents', { appKey }))}
        emptyTitle="No app activity in this range"
        testId="chart-top-apps"
      />
      <RankingChart
        title="Top users (prompts)"
        measure="Prompts per user"
        bars={topUserBars(overview, 8, (userId) => navigate('person', undefined, userId))}
        emptyTitle="No users active in this range"
        testId="chart-top-users"
      />
      <ActiveVsLicensedChart overview={overview} />
    </div>
  );
}
