import { plural } from './executed';
import { describeDays } from './periods';
import type { MeasureQuery } from './querySchema';

/*
 * What a measure's answer says beside its figures so that none is read wrongly: a period outside the synced history,
 * periods of unequal length compared, and people whom a list from the lowest up cannot show.
 */

/**
 * Notes about the synced window: a period reaching before the first synced day, or lying wholly before it; and a
 * period compared against ("vs September", "vs last quarter") that does, whose figure is then only part of it.
 */
export function windowNotes(
  q: MeasureQuery,
  start: string | null,
  tz: string,
  against: { from: Date; to: Date } | null = null,
): string[] {
  if (!start || q.period.all) return [];
  const first = Date.parse(`${start}T00:00:00Z`);
  if (q.period.to.getTime() <= first)
    return [`Nothing in ${describeDays(q.period, tz)} was synced: the synced history starts on ${start}.`];
  if (q.period.from.getTime() < first) return [`The synced history starts on ${start}, so the figures begin there.`];
  if (against && against.from.getTime() < first)
    return [
      `The synced history starts on ${start}: the figure for ${describeDays({ ...against, label: '' }, tz)} counts only what was synced, from that day.`,
    ];
  return [];
}

/** A period compared with one of another length ("this month", 3 days, against last month): said beside the change. */
export function unequalNote(q: MeasureQuery, against: { from: Date; to: Date } | null, tz: string): string[] {
  if (!against) return [];
  const days = (p: { from: Date; to: Date }) =>
    Math.max(1, Math.ceil((p.to.getTime() - p.from.getTime()) / 86_400_000));
  const [now, before] = [days(q.period), days(against)];
  if (Math.abs(now - before) <= Math.max(1, 0.1 * Math.max(now, before))) return [];
  return [
    `The periods differ in length (${describeDays(q.period, tz)}: ${plural(now, 'day')}; ${describeDays({ ...against, label: '' }, tz)}: ${plural(before, 'day')}), so each change compares unequal spans.`,
  ];
}

export const UNLISTED =
  'People with no activity at all in the period are not listed; ask for licensed users without activity.';

/** People with no activity have no row: a list from the lowest, or of those under a figure, says so. */
export function unlistedNote(q: MeasureQuery): string[] {
  if (q.by[0] !== 'user') return [];
  const fewest = q.having ? q.having.op === 'lt' || q.having.op === 'lte' : q.order === 'asc';
  return fewest ? [UNLISTED] : [];
}
