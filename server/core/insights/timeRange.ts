import { validationFailed } from '../../errors';
import type { TimeRange } from './types';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest range any insight accepts (the API answers 400 beyond it). */
export const MAX_RANGE_DAYS = 400;

/** The `days` days up to `now`. */
export function lastDays(now: Date, days: number): TimeRange {
  return { from: new Date(now.getTime() - days * DAY_MS), to: new Date(now.getTime()) };
}

/** Throws validation_failed unless from < to and the range spans at most MAX_RANGE_DAYS. */
export function checkRange(range: TimeRange): TimeRange {
  const { from, to } = range;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw validationFailed('from and to must be dates.');
  if (from.getTime() >= to.getTime()) throw validationFailed('from must be before to.');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw validationFailed(`A time range spans at most ${MAX_RANGE_DAYS} days.`);
  return range;
}

/** The UTC day (YYYY-MM-DD) a moment falls on. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The UTC days a range touches, as a filter on the daily aggregates' `day` field: those are kept per UTC day,
 * so a range that starts or ends inside a day counts that whole day.
 */
export function dayFilter(range: TimeRange): { $gte: string; $lte: string } {
  return { $gte: dayOf(range.from), $lte: dayOf(new Date(range.to.getTime() - 1)) };
}

/** Every UTC day a range touches, oldest first. */
export function daysOf(range: TimeRange): string[] {
  const days: string[] = [];
  const last = dayOf(new Date(range.to.getTime() - 1));
  for (let at = Date.parse(`${dayOf(range.from)}T00:00:00.000Z`); ; at += DAY_MS) {
    const day = dayOf(new Date(at));
    if (day > last) break;
    days.push(day);
  }
  return days;
}

/** Records active in a range: they started before it ended and ended after it began. */
export function overlapFilter(range: TimeRange, firstField: string, lastField: string): Record<string, unknown> {
  return { [lastField]: { $gte: range.from }, [firstField]: { $lt: range.to } };
}
