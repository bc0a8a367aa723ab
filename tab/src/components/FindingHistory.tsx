import { Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { FindingDetail } from '../../../server/api/contracts';
import { formatDateTime } from '../format/format';
import { STATUS_LABELS } from '../format/riskLabels';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  note: { display: 'block', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  when: { color: tokens.colorNeutralForeground3 },
});

/** A finding's triage, oldest first: detection, then each change with who, when and the note. */
export function FindingHistory({ finding }: { finding: FindingDetail }) {
  const styles = useStyles();
  return (
    <ol className={styles.list} data-testid="finding-history">
      <li>
        <Text weight="semibold">Detected</Text>{' '}
        <Caption1 className={styles.when}>{formatDateTime(finding.detectedAt)}</Caption1>
      </li>
      {finding.history.map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <Text weight="semibold">{STATUS_LABELS[h.status]}</Text> by {h.byName ?? h.by}{' '}
          <Caption1 className={styles.when}>{formatDateTime(h.at)}</Caption1>
          {h.note ? <Text className={styles.note}>{h.note}</Text> : null}
        </li>
      ))}
    </ol>
  );
}
