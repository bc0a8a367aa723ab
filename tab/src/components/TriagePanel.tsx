import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { FindingStatus } from '../../../server/api/contracts';
import { STATUS_LABELS } from '../format/riskLabels';
import type { Triage } from '../hooks/useFinding';
import { ErrorState } from './ErrorState';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** The triage moves the API allows from each status (a closed finding can only be reopened). */
const NEXT: Record<FindingStatus, FindingStatus[]> = {
  open: ['investigating', 'resolved', 'dismissed', 'false_positive'],
  investigating: ['resolved', 'dismissed', 'false_positive', 'open'],
  resolved: ['open'],
  dismissed: ['open'],
  false_positive: ['open'],
};

const ACTION: Record<FindingStatus, string> = {
  open: 'Reopen',
  investigating: 'Investigate',
  resolved: 'Resolve',
  dismissed: 'Dismiss',
  false_positive: 'False positive',
};

/** Moves a finding along its triage with an optional note (who and when are recorded by the server). */
export function TriagePanel({ status, triage }: { status: FindingStatus; triage: Triage }) {
  const styles = useStyles();
  const [note, setNote] = useState('');
  const move = (next: FindingStatus): void => {
    void triage.change(next, note).then((done) => (done ? setNote('') : undefined));
  };
  return (
    <section className={styles.root} aria-labelledby="triage-title">
      <Subtitle2 as="h2" id="triage-title">
        Triage
      </Subtitle2>
      <Field label="Note (kept in the history)">
        <Textarea value={note} onChange={(_, data) => setNote(data.value)} maxLength={2000} resize="vertical" />
      </Field>
      <div className={styles.actions} role="group" aria-label="Change the status">
        {NEXT[status].map((next) => (
          <Button
            key={next}
            appearance={next === 'investigating' || next === 'resolved' ? 'primary' : 'secondary'}
            disabled={triage.busy}
            onClick={() => move(next)}
            aria-label={`${ACTION[next]}: set the status to ${STATUS_LABELS[next].toLowerCase()}`}
          >
            {ACTION[next]}
          </Button>
        ))}
        {triage.busy ? <Spinner size="tiny" label="Saving…" /> : null}
      </div>
      {triage.changedTo ? (
        <MessageBar intent="success" role="status" data-testid="triage-done">
          <MessageBarBody>Status changed to {STATUS_LABELS[triage.changedTo].toLowerCase()}.</MessageBarBody>
        </MessageBar>
      ) : null}
      {triage.error ? <ErrorState error={triage.error} title="The status was not changed" /> : null}
    </section>
  );
}
