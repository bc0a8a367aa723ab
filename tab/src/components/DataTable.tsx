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
  grid: { minWidth: '100%' },
});

// The server sorts: the grid keeps the order it is given (a compare of 0 only marks the column sortable).
const keepServerOrder = (): number => 0;

/** Fluent DataGrid with server-side sorting: clicking a header asks the page to re-query, never sorts locally. */
export function DataTable<T>({ label, items, columns, getRowId, sort, onSortChange }: DataTableProps<T>) {
  const styles = useStyles();
  const definitions = useMemo<TableColumnDefinition<T>[]>(
    () =>
      columns.map((column) =>
        createTableColumn<T>({
          columnId: column.id,
          compare: column.sortKey && onSortChange ? keepServerOrder : undefined,
          renderHeaderCell: () => column.header,
          renderCell: column.render,
        }),
      ),
    [columns, onSortChange],
  );
  const sortColumn = sort ? columns.find((c) => c.sortKey === sort.key)?.id : undefined;
  const sortState = sortColumn
    ? { sortColumn, sortDirection: (sort?.direction === 'asc' ? 'ascending' : 'descending') as FluentSortDirection }
    : undefined;

  return (
    <DataGrid
      className={styles.grid}
      aria-label={label}
      items={items}
      columns={definitions}
      getRowId={getRowId}
      sortable={!!onSortChange}
      sortState={sortState}
      onSortChange={(_, next) => {
        const key = columns.find((c) => c.id === next.sortColumn)?.sortKey;
        if (key && onSortChange) onSortChange({ key, direction: next.sortDirection === 'ascending' ? 'asc' : 'desc' });
      }}
      focusMode="composite"
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
  );
}
