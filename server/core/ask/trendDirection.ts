/** The way a series by day, week or month went ("going up or down over the last 8 weeks"), said under its rows. */

import type { PartialEnds } from './partialBuckets';

const SERIES_UNITS = { day: 'day', week: 'week', month: 'month' } as const;
const THIS_UNIT = { day: 'today', week: 'this week', month: 'this month' } as const;

type Row = Record<string, unknown>;

/**
 * One sentence: the first and the last bucket's figures and the least-squares slope per bucket, with the direction they
 * agree on ("up", "down"), or "no clear direction" where they disagree or are flat. A first or last bucket held only
 * in part (`ends`: today not over, a week the synced history starts in) is left out of the fit and said, so a few days
 * are never compared with whole weeks. Null for anything but a single dimension of time with two buckets to compare.
 */
export function seriesDirection(
  by: readonly string[],
  rows: readonly Row[],
  noun: string,
  ends: PartialEnds = {},
): string | null {
  const dim = by.length === 1 ? by[0] : undefined;
  if (!dim || !(dim in SERIES_UNITS) || rows.length < 2) return null;
  const unit = SERIES_UNITS[dim as keyof typeof SERIES_UNITS];
  const at = (r: Row) => String(r[dim] ?? '');
  const left = leftOut(unit, rows, ends, at);
  const whole = rows.slice(ends.first ? 1 : 0, ends.last ? -1 : undefined);
  if (whole.length < 2) {
    if (!left) return null;
    return `No clear direction: fewer than two whole ${unit}s to fit (${left}).`;
  }
  const ys = whole.map((r) => Number(r.value ?? 0));
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
  // Rounded first, so a slope just under zero reads "0", never "-0".
  const rounded = Math.round(slope * 10) / 10 || 0;
  const signed = `${rounded > 0 ? '+' : ''}${rounded.toLocaleString('en-GB')}`;
  const kind = left ? ` whole ${unit}` : ` ${unit}`;
  const sentence = `${direction}: from ${first.toLocaleString('en-GB')} ${noun} in the first${kind} (${at(whole[0]!)}) to ${last.toLocaleString('en-GB')} in the last (${at(whole[n - 1]!)}), a fitted trend of ${signed} a ${unit}.`;
  return left ? `${sentence} Fitted over whole ${unit}s only: ${left}.` : sentence;
}

/** What the fit leaves out and why: "today (4 Dec) is not over yet", "the first week holds only 10–11 Oct". */
function leftOut(unit: 'day' | 'week' | 'month', rows: readonly Row[], ends: PartialEnds, at: (r: Row) => string) {
  const parts: string[] = [];
  if (ends.first) parts.push(`the first ${unit} (${at(rows[0]!)}) holds only ${ends.first}`);
  if (ends.last)
    parts.push(
      ends.lastOngoing
        ? `${THIS_UNIT[unit]} (${ends.last}) is not over yet`
        : `the last ${unit} (${at(rows.at(-1)!)}) holds only ${ends.last}`,
    );
  return parts.join(' and ');
}
