/** The way a series by day, week or month went ("going up or down over the last 8 weeks"), said under its rows. */

const SERIES_UNITS = { day: 'day', week: 'week', month: 'month' } as const;

type Row = Record<string, unknown>;

/**
 * One sentence: the first and the last bucket's figures and the least-squares slope per bucket, with the direction they
 * agree on ("up", "down"), or "no clear direction" where they disagree or are flat. Null for anything but a single
 * dimension of time with at least two buckets.
 */
export function seriesDirection(by: readonly string[], rows: readonly Row[], noun: string): string | null {
  const dim = by.length === 1 ? by[0] : undefined;
  if (!dim || !(dim in SERIES_UNITS) || rows.length < 2) return null;
  const unit = SERIES_UNITS[dim as keyof typeof SERIES_UNITS];
  const ys = rows.map((r) => Number(r.value ?? 0));
  const n = ys.length;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const slope = num / den;
  const first = ys[0]!;
  const last = ys[n - 1]!;
  const way = Math.sign(last - first);
  const direction = way > 0 && slope > 0 ? 'Going up' : way < 0 && slope < 0 ? 'Going down' : 'No clear direction';
  const at = (r: Row) => String(r[dim] ?? '');
  // Rounded first, so a slope just under zero reads "0", never "-0".
  const rounded = Math.round(slope * 10) / 10 || 0;
  const signed = `${rounded > 0 ? '+' : ''}${rounded.toLocaleString('en-GB')}`;
  return `${direction}: from ${first.toLocaleString('en-GB')} ${noun} in the first ${unit} (${at(rows[0]!)}) to ${last.toLocaleString('en-GB')} in the last (${at(rows[n - 1]!)}), a fitted trend of ${signed} a ${unit}.`;
}
