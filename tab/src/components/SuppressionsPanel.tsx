import { Button, Field, Input, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import type { SuppressionRow } from '../../../server/api/contracts';
import type { EditableList } from '../hooks/useRiskRules';
import { DataTable, type DataTableColumn } from './DataTable';
import { DateCell } from './DateCell';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalM },
  wide: { minWidth: 'min(240px, 100%)', flexGrow: 1 },
});

const describe = (s: SuppressionRow): string =>
  `${s.rule === '*' ? 'every rule' : s.rule} for ${s.userId ?? 'every user'}${s.resource ? ` on ${s.resource}` : ''}`;

function columns(onDelete: (s: SuppressionRow) => void, busy: boolean): DataTableColumn<SuppressionRow>[] {
  return [
    { id: 'rule', priority: 1, width: 180, header: 'Rule', render: (s) => (s.rule === '*' ? 'Every rule' : s.rule) },
    { id: 'user', priority: 1, width: 220, header: 'User', render: (s) => s.userId ?? 'Every user' },
    { id: 'resource', priority: 2, width: 220, header: 'File or site', render: (s) => s.resource ?? 'Any' },
    { id: 'note', priority: 3, width: 200, header: 'Note', render: (s) => s.note ?? '—' },
    { id: 'added', priority: 3, width: 170, header: 'Added', render: (s) => <DateCell iso={s.createdAt} /> },
    {
      id: 'delete',
      priority: 1,
      width: 110,
      header: 'Remove',
      render: (s) => (
        <Button
          icon={<DeleteRegular />}
          disabled={busy}
          onClick={() => onDelete(s)}
          aria-label={`Remove the suppression of ${describe(s)}`}
        >
          Remove
        </Button>
      ),
    },
  ];
}

/** Suppressions: a rule (or every rule) no longer raised for a user, a file or site, or both. */
export function SuppressionsPanel({ list }: { list: EditableList<SuppressionRow> }) {
  const styles = useStyles();
  const [rule, setRule] = useState('');
  const [userId, setUserId] = useState('');
  const [resource, setResource] = useState('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const body = {
      rule: rule.trim(),
      userId: userId.trim() || null,
      resource: resource.trim() || null,
      note: note.trim() || null,
    };
    void list.add(body).then((created) => {
      if (!created) return;
      setRule('');
      setUserId('');
      setResource('');
      setNote('');
    });
  };
  const items = list.data?.items ?? [];
  return (
    <section className={styles.root} aria-labelledby="suppressions-title">
      <Subtitle2 as="h2" id="suppressions-title">
        Suppressions
      </Subtitle2>
      <form className={styles.form} onSubmit={submit} aria-label="Add a suppression">
        <Field label="Rule (or * for every rule)" required hint="As a finding's page names it, e.g. card-number">
          <Input value={rule} maxLength={120} onChange={(_, d) => setRule(d.value)} />
        </Field>
        <Field label="User (Entra object id)" hint="Empty: every user">
          <Input value={userId} maxLength={128} onChange={(_, d) => setUserId(d.value)} />
        </Field>
        <Field label="File or site" hint="A URL prefix or a host; empty: any" className={styles.wide}>
          <Input value={resource} maxLength={2000} onChange={(_, d) => setResource(d.value)} />
        </Field>
        <Field label="Note">
          <Input value={note} maxLength={2000} onChange={(_, d) => setNote(d.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabled={list.busy || !rule.trim()}>
          Add the suppression
        </Button>
      </form>
      {list.error ? <ErrorState error={list.error} title="The suppressions were not changed" /> : null}
      {list.loading && !list.data ? <LoadingState label="Loading the suppressions…" /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title="No suppressions">Every rule is raised for every user.</EmptyState>
      ) : null}
      {items.length > 0 ? (
        <DataTable
          label="Suppressions"
          items={items}
          columns={columns((s) => void list.remove(s.id), list.busy)}
          getRowId={(s) => s.id}
          describeRow={describe}
        />
      ) : null}
    </section>
  );
}
