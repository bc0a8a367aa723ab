import { MONTH_NAMES } from './periods';
import { localDayKey, startOfLocalDay } from './timeZone';

/*
 * A day, week or month of a series that the answer holds only part of: today (or this week, this month) not over yet,
 * a week the period or the synced history starts in the middle of. A trend fitted over such a bucket compares a few
 * days with whole weeks, so it is fitted over the whole buckets only and the answer says which were left out.
 */

export type SeriesUnit = 'day' | 'week' | 'month';
type Span = { from: Date; to: Date };
type Row = Record<string, unknown>;

/** The local days a row's bucket spans: its key is a day or a week's Monday (YYYY-MM-DD), or "November 2026". */
function bucketOf(unit: SeriesUnit, label: string, tz: string): Span | null {
  if (unit === 'month') {
    const [name, year] = label.split(' ');
    const month = MONTH_NAMES.indexOf(name ?? '') + 1;
    if (!month || !year) return null;
    return { from: startOfLocalDay(+year, month, 1, tz), to: startOfLocalDay(+year, month + 1, 1, tz) };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (!m) return null;
  const days = unit === 'week' ? 7 : 1;
  return { from: startOfLocalDay(+m[1]!, +m[2]!, +m[3]!, tz), to: startOfLocalDay(+m[1]!, +m[2]!, +m[3]! + days, tz) };
}

/** The part of the period the answer can hold: from the first synced day (if later), up to now (if earlier). */
export function coveredSpan(range: Span, start: string | null, now: Date): Span {
  const first = start ? new Date(`${start}T00:00:00Z`) : range.from;
  return { from: first > range.from ? first : range.from, to: now < range.to ? now : range.to };
}

/** "4 Dec", "30 Nov – 4 Dec": the local days of a span, its last instant included. */
function daysOf(span: Span, tz: string): string {
  const at = (d: Date) => {
    const [, month, day] = localDayKey(d, tz).split('-');
    return `${Number(day)} ${MONTH_NAMES[Number(month) - 1]!.slice(0, 3)}`;
  };
  const a = at(span.from);
  const b = at(new Date(span.to.getTime() - 1));
  return a === b ? a : `${a} – ${b}`;
}

/** Whether a series' first and last rows hold only part of their bucket, and the part they hold. */
export interface PartialEnds {
  /** The days the first row holds, when it is not the whole bucket. */
  first?: string;
  /** The days the last row holds so far, when its bucket is not over (or the period cuts it). */
  last?: string;
  /** Whether the last row's bucket is not over yet (rather than cut by the period asked). */
  lastOngoing?: boolean;
}

/** The series' partial ends (none for fewer than two rows or labels it cannot read). */
export function partialEnds(unit: SeriesUnit, rows: readonly Row[], covered: Span, tz: string, now: Date): PartialEnds {
  if (rows.length < 2) return {};
  const ends: PartialEnds = {};
  const check = (row: Row) => {
    const bucket = bucketOf(unit, String(row[unit] ?? ''), tz);
    if (!bucket) return null;
    const held = {
      from: bucket.from > covered.from ? bucket.from : covered.from,
      to: bucket.to < covered.to ? bucket.to : covered.to,
    };
    const whole = held.from.getTime() === bucket.from.getTime() && held.to.getTime() === bucket.to.getTime();
    // Less than a day's gap is still a day held whole only when the span reaches the bucket's end exactly.
    return whole || held.to.getTime() - held.from.getTime() <= 0 ? null : { held, bucket };
  };
  const first = check(rows[0]!);
  const last = check(rows.at(-1)!);
  if (first && first.held.from.getTime() > first.bucket.from.getTime()) ends.first = daysOf(first.held, tz);
  if (last && last.held.to.getTime() < last.bucket.to.getTime()) {
    ends.last = daysOf(last.held, tz);
    ends.lastOngoing = now < last.bucket.to && now.getTime() === last.held.to.getTime();
  }
  return ends;
}
