import { Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { AppFilter } from '../components/AppFilter';
import { ChangeIndicator } from '../components/ChangeIndicator';
import { ErrorState } from '../components/ErrorState';
import { FilterToolbar } from '../components/FilterToolbar';
import { LoadingState } from '../components/LoadingState';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { PageHeader } from '../components/PageHeader';
import { RiskCard } from '../components/RiskCard';
import { StatCard } from '../components/StatCard';
import { ViewErrorBoundary } from '../components/ViewErrorBoundary';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { countOf, formatDateTime } from '../format/format';
import { formatHash, type ViewId } from '../routing/routes';
import { rangeParams as paramsOf } from '../routing/timeRange';
import { useFilters } from '../hooks/useFilters';
import { useOverview } from '../hooks/useOverview';
import { useSyncedFrom } from '../hooks/useSyncedWindow';
import { useCan } from '../privacy/tierContext';

const OverviewCharts = lazy(() => import('../charts/OverviewCharts'));

const useStyles = makeStyles({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  asOf: { color: tokens.colorNeutralForeground3 },
});

/** Headline figures and charts for a time range, for every app or one (`appKey`, as the bot's links ask). */
export default function OverviewPage() {
  const styles = useStyles();
  const filters = useFilters();
  // Findings start at Analyst; a Viewer's Overview is figures only.
  const canSeeFindings = useCan('viewFindings');
  const appKey = filters.get('appKey');
  const overview = useOverview(filters.range, appKey);
  const data = overview.data;
  // The same figures over the period of equal length just before: each card says how much they changed. Asked once
  // the range's own figures are in, so they come first.
  // A previous period before the synced history has no figures to compare with: no change is shown then.
  const comparable = useSyncedFrom(filters.range.previous.from);
  const before = useOverview(data && comparable ? filters.range.previous : null, appKey).data;
  // Each figure opens the list behind it, for the same range and app where that list has them.
  const range = filters.range;
  const rangeParams = paramsOf(range);
  const to = (view: ViewId, params: Record<string, string | undefined> = {}) => formatHash(view, { ...params, appKey });

  return (
    <>
      <PageHeader title="Overview" description="How Microsoft 365 Copilot is used across the organisation." />
      <FilterToolbar>
        <TimeRangePicker range={filters.range} onChange={filters.set} />
        <AppFilter range={filters.range} />
        {data ? (
          <Caption1 className={styles.asOf} data-testid="data-as-of">
            Data as of {formatDateTime(data.dataAsOf)}
          </Caption1>
        ) : null}
      </FilterToolbar>
      <NotSyncedNotice from={filters.range.from} />
      {overview.loading ? <LoadingState label="Loading the overview…" /> : null}
      {overview.error ? <ErrorState error={overview.error} onRetry={overview.reload} /> : null}
      {data ? (
        <>
          <section className={styles.stats} aria-label="Headline figures">
            <StatCard label="Active users" value={data.activeUsers} hint={filters.range.label} href={to('users')}>
              <ChangeIndicator current={data.activeUsers} previous={before?.activeUsers ?? null} />
            </StatCard>
            <StatCard label="Licensed users" value={data.licensedUsers} />
            <StatCard
              label="Licensed without activity"
              value={data.licensedWithoutActivity}
              hint="all time"
              href={formatHash('users', { list: 'inactive' })}
            >
              {data.licensedUnreadable > 0 ? (
                <Link href={formatHash('users', { list: 'unreadable' })} data-testid="overview-unreadable">
                  {`+ ${countOf(data.licensedUnreadable, 'user')} whose history could not be read`}
                </Link>
              ) : null}
            </StatCard>
            <StatCard label="Agents" value={data.agents} href={to('agents', rangeParams)}>
              <ChangeIndicator current={data.agents} previous={before?.agents ?? null} />
            </StatCard>
            <StatCard
              label="Sessions"
              value={data.sessions}
              href={to('observability', { ...rangeParams, types: 'session' })}
            >
              <ChangeIndicator current={data.sessions} previous={before?.sessions ?? null} />
            </StatCard>
            <StatCard
              label="Prompts"
              value={data.prompts}
              href={to('observability', { ...rangeParams, types: 'prompt' })}
            >
              <ChangeIndicator current={data.prompts} previous={before?.prompts ?? null} />
            </StatCard>
            <StatCard label="Data sources" value={data.dataSources} href={to('data-sources')} />
          </section>
          {canSeeFindings ? <RiskCard appKey={appKey} /> : null}
          <ViewErrorBoundary resetKey="overview-charts" title="The charts could not be shown">
            <Suspense fallback={<LoadingState label="Loading charts…" />}>
              <OverviewCharts overview={data} />
            </Suspense>
          </ViewErrorBoundary>
        </>
      ) : null}
    </>
  );
}
