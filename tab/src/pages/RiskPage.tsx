import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import type { FindingRow } from '../../../server/api/contracts';
import { AppFilter } from '../components/AppFilter';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { FilterToolbar } from '../components/FilterToolbar';
import { FindingStatusBadge } from '../components/FindingStatusBadge';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { PersonCell } from '../components/PersonCell';
import { SelectFilter } from '../components/SelectFilter';
import { SeverityBadge } from '../components/SeverityBadge';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { UserFilterButton } from '../components/UserFilterButton';
import { UserFilterTag } from '../components/UserFilterTag';
import { personName } from '../format/format';
import { CATEGORY_LABELS, categoryLabel, optionsOf, SEVERITY_LABELS, STATUS_LABELS } from '../format/riskLabels';
import { useApps, type AppOption } from '../hooks/useApps';
import { useFilters } from '../hooks/useFilters';
import { useFindings } from '../hooks/useLists';
import { rememberListHash } from '../routing/lastList';
import { formatHash } from '../routing/routes';

const SORTS = ['interactionAt', 'detectedAt', 'statusChangedAt', 'severity'];

/** The filters that pick one value of a fixed list (the URL parameter is the API's). */
const CHOICE_FILTERS = [
  { name: 'category', label: 'Category', allLabel: 'All categories', labels: CATEGORY_LABELS },
  { name: 'severity', label: 'Severity', allLabel: 'All severities', labels: SEVERITY_LABELS },
  { name: 'status', label: 'Status', allLabel: 'All statuses', labels: STATUS_LABELS },
] as const;

const appName = (apps: AppOption[], appKey: string): string => apps.find((a) => a.appKey === appKey)?.appName ?? appKey;

const useStyles = makeStyles({
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
});

function findingColumns(
  apps: AppOption[],
  userClass: string,
  onlyUser: (userId: string) => void,
): DataTableColumn<FindingRow>[] {
  return [
    {
      id: 'when',
      priority: 1,
      width: 170,
      header: 'When',
      sortKey: 'interactionAt',
      render: (r) => <DateCell iso={r.interactionAt} />,
    },
    {
      id: 'severity',
      priority: 1,
      width: 100,
      header: 'Severity',
      // Server-side: high → medium → low, then newest (descending first, the analyst's order).
      sortKey: 'severity',
      render: (r) => <SeverityBadge severity={r.severity} />,
    },
    {
      id: 'finding',
      priority: 1,
      width: 220,
      header: 'Finding',
      render: (r) => (
        <Link href={formatHash('finding', undefined, r.id)} aria-label={`Open the finding: ${r.title}`}>
          {r.title}
        </Link>
      ),
    },
    { id: 'category', priority: 2, width: 140, header: 'Category', render: (r) => categoryLabel(r.category) },
    {
      id: 'user',
      priority: 1,
      width: 230,
      header: 'User',
      render: (r) => (
        <div className={userClass}>
          <PersonCell {...r} />
          <UserFilterButton name={personName(r)} onClick={() => onlyUser(r.userId)} />
        </div>
      ),
    },
    { id: 'app', priority: 2, width: 120, header: 'App', render: (r) => appName(apps, r.appKey) },
    {
      id: 'status',
      priority: 1,
      width: 130,
      header: 'Status',
      render: (r) => <FindingStatusBadge status={r.status} />,
    },
    {
      id: 'evidence',
      priority: 3,
      width: 200,
      header: 'Evidence (masked)',
      render: (r) => r.evidence.map((e) => `${e.type}: ${e.masked}`).join('; ') || '—',
    },
    {
      id: 'detected',
      priority: 3,
      width: 170,
      header: 'Detected',
      sortKey: 'detectedAt',
      render: (r) => <DateCell iso={r.detectedAt} />,
    },
    {
      id: 'changed',
      priority: 3,
      width: 170,
      header: 'Status changed',
      sortKey: 'statusChangedAt',
      render: (r) => <DateCell iso={r.statusChangedAt} />,
    },
  ];
}

/** Risk: what the detections found in Copilot prompts and responses, filtered, sorted, and one click from triage. */
export default function RiskPage() {
  const styles = useStyles();
  const filters = useFilters();
  const { apps } = useApps();
  const sort = filters.sort(SORTS, { key: 'interactionAt', direction: 'desc' });
  const userId = filters.get('userId');
  const params = useMemo(
    () => ({
      category: filters.get('category'),
      severity: filters.get('severity'),
      status: filters.get('status'),
      appKey: filters.get('appKey'),
      userId,
      from: filters.hasRange ? filters.range.from : undefined,
      to: filters.hasRange ? filters.range.to : undefined,
      sort: sort.key,
      direction: sort.direction,
    }),
    [filters, userId, sort.key, sort.direction],
  );
  const list = useFindings(params);
  const set = filters.set;
  const columns = useMemo(
    () => findingColumns(apps, styles.user, (id) => set({ userId: id })),
    [apps, styles.user, set],
  );
  // A finding's page leads back to this list with these filters.
  useEffect(() => rememberListHash('risk'), [params]);
  const filteredUser = list.items.find((r) => r.userId === userId);

  return (
    <>
      <PageHeader
        title="Risk"
        description="Secrets, personal data, prompt injection and oversharing found in Copilot prompts and responses. Evidence is always masked."
      />
      <FilterToolbar
        actions={
          <>
            <Link href={formatHash('risk-rules')}>Watch-list and suppressions</Link>
            <CsvDownloadButton path="/api/findings" params={params} fileName="findings.csv" />
          </>
        }
      >
        <TimeRangePicker range={filters.range} onChange={filters.set} allTime={{ selected: !filters.hasRange }} />
        {CHOICE_FILTERS.map((f) => (
          <SelectFilter
            key={f.name}
            label={f.label}
            value={filters.get(f.name)}
            allLabel={f.allLabel}
            options={optionsOf(f.labels)}
            onChange={(value) => filters.set({ [f.name]: value })}
          />
        ))}
        <AppFilter />
        <UserFilterTag
          userId={userId}
          name={filteredUser ? personName(filteredUser) : null}
          onClear={() => filters.set({ userId: undefined })}
        />
      </FilterToolbar>
      <PagedTable
        label="Findings"
        list={list}
        columns={columns}
        getRowId={(r) => r.id}
        sort={sort}
        onSortChange={filters.setSort}
        describeRow={(r) => r.title}
        emptyTitle="No findings match these filters"
        emptyHint="Try another category, status or a longer time range."
      />
    </>
  );
}
