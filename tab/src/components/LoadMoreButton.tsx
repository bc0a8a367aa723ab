import { Button, Caption1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useLayoutEffect, useRef } from 'react';
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
  /** The list is being replaced (new filters or sort): the count is the previous one's. */
  busy?: boolean;
  onLoadMore: () => void;
}

/** "Showing 50 of 1,234" and the button that fetches the next cursor page. */
export function LoadMoreButton({ shown, total, hasMore, loading, busy = false, onLoadMore }: LoadMoreProps) {
  const styles = useStyles();
  const button = useRef<HTMLButtonElement>(null);
  const status = useRef<HTMLSpanElement>(null);
  const hadFocus = useRef(false);
  // The last page loaded: the button goes, and keyboard focus moves to the count instead of the top of the page.
  useLayoutEffect(() => {
    if (!hasMore && hadFocus.current) status.current?.focus();
    hadFocus.current = false;
  }, [hasMore]);
  return (
    <div className={styles.root}>
      <span ref={status} tabIndex={-1} role="status" aria-live="polite" aria-busy={busy} data-testid="row-count">
        <Caption1>
          Showing {formatNumber(shown)}
          {total !== null ? ` of ${formatNumber(total)}` : ''}
        </Caption1>
      </span>
      {hasMore ? (
        <Button
          ref={button}
          onClick={() => {
            hadFocus.current = document.activeElement === button.current;
            onLoadMore();
          }}
          // Focusable while loading: a disabled button would drop keyboard focus to the page.
          disabledFocusable={loading}
          icon={loading ? <Spinner size="tiny" /> : undefined}
        >
          {loading ? 'Loading more…' : 'Load more'}
        </Button>
      ) : null}
    </div>
  );
}
