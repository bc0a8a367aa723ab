import { Button, Checkbox, Field, Input, makeStyles, Select, Subtitle2, tokens } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import type { Severity, WatchlistEntryRow } from '../../../server/api/contracts';
import { SEVERITY_LABELS } from '../format/riskLabels';
import type { EditableList } from '../hooks/useRiskRules';
import { DataTable, type DataTableColumn } from './DataTable';
import { DateCell } from './DateCell';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { SeverityBadge } from './SeverityBadge';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalM },
  pattern: { minWidth: 'min(240px, 100%)', flexGrow: 1 },
});

function columns(onDelete: (entry: WatchlistEntryRow) => void, busy: boolean): DataTableColumn<WatchlistEntryRow>[] {
  return [
    { id: 'name', priority: 1, width: 180, header: 'Name', render: (e) => e.name },
    { id: 'pattern', priority: 1, width: 220, header: 'Pattern', render: (e) => <code>{e.pattern}</code> },
    {
      id: 'kind',
      priority: 2,
      width: 160,
      header: 'Kind',
      render: (e) => (e.regex ? 'Regular expression' : 'Keyword'),
    },
    {
      id: 'severity',
      priority: 1,
      width: 100,
      header: 'Severity',
      render: (e) => <SeverityBadge severity={e.severity} />,
    },
    { id: 'added', priority: 3, width: 170, header: 'Added', render: (e) => <DateCell iso={e.createdAt} /> },
    {
      id: 'delete',
      priority: 1,
      width: 110,
      header: 'Remove',
      render: (e) => (
        <Button
          icon={<DeleteRegular />}
          disabled={busy}
          onClick={() => onDelete(e)}
          aria-label={`Remove the watch-list entry ${e.name}`}
        >
          Remove
        </Button>
      ),
    },
  ];
}

/** The admin's watch-list: keywords (whole words) or regular expressions, each raising findings at its own severity. */
export function WatchlistPanel({ list }: { list: EditableList<WatchlistEntryRow> }) {
  const styles = useStyles();
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [severity, setSeverity] = useState<Severity>('medium');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void list.add({ name: name.trim(), pattern, regex, severity }).then((created) => {
      if (!created) return;
      setName('');
      setPattern('');
    });
  };
  const items = list.data?.items ?? [];
  return (
    <section className={styles.root} aria-labelledby="watchlist-title">
      <Subtitle2 as="h2" id="watchlist-title">
        Watch-list
      </Subtitle2>
      <form className={styles.form} onSubmit={submit} aria-label="Add a watch-list entry">
        <Field label="Name" required>
          <Input value={name} maxLength={120} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Keyword or pattern" required className={styles.pattern}>
          <Input value={pattern} maxLength={200} onChange={(_, d) => setPattern(d.value)} />
        </Field>
        <Checkbox label="Regular expression" checked={regex} onChange={(_, d) => setRegex(d.checked === true)} />
        <Field label="Severity">
          <Select value={severity} onChange={(_, d) => setSeverity(d.value as Severity)}>
            {Object.entries(SEVERITY_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" disabled={list.busy || !name.trim() || !pattern}>
          Add to the watch-list
        </Button>
      </form>
      {list.error ? <ErrorState error={list.error} title="The watch-list was not changed" /> : null}
      {list.loading && !list.data ? <LoadingState label="Loading the watch-list…" /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title="No watch-list entries">Add a project code name or a word such as “layoffs”.</EmptyState>
      ) : null}
      {items.length > 0 ? (
        <DataTable
          label="Watch-list entries"
          items={items}
          columns={columns((e) => void list.remove(e.id), list.busy)}
          getRowId={(e) => e.id}
          describeRow={(e) => e.name}
        />
      ) : null}
    </section>
  );
}
