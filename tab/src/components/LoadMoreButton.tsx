import { Button, Caption1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { formatNumber } from '../format/format';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalM,
  },
});

interface LoadMoreProps {
  shown: number;
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing 50 of 1,234" and the button that fetches the next cursor page. */
export function LoadMoreButton({ shown, total, hasMore, loading, onLoadMore }: LoadMoreProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Caption1 role="status" aria-live="polite" data-testid="row-count">
        Showing {formatNumber(shown)}
        {total !== null ? ` of ${formatNumber(total)}` : ''}
      </Caption1>
      {hasMore ? (
        <Button onClick={onLoadMore} disabled={loading} icon={loading ? <Spinner size="tiny" /> : undefined}>
          {loading ? 'Loading more…' : 'Load more'}
        </Button>
      ) : null}
    </div>
  );
}
