import { localTime, startOfLocalDay } from './timeZone';

/**
 * Holidays admins name ("Thanksgiving week", "since Christmas", "over New Year"), as days in the time zone: the latest
 * one that has begun, its year said. Thanksgiving is the US one (the fourth Thursday of November), Black Friday and
 * Cyber Monday the Friday and Monday after it; "week" after a holiday is the Monday-to-Sunday week holding it.
 */
export interface HolidayRange {
  from: Date;
  to: Date;
  label: string;
  at: number;
  length: number;
}

const HOLIDAY =
  /\b(?:(since|from|after)\s+|(?:over|during|at|on|for|in|around)\s+)?(?:the\s+)?(thanksgiving|black friday|cyber monday|christmas eve|christmas|xmas|boxing day|new year'?s eve|new year'?s day|new year'?s|new year)(?:\s+day)?(\s+week)?\b/;

type Days = (year: number) => { month: number; day: number; days: number; name: string };

const HOLIDAYS: Record<string, Days> = {
  thanksgiving: (y) => {
    const first = new Date(Date.UTC(y, 10, 1)).getUTCDay();
    return { month: 11, day: 1 + ((4 - first + 7) % 7) + 21, days: 1, name: 'Thanksgiving' };
  },
  // The US retail days after Thanksgiving: the Friday after it and the Monday after that.
  'black friday': (y) => ({
    ...HOLIDAYS.thanksgiving!(y),
    day: HOLIDAYS.thanksgiving!(y).day + 1,
    name: 'Black Friday',
  }),
  'cyber monday': (y) => ({
    ...HOLIDAYS.thanksgiving!(y),
    day: HOLIDAYS.thanksgiving!(y).day + 4,
    name: 'Cyber Monday',
  }),
  'christmas eve': () => ({ month: 12, day: 24, days: 1, name: 'Christmas Eve' }),
  christmas: () => ({ month: 12, day: 25, days: 1, name: 'Christmas Day' }),
  'boxing day': () => ({ month: 12, day: 26, days: 1, name: 'Boxing Day' }),
  "new year's eve": () => ({ month: 12, day: 31, days: 1, name: "New Year's Eve" }),
  "new year's day": () => ({ month: 1, day: 1, days: 1, name: "New Year's Day" }),
  // "over New Year": the turn of the year, New Year's Eve and New Year's Day.
  'new year': () => ({ month: 12, day: 31, days: 2, name: 'New Year' }),
};

/** The first holiday the (lower-cased) text names, or null. */
export function findHoliday(text: string, now: Date, tz: string): HolidayRange | null {
  const m = HOLIDAY.exec(text);
  if (!m) return null;
  const word = m[2]!.replace(/'/g, '');
  const newYear = /\beve$/.test(word) ? "new year's eve" : /\bday\b/.test(m[0]) ? "new year's day" : 'new year';
  const holiday = HOLIDAYS[word === 'xmas' ? 'christmas' : word.startsWith('new year') ? newYear : word];
  if (!holiday) return null;
  const today = localTime(now, tz);
  const tomorrow = startOfLocalDay(today.year, today.month, today.day + 1, tz);
  const week = Boolean(m[3]);
  const span = (y: number) => {
    const h = holiday(y);
    const start = startOfLocalDay(y, h.month, h.day, tz);
    if (!week) return { from: start, to: startOfLocalDay(y, h.month, h.day + h.days, tz), name: h.name };
    const t = localTime(start, tz);
    const monday = startOfLocalDay(t.year, t.month, t.day - t.weekday, tz);
    return { from: monday, to: startOfLocalDay(t.year, t.month, t.day - t.weekday + 7, tz), name: `${h.name} week` };
  };
  // The latest that has begun: this year's, or last year's while this year's is still to come.
  const s = span(today.year).from < tomorrow ? span(today.year) : span(today.year - 1);
  const year = localTime(s.from, tz).year;
  const since = Boolean(m[1]);
  const to = since || s.to > tomorrow ? tomorrow : s.to;
  const label = `${since ? 'since ' : ''}${s.name} ${year}${!since && s.to > tomorrow ? ', up to today' : ''}`;
  return { from: s.from, to, label, at: m.index, length: m[0].length };
}
