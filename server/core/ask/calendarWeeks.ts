import { localTime, startOfLocalDay } from './timeZone';

/**
 * Calendar weeks as admins number them ("week 46", "wk46", "W46", "CW 46", "KW46", "calendar week 47 2026", "weeks 45
 * to 47"): ISO 8601 weeks, Monday to Sunday, week 1 holding 4 January, in the time zone. Without a year, the latest
 * such week that has begun. Never a count: "week 46" is no limit of 46.
 */
export interface CalendarWeeks {
  from: Date;
  to: Date;
  label: string;
  at: number;
  length: number;
}

const WEEK = String.raw`(?:(?:calendar|iso)\s+weeks?|weeks?|wks?|cw|kw|w)`;
const CALENDAR_WEEK = new RegExp(
  String.raw`(?<!\b(?:last|past|previous|prior|next|this|per|a|each|every|first|\d{1,3})\s+)\b${WEEK}\s*(?:no\.?\s*|number\s+|#\s*)?(\d{1,2})(?:\s*(?:-|–|to|through|until|and)\s*(?:${WEEK}\s*)?(\d{1,2}))?(?:\s*(?:of\s+|,\s*|/\s*)?(20\d\d))?\b(?!\s*(?:days?|weeks?|hours?|months?|%|percent)\b)`,
);

/** The Monday starting ISO week `n` of `year` in the time zone, or null when that year has no such week. */
function isoWeekStart(year: number, n: number, tz: string): Date | null {
  if (n < 1 || n > 53) return null;
  const jan4 = localTime(startOfLocalDay(year, 1, 4, tz), tz);
  const monday = startOfLocalDay(year, 1, 4 - jan4.weekday + 7 * (n - 1), tz);
  // Week 53 only where the week's Thursday is still in the year.
  const thursday = localTime(startOfLocalDay(year, 1, 4 - jan4.weekday + 7 * (n - 1) + 3, tz), tz);
  return thursday.year === year ? monday : null;
}

/** The first calendar week (or run of weeks) the lower-cased text names, or null. */
export function findCalendarWeeks(text: string, now: Date, tz: string): CalendarWeeks | null {
  const m = CALENDAR_WEEK.exec(text);
  if (!m) return null;
  const first = Number(m[1]);
  const last = m[2] ? Number(m[2]) : first;
  if (last < first) return null;
  const today = localTime(now, tz);
  const tomorrow = startOfLocalDay(today.year, today.month, today.day + 1, tz);
  const yearOf = (y: number) => {
    const from = isoWeekStart(y, first, tz);
    const end = isoWeekStart(y, last, tz);
    return from && end ? { from, to: new Date(end.getTime() + 7 * 86_400_000), year: y } : null;
  };
  // Without a year: this ISO year's week when it has begun, else last year's.
  const asked = m[3] ? yearOf(Number(m[3])) : yearOf(today.year);
  const span = asked && (m[3] || asked.from < tomorrow) ? asked : m[3] ? null : yearOf(today.year - 1);
  if (!span || span.from >= tomorrow) return null;
  const to = span.to < tomorrow ? span.to : tomorrow;
  const weeks = last === first ? `calendar week ${first}` : `calendar weeks ${first}–${last}`;
  const label = `${weeks} ${span.year}${span.to > tomorrow ? ', up to today' : ''}`;
  return { from: span.from, to, label, at: m.index, length: m[0].length };
}
