import { makeStyles, tokens } from '@fluentui/react-components';
import type { Overview } from '../../../server/api/contracts';
import { ActiveVsLicensedChart } from './ActiveVsLicensedChart';
import { DailyActivityChart } from './DailyActivityChart';
import { TopAppsChart } from './TopAppsChart';
import { TopUsersChart } from './TopUsersChart';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))',
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
      <TopAppsChart overview={overview} />
      <TopUsersChart overview={overview} />
      <ActiveVsLicensedChart overview={overview} />
    </div>
  );
}
