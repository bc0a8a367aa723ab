import { DETAILS_COLUMN_WIDTH, fitColumns } from '../../tab/src/components/columnFit';

// Each cell is padded 16 px beyond its column's width (Fluent's DataGrid).
const cols = [
  { id: 'when', width: 170, priority: 1 },
  { id: 'user', width: 230, priority: 1 },
  { id: 'app', width: 140, priority: 2 },
  { id: 'details', width: 240, priority: 3 },
  { id: 'open', width: 110, priority: 1 },
];
const shown = (fit: { visible: ReadonlySet<string> }) => cols.map((c) => c.id).filter((id) => fit.visible.has(id));

describe('fitting table columns to the width of the tab', () => {
  it('shows every column before the width is known', () => {
    expect(shown(fitColumns(cols, null))).toEqual(['when', 'user', 'app', 'details', 'open']);
  });

  it('shows every column when they fit, with no details button', () => {
    const fit = fitColumns(cols, 2000);
    expect(shown(fit)).toEqual(['when', 'user', 'app', 'details', 'open']);
    expect(fit).toMatchObject({ hiddenCount: 0, overflowing: false });
  });

  it('keeps priority-1 columns and adds the others by priority while they fit beside the details button', () => {
    const essentials = 170 + 230 + 110 + 3 * 16;
    const fit = fitColumns(cols, essentials + 140 + 16 + DETAILS_COLUMN_WIDTH + 16);
    expect(shown(fit)).toEqual(['when', 'user', 'app', 'open']);
    expect(fit).toMatchObject({ hiddenCount: 1, overflowing: false });
    expect(shown(fitColumns(cols, essentials + DETAILS_COLUMN_WIDTH + 16))).toEqual(['when', 'user', 'open']);
  });

  it('never drops a priority-1 column: too narrow for them, the table scrolls sideways', () => {
    const fit = fitColumns(cols, 300);
    expect(shown(fit)).toEqual(['when', 'user', 'open']);
    expect(fit.overflowing).toBe(true);
  });

  it("follows the user's choices from the column chooser over the fit", () => {
    const fit = fitColumns(cols, 700, { details: true, app: false });
    expect(shown(fit)).toEqual(['when', 'user', 'details', 'open']);
    expect(fit.overflowing).toBe(true);
    expect(shown(fitColumns(cols, 2000, { app: false }))).toEqual(['when', 'user', 'details', 'open']);
  });
});
