import { findPeriod, type Period } from './periods';
import type { MeasureQuery } from './querySchema';

/**
 * Conditions on people read from the query the words built rather than from words of their own: an app left out
 * beside one named, over people; the period a fall or rise is measured against.
 */

/**
 * "Which users use Word but not Excel", "how many used Word without Excel": over people, an app left out beside one
 * named is a condition on the people (active in Word, in Excel not at all), not Excel's interactions left out of
 * Word's, which would change nothing.
 */
export function appsNotUsed(q: MeasureQuery): MeasureQuery {
  const out = q.filters.exclude;
  const people = (q.by.length === 1 && q.by[0] === 'user') || (q.measure === 'active_users' && !q.by.length);
  if (!out?.apps.length || !q.filters.apps.length || !people || q.compare || PASSIVE.includes(q.measure)) return q;
  const exclude = out.departments.length ? { exclude: { ...out, apps: [] } } : {};
  const { exclude: _e, ...filters } = q.filters;
  return { ...q, filters: { ...filters, ...exclude }, who: { ...q.who, notApps: out.apps } };
}

/** Measures not counted from activity: a condition on what people did cannot narrow them. */
export const PASSIVE = ['licensed_inactive', 'licensed_users', 'new_users', 'adoption', 'references', 'source_users'];

/**
 * The period a fall or rise is measured against, dated in the line: the one the question named, else for "this month"
 * (or week, quarter, year) so far the whole one before, as an admin means it (the answer says the lengths differ), else
 * the window of equal length just before.
 */
export function periodBefore(q: MeasureQuery, now: Date, tz: string): Period {
  if (q.against) return q.against;
  const unit = /^this (week|month|quarter|year)$/.exec(q.period.label)?.[1];
  const last = unit ? findPeriod(`last ${unit}`, now, tz)?.period : undefined;
  if (last) return last;
  const { from, to } = q.period;
  const rolling = q.period.rolling ? { rolling: true } : {};
  return { from: new Date(2 * from.getTime() - to.getTime()), to: from, label: 'the period before', ...rolling };
}

/** The query without its comparison and what rides on it (a condition on people replaces them). */
export function withoutCompare(q: MeasureQuery): MeasureQuery {
  const { compare: _c, against: _a, changeOrder: _o, having: _h, ...rest } = q;
  return rest;
}
