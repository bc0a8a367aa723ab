import { Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlockEnd: tokens.spacingVerticalXS,
  },
});

/** Where the time-range control would be, on a view whose figures cover every synced day: says so. */
export function AllTimeLabel() {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid="all-time">
      <Caption1>Time range</Caption1>
      <Text weight="semibold">All time</Text>
    </div>
  );
}
