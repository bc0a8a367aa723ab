import { localTime, startOfLocalDay, type LocalTime } from './timeZone';

/**
 * Ranges of days the date parser misreads: "between 10 and 24 November" (as the 24th alone), "from the 1st to the
 * 15th" (as "since the 1st"), "between Monday and Wednesday" (as Monday). Both days are included, in the time zone.
 */
export interface DayRange {
  /** First local day's start and the start of the day after the last (half-open). */
  from: Date;
  to: Date;
  label: string;
  at: number;
  length: number;
}

const MONTH_WORDS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const ORD = String.raw`(?:st|nd|rd|th)`;
const DAY = String.raw`(?:the\s+)?(\d{1,2})${ORD}?`;
/** "and" joins a range only after "between" ("10 and 24 November" alone could be two days). */
const TO = String.raw`\s*(?:-|–|—|to|until|till|through|thru|and)\s*(?:the\s+)?`;
const LEAD = String.raw`(?:(?:during|over|across|covering|within|for|in)\s+(?:the\s+(?:period|days)\s+)?)?(?:(between|from)\s+)?`;
const YEAR = String.raw`(?:,?\s+(20\d\d))?`;
const WEEKDAY = String.raw`(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?`;
const NOT_MONTH_AFTER = String.raw`(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))`;

const SAME_MONTH_DAYS_FIRST = new RegExp(
  String.raw`\b${LEAD}${DAY}${TO}(\d{1,2})${ORD}?(?:\s+of)?\s+${MONTH}${YEAR}(?![\p{L}\d])`,
  'u',
);
const SAME_MONTH_MONTH_FIRST = new RegExp(
  String.raw`\b${LEAD}${MONTH}\s+${DAY}${TO}(\d{1,2})${ORD}?${YEAR}(?![\p{L}\d])${NOT_MONTH_AFTER}`,
  'u',
);
// "from the 1st to the 15th": ordinals (or "the") make them days; "between 5 and 10 users" is no range.
const DAYS_ONLY = new RegExp(
  String.raw`\b(between|from)\s+(?:the\s+)?(\d{1,2})${ORD}${TO}(\d{1,2})${ORD}\b${NOT_MONTH_AFTER}`,
  'u',
);
const WEEKDAYS = new RegExp(String.raw`\b${LEAD}${WEEKDAY}${TO}${WEEKDAY}\b`, 'u');

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthOf = (word: string) => MONTH_WORDS.indexOf(word.slice(0, 3)) + 1;
const joinsRange = (whole: string, lead: string | undefined) => lead === 'between' || !/\sand\s/.test(whole);

/** The first range of days in the (lower-cased) text, or null. */
export function findDayRange(text: string, now: Date, tz: string): DayRange | null {
  const today = localTime(now, tz);
  const forms: Array<[RegExpExecArray | null, (m: RegExpExecArray) => Omit<DayRange, 'at' | 'length'> | null]> = [
    [SAME_MONTH_DAYS_FIRST.exec(text), (m) => inMonth(today, tz, +m[2]!, +m[3]!, monthOf(m[4]!), m[5])],
    [SAME_MONTH_MONTH_FIRST.exec(text), (m) => inMonth(today, tz, +m[3]!, +m[4]!, monthOf(m[2]!), m[5])],
    [DAYS_ONLY.exec(text), (m) => daysOnly(today, tz, +m[2]!, +m[3]!)],
    [WEEKDAYS.exec(text), (m) => weekdays(today, tz, m[2]!, m[3]!)],
  ];
  for (const [m, make] of forms) {
    if (!m || !joinsRange(m[0], m[1])) continue;
    const range = make(m);
    // "(both) inclusive" after the range says what the range already is.
    const said = /^,?\s*\(?(?:both\s+)?inclusive\)?/.exec(text.slice(m.index + m[0].length))?.[0] ?? '';
    if (range) return { ...range, at: m.index, length: (m[0] + said).trimEnd().length };
  }
  return null;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function clipped(today: LocalTime, tz: string, from: Date, to: Date, label: string) {
  const tomorrow = startOfLocalDay(today.year, today.month, today.day + 1, tz);
  if (to <= tomorrow) return { from, to, label };
  // Days after today hold nothing yet: counted up to today, and the line says so.
  return from < tomorrow ? { from, to: tomorrow, label: `${label}, up to today` } : null;
}

/** "10–24 Nov": a month named without a year is this year's unless its range starts after today (then last year's). */
function inMonth(today: LocalTime, tz: string, a: number, b: number, month: number, year?: string) {
  if (month < 1 || a < 1 || a >= b) return null;
  let y = year ? Number(year) : today.year;
  if (!year && (month > today.month || (month === today.month && a > today.day))) y -= 1;
  if (b > daysIn(y, month)) return null;
  const label = `${a}–${b} ${SHORT[month - 1]} ${y}`;
  return clipped(today, tz, startOfLocalDay(y, month, a, tz), startOfLocalDay(y, month, b + 1, tz), label);
}

/** "from the 1st to the 15th": this month's when the last day has passed, else last month's (said). */
function daysOnly(today: LocalTime, tz: string, a: number, b: number) {
  if (a < 1 || a >= b) return null;
  const thisMonth = b <= today.day;
  const first = localTime(startOfLocalDay(today.year, today.month - (thisMonth ? 0 : 1), 1, tz), tz);
  if (b > daysIn(first.year, first.month)) return null;
  const from = startOfLocalDay(first.year, first.month, a, tz);
  const to = startOfLocalDay(first.year, first.month, b + 1, tz);
  const which = thisMonth ? 'this month' : 'last month, as this month has not reached the ' + ordinal(b);
  return { from, to, label: `the ${ordinal(a)} to the ${ordinal(b)} of ${which}` };
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const weekdayOf = (word: string) => WEEKDAY_NAMES.findIndex((d) => d.toLowerCase().startsWith(word.slice(0, 3)));

/** "between Monday and Wednesday": the latest such days that have all passed (today counts as passed). */
function weekdays(today: LocalTime, tz: string, first: string, last: string) {
  const a = weekdayOf(first);
  const b = weekdayOf(last);
  if (a < 0 || b < 0 || a === b) return null;
  const endBack = (today.weekday - b + 7) % 7;
  const span = (b - a + 7) % 7;
  const day = (back: number) => startOfLocalDay(today.year, today.month, today.day - back, tz);
  return { from: day(endBack + span), to: day(endBack - 1), label: `${WEEKDAY_NAMES[a]} to ${WEEKDAY_NAMES[b]}` };
}
