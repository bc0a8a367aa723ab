import {
  Button,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  linkClassNames,
  makeStyles,
  mergeClasses,
  tokens,
  type SortDirection as FluentSortDirection,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { PanelRightExpandRegular } from '@fluentui/react-icons';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { DETAILS_COLUMN_WIDTH } from './columnFit';
import { TARGET_24 } from './layoutStyles';
import { useFittedColumns } from '../hooks/useFittedColumns';
import { ColumnChooser } from './ColumnChooser';
import { RowDetails } from './RowDetails';

export type SortDirection = 'asc' | 'desc';

export interface DataTableColumn<T> {
  id: string;
  header: string;
  render: (item: T) => ReactNode;
  /** The API's sort key for this column; columns without one are not sortable. */
  sortKey?: string;
  /** Width in pixels it keeps at least (the user can resize); default 140. */
  width?: number;
  /**
   * 1: always shown — the row's key and its action (Open, View activity). 2 (default), then 3: shown while they
   * fit the tab's width; the rest are in the row's details and the column chooser.
   */
  priority?: 1 | 2 | 3;
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
  /** A name for a row in the details panel's title (default: the first column's text). */
  describeRow?: (item: T) => string;
  /** New rows are on their way (these are the previous ones): the grid says so and dims. */
  busy?: boolean;
}

const useStyles = makeStyles({
  frame: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  chooser: { display: 'flex', justifyContent: 'flex-end' },
  // Columns that fit: no scroll box of its own, so the header can stick to the top of the page as it scrolls.
  fits: { overflowX: 'clip' },
  // More columns than width (the user asked for them): a scroll box no taller than the window, so its horizontal
  // scrollbar is always on screen and the header sticks to its top.
  scrolls: { overflow: 'auto', maxHeight: 'calc(100vh - 24px)' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: `0 ${tokens.strokeWidthThin} 0 ${tokens.colorNeutralStroke2}`,
  },
  grid: { backgroundColor: tokens.colorNeutralBackground1 },
  // Fluent's hovered row takes colorSubtleBackgroundHover, against which the colours inside a row fail WCAG's 4.5:1:
  // links (#7f85f5 on #383838, 3.7:1) in Teams dark, every link, badge and secondary text (#ffff00 or #ffffff on
  // #1aebff, under 1.5:1) in Teams high contrast. The hovered row takes the page's background instead (a shade off
  // the grid's in light and dark, where every text colour of a row keeps 4.5:1) and an inset hover stroke, which is
  // the cyan Teams draws hovered items with in high contrast; the text keeps its resting colour.
  row: {
    ':hover': {
      backgroundColor: tokens.colorNeutralBackground2,
      color: tokens.colorNeutralForeground1,
      boxShadow: `inset 0 0 0 ${tokens.strokeWidthThin} ${tokens.colorNeutralStroke1Hover}`,
    },
  },
  busy: { opacity: 0.6 },
  // Long names, e-mail addresses and hosts wrap or end in an ellipsis inside their own column. A link in a cell (a
  // name, Open, View activity) is a 24 px target at least (WCAG 2.2, 2.5.8): a line of text is 16-20 px tall, and the
  // focusable grid cell around it leaves no spacing to count on.
  cell: {
    minWidth: 0,
    overflowWrap: 'anywhere',
    [`& .${linkClassNames.root}`]: TARGET_24,
  },
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const DEFAULT_WIDTH = 140;
const DETAILS_ID = '__details';

/**
 * Fluent DataGrid with server-side sorting (a header click asks the page to re-query, never sorts locally), fitted
 * to the tab's width: priority-1 columns always show, the others while they fit; what is left out is one click away
 * in the row's details panel and in the column chooser.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { label, items, columns, getRowId, sort, onSortChange, describeRow, busy = false } = props;
  const styles = useStyles();
  const container = useRef<HTMLDivElement>(null);
  // The column the list is sorted by always shows: the order has to be visible.
  const sortKey = sort?.key;
  const fittable = useMemo(
    () =>
      columns.map((c) => ({
        id: c.id,
        width: c.width ?? DEFAULT_WIDTH,
        priority: c.sortKey !== undefined && c.sortKey === sortKey ? 1 : (c.priority ?? 2),
      })),
    [columns, sortKey],
  );
  const fit = useFittedColumns(container, fittable);
  const [details, setDetails] = useState<T | null>(null);
  const shown = useMemo(() => columns.filter((c) => fit.visible.has(c.id)), [columns, fit.visible]);

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
    const defs = shown.map((column) =>
      createTableColumn<T>({
        columnId: column.id,
        compare: column.sortKey && onSortChange ? keepServerOrder : undefined,
        renderHeaderCell: () => column.header,
        renderCell: column.render,
      }),
    );
    if (fit.hiddenCount === 0) return defs;
    return [
      ...defs,
      createTableColumn<T>({
        columnId: DETAILS_ID,
        renderHeaderCell: () => <span className={styles.srOnly}>Details</span>,
        renderCell: (item) => (
          <Button
            appearance="subtle"
            size="small"
            icon={<PanelRightExpandRegular />}
            aria-label={`All columns: ${describeRow?.(item) ?? `row ${(position.get(item) ?? 0) + 1}`}`}
            title="All columns of this row"
            onClick={() => setDetails(item)}
          />
        ),
      }),
    ];
  }, [items, shown, onSortChange, descending, fit.hiddenCount, describeRow, styles.srOnly]);
  const sizing = useMemo(
    () =>
      Object.fromEntries([
        ...columns.map((c) => [c.id, { idealWidth: c.width ?? DEFAULT_WIDTH, minWidth: c.width ?? DEFAULT_WIDTH }]),
        [DETAILS_ID, { idealWidth: DETAILS_COLUMN_WIDTH, minWidth: DETAILS_COLUMN_WIDTH }],
      ]),
    [columns],
  );
  const sortColumn = sort ? shown.find((c) => c.sortKey === sort.key)?.id : undefined;
  // Once controlled, always controlled: Fluent's sort state breaks if it turns undefined later.
  const sortState = onSortChange
    ? { sortColumn, sortDirection: (sort?.direction === 'asc' ? 'ascending' : 'descending') as FluentSortDirection }
    : undefined;

  return (
    <div className={styles.frame}>
      {columns.some((c) => (c.priority ?? 2) > 1) ? (
        <div className={styles.chooser}>
          <ColumnChooser
            label={label}
            columns={columns.filter((c) => (c.priority ?? 2) > 1)}
            visible={fit.visible}
            onChange={fit.setShown}
          />
        </div>
      ) : null}
      <div
        ref={container}
        className={fit.overflowing ? styles.scrolls : styles.fits}
        data-testid={`table-${label}`}
        tabIndex={fit.overflowing ? 0 : undefined}
        role={fit.overflowing ? 'region' : undefined}
        aria-label={fit.overflowing ? `${label} (scrolls sideways)` : undefined}
      >
        <DataGrid
          className={mergeClasses(styles.grid, busy && styles.busy)}
          aria-label={label}
          aria-busy={busy}
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
          <DataGridHeader className={styles.header}>
            <DataGridRow>
              {({ renderHeaderCell, columnId }) => (
                <DataGridHeaderCell data-column={String(columnId)}>{renderHeaderCell()}</DataGridHeaderCell>
              )}
            </DataGridRow>
          </DataGridHeader>
          <DataGridBody<T>>
            {({ item, rowId }) => (
              <DataGridRow<T> key={rowId} className={styles.row}>
                {({ renderCell, columnId }) => (
                  <DataGridCell className={styles.cell} data-column={String(columnId)}>
                    {renderCell(item)}
                  </DataGridCell>
                )}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
      </div>
      {details !== null ? (
        <RowDetails
          title={describeRow?.(details) ?? 'Row details'}
          columns={columns}
          item={details}
          onClose={() => setDetails(null)}
        />
      ) : null}
    </div>
  );
}
