/** Which of a table's columns fit its width (pure; the DataTable's useFittedColumns measures the width). */

/** What fitting needs to know of a column. */
export interface FittableColumn {
  id: string;
  /** Width it keeps at least, in pixels. */
  width: number;
  /** 1: always shown (the row's key and its action); 2 (default) before 3 when space runs out. */
  priority: number;
}

export interface ColumnFit {
  /** Ids of the columns shown, in their declared order. */
  visible: ReadonlySet<string>;
  /** Columns left out (for the row details and the column chooser). */
  hiddenCount: number;
  /** True when the shown columns are wider than the space (the user asked for more): the table scrolls sideways. */
  overflowing: boolean;
}

/** Width the row-details button column takes when some columns are left out. */
export const DETAILS_COLUMN_WIDTH = 48;
/** Fluent's DataGrid pads every cell by 8 px on each side, beyond the width a column is given. */
const CELL_PADDING = 16;

/**
 * Every priority-1 column, then the others by priority and declared order while they fit `width` (beside the row
 * details button once any is left out). The user's choices (column chooser) override the fit; an unknown width
 * (first render) shows everything.
 */
export function fitColumns(
  columns: readonly FittableColumn[],
  width: number | null,
  choices: Readonly<Record<string, boolean>> = {},
): ColumnFit {
  const total = (ids: Iterable<string>) => {
    let sum = 0;
    for (const id of ids) sum += (columns.find((c) => c.id === id)?.width ?? 0) + CELL_PADDING;
    return sum;
  };
  const all = columns.map((c) => c.id);
  // Not measured yet (first render): show everything, as before fitting existed.
  if (width === null) return { visible: new Set(all), hiddenCount: 0, overflowing: false };
  const visible = new Set(columns.filter((c) => c.priority <= 1 || choices[c.id] === true).map((c) => c.id));
  const candidates = columns
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => !visible.has(c.id) && choices[c.id] !== false)
    .sort((a, b) => a.c.priority - b.c.priority || a.index - b.index);
  for (const { c } of candidates) {
    const leftOut = columns.length - visible.size - 1;
    const room = width - (leftOut > 0 ? DETAILS_COLUMN_WIDTH + CELL_PADDING : 0);
    if (total(visible) + c.width + CELL_PADDING <= room) visible.add(c.id);
  }
  const hiddenCount = columns.length - visible.size;
  const used = total(visible) + (hiddenCount > 0 ? DETAILS_COLUMN_WIDTH + CELL_PADDING : 0);
  return { visible, hiddenCount, overflowing: used > width };
}
