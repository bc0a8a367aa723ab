import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { changeText } from '../format/change';

const useStyles = makeStyles({
  root: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
});

interface ChangeIndicatorProps {
  current: number | null;
  previous: number | null;
  /** `relative`: change in per cent of the previous figure; `points`: difference of two percentages. */
  kind?: 'relative' | 'points';
}

/** The change of a figure against the previous period of equal length ("+12%", "−3.5 pts", "new"). */
export function ChangeIndicator({ current, previous, kind = 'relative' }: ChangeIndicatorProps) {
  const styles = useStyles();
  const text = changeText(current, previous, kind);
  if (text === null) return <Caption1 className={styles.root}>—</Caption1>;
  const diff = (current ?? 0) - (previous ?? 0);
  return (
    <Caption1
      className={mergeClasses(styles.root, diff > 0 && styles.up, diff < 0 && styles.down)}
      aria-label={`${text} against the previous period`}
      data-testid="change"
    >
      {text}
    </Caption1>
  );
}
