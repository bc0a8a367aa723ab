import type { CursorList } from '../hooks/useCursorList';
import { DataTable, type DataTableColumn, type TableSort } from './DataTable';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { LoadMoreButton } from './LoadMoreButton';

interface PagedTableProps<T> {
  label: string;
  list: CursorList<T>;
  columns: DataTableColumn<T>[];
  getRowId: (item: T) => string;
  sort?: TableSort;
  onSortChange?: (sort: TableSort) => void;
  /** A name for a row in its details panel (a person's name, a file's). */
  describeRow?: (item: T) => string;
  emptyTitle: string;
  emptyHint?: string;
}

/** A cursor-paged list with its loading, error and empty states, the grid, and "load more". */
export function PagedTable<T>({ label, list, emptyTitle, emptyHint, ...grid }: PagedTableProps<T>) {
  if (list.loading && list.items.length === 0) return <LoadingState label={`Loading ${label.toLowerCase()}…`} />;
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.items.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;
  return (
    <>
      <DataTable label={label} items={list.items} busy={list.loading} {...grid} />
      {list.error ? <ErrorState error={list.error} onRetry={list.loadMore} title="Could not load more rows" /> : null}
      <LoadMoreButton
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        busy={list.loading}
        loading={list.loadingMore}
        onLoadMore={list.loadMore}
      />
    </>
  );
}
