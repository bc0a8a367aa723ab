import { Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { FindingDetail } from '../../../server/api/contracts';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: 0, listStyleType: 'none', display: 'grid', gap: tokens.spacingVerticalS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  masked: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  where: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

/** What a finding matched, masked by the server (the value itself was never stored), and where in the text. */
export function FindingEvidence({ evidence }: { evidence: FindingDetail['evidence'] }) {
  const styles = useStyles();
  if (evidence.length === 0)
    return <Caption1>This rule keeps no text evidence (it counts or compares activity).</Caption1>;
  return (
    <ul className={styles.list} data-testid="finding-evidence">
      {evidence.map((e, i) => (
        <li key={`${e.hash}-${i}`} className={styles.item}>
          <Text weight="semibold">{e.type}</Text>
          <Text className={styles.masked} data-testid="masked-value">
            {e.masked}
          </Text>
          <Caption1 className={styles.where}>
            In {e.path}, characters {e.start}–{e.end} · repeat key {e.hash.slice(0, 12)}
          </Caption1>
        </li>
      ))}
    </ul>
  );
}
