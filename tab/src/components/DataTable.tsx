import {
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  type SortDirection as FluentSortDirection,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { useMemo, type ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';

export interface DataTableColumn<T> {
  id: string;
  header: string;
  render: (item: T) => ReactNode;
  /** The API's sort key for this column; columns without one are not sortable. */
  sortKey?: string;
  /** Width in pixels it keeps at least (wider tables scroll; the user can resize); default 140. */
  width?: number;
}

export interface TableSort {
  key: string;
  direction: SortDirection;
}

interface DataTableProps<T> {
  /** The grid's accessible name. */
  label: string;
  items: T[];
  columns: DataTableColumn<T>[];
  getRowId: (item: T) => string;
  sort?: TableSort;
  onSortChange?: (sort: TableSort) => void;
}

const useStyles = makeStyles({
  // Wide tables scroll sideways inside the view rather than squeezing columns into each other.
  scroller: { overflowX: 'auto', maxWidth: '100%' },
});

const DEFAULT_WIDTH = 140;

/** Fluent DataGrid with server-side sorting: clicking a header asks the page to re-query, never sorts locally. */
export function DataTable<T>({ label, items, columns, getRowId, sort, onSortChange }: DataTableProps<T>) {
  const styles = useStyles();
  // The server sorts: the grid must keep the order it is given. Fluent sorts by the column's compare and negates it
  // for a descending sort, so compare by position in the server's list, pre-negated when descending. (A compare
  // function also has to take two arguments for Fluent to mark the column sortable.)
  const descending = sort?.direction === 'desc';
  const definitions = useMemo<TableColumnDefinition<T>[]>(() => {
    const position = new Map(items.map((item, i) => [item, i]));
    const keepServerOrder = (a: T, b: T): number => {
      const difference = (position.get(a) ?? 0) - (position.get(b) ?? 0);
      return descending ? -difference : difference;
    };
    return columns.map((column) =>
      createTableColumn<T>({
        columnId: column.id,
        compare: column.sortKey && onSortChange ? keepServerOrder : undefined,
        renderHeaderCell: () => column.header,
        renderCell: column.render,
      }),
    );
  }, [items, columns, onSortChange, descending]);
  const sizing = useMemo(
    () =>
      Object.fromEntries(
        columns.map((c) => [c.id, { idealWidth: c.width ?? DEFAULT_WIDTH, minWidth: c.width ?? DEFAULT_WIDTH }]),
      ),
    [columns],
  );
  const sortColumn = sort ? columns.find((c) => c.sortKey === sort.key)?.id : undefined;
  const sortState = sortColumn
    ? { sortColumn, sortDirection: (sort?.direction === 'asc' ? 'ascending' : 'descending') as FluentSortDirection }
    : undefined;

  return (
    <div className={styles.scroller}>
      <DataGrid
        aria-label={label}
        items={items}
        columns={definitions}
        getRowId={getRowId}
        sortable={!!onSortChange}
        sortState={sortState}
        onSortChange={(_, next) => {
          const key = columns.find((c) => c.id === next.sortColumn)?.sortKey;
          if (key && onSortChange)
            onSortChange({ key, direction: next.sortDirection === 'ascending' ? 'asc' : 'desc' });
        }}
        focusMode="composite"
        resizableColumns
        columnSizingOptions={sizing}
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<T>>
          {({ item, rowId }) => (
            <DataGridRow<T> key={rowId}>
              {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
