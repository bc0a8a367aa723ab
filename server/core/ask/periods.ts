import * as chrono from 'chrono-node';
import { findCalendarWeeks } from './calendarWeeks';
import { findDayRange } from './dayRanges';
import { findHoliday } from './holidays';
import { dayKey, localTime, offsetMinutes, startOfLocalDay, type LocalTime } from './timeZone';

/** A period as a question names it: half-open [from, to) with the words that describe it. */
export interface Period {
  from: Date;
  to: Date;
  label: string;
  /** Not asked for: the engine's default, said so in the interpretation. */
  default?: boolean;
  /** Ends at an instant rather than a day boundary ("last 24 hours", "since 9am"). */
  rolling?: boolean;
  /** Everything synced ("all time"): the answer's own reads bound it. */
  all?: boolean;
}

const HOUR_MS = 3_600_000;
const ALL_DAYS = 399;
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
}; // prettier-ignore

interface Clock {
  now: Date;
  tz: string;
  today: LocalTime;
}

const day = (c: Clock, offsetDays: number): Date =>
  startOfLocalDay(c.today.year, c.today.month, c.today.day + offsetDays, c.tz);
const fmt = (d: Date, c: Clock): string => {
  const t = localTime(d, c.tz);
  return `${t.day} ${MONTH_NAMES[t.month - 1]!.slice(0, 3)} ${t.year}`;
};
/** "1–7 Nov 2026": the days a period covers, for the interpretation line. */
export function describeDays(p: Period, tz: string): string {
  const c: Clock = { now: p.to, tz, today: localTime(p.to, tz) };
  if (p.rolling) return `${fmtTime(p.from, tz)} – ${fmtTime(p.to, tz)}`;
  const last = new Date(p.to.getTime() - 1);
  const a = fmt(p.from, c);
  const b = fmt(last, c);
  return a === b ? a : `${a} – ${b}`;
}
/** A rolling window's bound to the minute ("2 Dec 21:37"), so the line shows the instants its figure counts. */
function fmtTime(d: Date, tz: string): string {
  const t = localTime(d, tz);
  const minute = new Date(d.getTime() + offsetMinutes(d, tz) * 60_000).getUTCMinutes();
  return `${t.day} ${MONTH_NAMES[t.month - 1]!.slice(0, 3)} ${String(t.hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The last `days` whole local days including today. */
export function lastDays(now: Date, tz: string, days: number, label = `last ${days} days`): Period {
  const c = clock(now, tz);
  return { from: day(c, 1 - days), to: day(c, 1), label };
}

/**
 * "yesterday vs the same day last week": the same local days, `days` earlier (a period of whole days; an instant-bound
 * one moves by the same length of time).
 */
export function shiftedBack(p: Period, days: number, tz: string, label: string): Period {
  const move = (d: Date) => {
    const t = localTime(d, tz);
    return startOfLocalDay(t.year, t.month, t.day - days, tz);
  };
  const from = p.rolling ? new Date(p.from.getTime() - days * 86_400_000) : move(p.from);
  const to = p.rolling ? new Date(p.to.getTime() - days * 86_400_000) : move(p.to);
  return { from, to, label, ...(p.rolling ? { rolling: true } : {}) };
}

/**
 * "this month vs the same period last month", "the same days a year ago": the period asked, one calendar unit earlier
 * (a week is 7 days; a month, quarter or year keeps the days of the month, the last day of a shorter month standing for
 * the 29th–31st). A month-to-date period is compared with the same days of the month before, not the whole month.
 */
export function sameDaysEarlier(
  p: Period,
  unit: 'week' | 'month' | 'quarter' | 'year',
  tz: string,
  label: string,
): Period {
  if (unit === 'week') return shiftedBack(p, 7, tz, label);
  const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  const move = (d: Date) => {
    const t = localTime(d, tz);
    const start = startOfLocalDay(t.year, t.month, t.day, tz);
    const lastDay = new Date(Date.UTC(t.year, t.month - 1 - months + 1, 0)).getUTCDate();
    const moved = startOfLocalDay(t.year, t.month - months, Math.min(t.day, lastDay), tz);
    return new Date(moved.getTime() + (d.getTime() - start.getTime()));
  };
  return { from: move(p.from), to: move(p.to), label, ...(p.rolling ? { rolling: true } : {}) };
}

/**
 * The period a series by month or by week looks back over when none is named ("MAU", "prompts by week"): the last 6
 * months, the last 8 weeks, so the series has several whole units, not the default 30 days' two part months.
 */
export function seriesPeriod(unit: 'week' | 'month', now: Date, tz: string): Period {
  const c = clock(now, tz);
  return unit === 'month' ? monthsBack(c, 6) : { ...daysBack(c, 56), label: 'last 8 weeks' };
}

/** Everything synced (bounded by the 400-day limit of any range). */
export function allTime(now: Date, tz: string): Period {
  return { ...lastDays(now, tz, ALL_DAYS, 'all synced history'), all: true };
}

function clock(now: Date, tz: string): Clock {
  return { now, tz, today: localTime(now, tz) };
}

function monthPeriod(c: Clock, year: number, month: number, label?: string): Period {
  const from = startOfLocalDay(year, month, 1, c.tz);
  const end = startOfLocalDay(year, month + 1, 1, c.tz);
  const tomorrow = day(c, 1);
  return { from, to: end < tomorrow ? end : tomorrow, label: label ?? `${MONTH_NAMES[month - 1]} ${year}` };
}

function quarterPeriod(c: Clock, year: number, q: number, label?: string): Period {
  const from = startOfLocalDay(year, (q - 1) * 3 + 1, 1, c.tz);
  const end = startOfLocalDay(year, q * 3 + 1, 1, c.tz);
  const tomorrow = day(c, 1);
  return { from, to: end < tomorrow ? end : tomorrow, label: label ?? `Q${q} ${year}` };
}

const count = (w: string | undefined): number | null =>
  w === undefined ? null : /^\d{1,3}$/.test(w) ? Number(w) : (NUMBERS[w] ?? null);

type Rule = [RegExp, (m: RegExpExecArray, c: Clock) => Period | null];

/** A day of a month as typed: "10 November", "10th Nov", "Nov 10". */
const DAY_MONTH = String.raw`\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?`;

function daysBefore(c: Clock, n: number, dayText: string): Period | null {
  const read = chrono.parse(
    dayText,
    { instant: c.now, timezone: offsetMinutes(c.now, c.tz) },
    { forwardDate: false },
  )[0];
  const p = read ? pointOf(known(read.start)) : null;
  if (!p || p.day === null) return null;
  const end = startOf(p, c).from;
  const t = localTime(end, c.tz);
  const from = startOfLocalDay(t.year, t.month, t.day - n, c.tz);
  return { from, to: end, label: `${n} days before ${fmt(end, c)}` };
}

function lastWorkingDay(c: Clock): Period {
  // Weekdays count from Monday (0): a Monday looks back to Friday, a Sunday 2 days, a Saturday 1.
  const back = c.today.weekday === 0 ? 3 : c.today.weekday === 6 ? 2 : 1;
  const from = day(c, -back);
  return { from, to: day(c, -back + 1), label: `last working day (${fmt(from, c)})` };
}

const N = String.raw`(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety)`;

/** Relative periods, most specific first. Each matches words of the lower-cased question. */
/** Use negated ("has not used", "hasn't touched", "never opened", "no activity", "without prompts"). */
const NEGATED_USE = String.raw`\b(?:(?:(?:has|have|had|did|do|does|was|were|is|are)\s+not|hasnt|havent|hadnt|didnt|never)\s+(?:(?:been|ever|even|once|really|yet)\s+)*(?:used?|using|touched|opened|tried|sent|prompted|asked|logged|signed|active|engaged|interacted|accessed|launched|run)|(?:no|without)\s+(?:(?:copilot|m365|recorded|further|any)\s+)*(?:activity|activities|use|usage|prompts?|sessions?|interactions?|engagement))\b`;

const RULES: Rule[] = [
  [/\b(?:in |during |over |for )?(?:the )?(week|month|quarter) before last\b/, (m, c) => beforeLast(c, m[1]!)],
  // "the 7 days before 10 November", "2 weeks leading up to Nov 16": the days up to that day, not counting it.
  [new RegExp(String.raw`\b(?:in |during |over |for )?(?:the )?${N}\s*(days?|weeks?)\s+(?:before|prior to|leading up to)\s+(${DAY_MONTH})`), (m, c) => daysBefore(c, count(m[1])! * (m[2]!.startsWith('w') ? 7 : 1), m[3]!)],
  // "the last working day", "previous business day": the weekday before today (Friday, on a Monday).
  [/\b(?:on |for )?(?:the )?(?:last|previous|prior) (?:working|business|work) ?day\b/, (_m, c) => lastWorkingDay(c)],
  // "who hasn't used it in a month": none in the last month, a rolling 30 days (7 for a week).
  // (The negation is looked for behind the words once they are found: a lookbehind first is tried at every character.)
  [/\b(?:in|for|within) (?:a|one|over a) (week|month)\b(?<=\b(?:not|never|no|hasnt|havent)\b[^?.]*\b(?:in|for|within) (?:a|one|over a) (?:week|month))/, (m, c) => (m[1] === 'week' ? daysBack(c, 7) : daysBack(c, 30))],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s+(?:full|whole|complete|calendar)\s+(weeks?|months?)\b`), (m, c) => wholeUnits(c, count(m[1])!, m[2]!)],
  [/\b(?:in |during |over |for )?(?:the )?(first|1st|second|2nd|last) half of (?:the )?(month|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/, (m, c) => halfMonth(c, m[1]!, m[2]!)],
  [/\b(?:since|from) (?:the )?(?:start|beginning|begin) of (?:the )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/, (m, c) => sinceMonth(c, m[1]!)],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s*(?:hours?|hrs?|h)\b`), (m, c) => hours(c, count(m[1])!)],
  [/\b(?:in |over )?(?:the )?(?:last|past)\s+(?:hour)\b/, (_m, c) => hours(c, 1)],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s*(?:days?|d)\b`), (m, c) => daysBack(c, count(m[1])!)],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s*(?:we*ks?|w)\b`), (m, c) => ({ ...daysBack(c, 7 * count(m[1])!), label: `last ${count(m[1])} weeks` })],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s*(?:months?|mos?)\b`), (m, c) => monthsBack(c, count(m[1])!)],
  [new RegExp(String.raw`\b(?:in |over |during |for )?(?:the )?(?:last|past|previous|prior)\s+${N}\s*(?:years?|yrs?)\b`), (m, c) => daysBack(c, Math.min(ALL_DAYS, 365 * count(m[1])!))],
  // "top 3 days", "bottom 5 days" rank the days of a period: no period of their own ("last 3 days" is one).
  // "at least 3 days", "more than 5 days in November", "3 or more days" count days active: a condition, not a period.
  [/(?<!\b(?:top|bottom|busiest|best|worst|highest|lowest|quietest|peak|least|than|most|minimum|maximum|min|max)\s+)\b(\d{1,3})\s*(d|days)\b(?!\s+ago|\s+or\s+(?:more|fewer|less|longer)|\s*\+|\s+out\s+of)/, (m, c) => daysBack(c, Number(m[1]))],
  // "since the start of this month": this month (before its own words are read alone).
  [/\b(?:since|from) (?:the )?(?:start|beginning|begin) of (?:the |this |the current |current )?(week|month|quarter|year)\b/, (m, c) => thisUnit(c, m[1]!)],
  // "since the start of last month": from its first day up to today, not last month alone.
  [/\b(?:since|from) (?:the )?(?:start|beginning|begin) of (?:the )?(?:last|previous|prior) (we*k|month|quarter|year)\b/, (m, c) => ({ from: lastUnit(c, m[1]!).from, to: day(c, 1), label: `since the start of last ${m[1]!.startsWith('w') ? 'week' : m[1]!}` })],
  [/\b(?:so far )?(?:this|current|the current)\s+(we*k|month|year|quarter)(?: so far| to date)?\b/, (m, c) => thisUnit(c, m[1]!)],
  [/\b(week|month|year) to date\b|\b(wtd|mtd|ytd)\b/, (m, c) => thisUnit(c, m[1] ?? { wtd: 'week', mtd: 'month', ytd: 'year' }[m[2]!]!)],
  // "hasn't used it since last week": the last use was last week, so none after it, this week's days.
  [new RegExp(String.raw`\bsince\s+(?:the\s+)?(?:last|previous|prior)\s+(we*k|month|year|quarter)\b(?<=${NEGATED_USE}[^?.;,]{0,40}\bsince\s+(?:the\s+)?(?:last|previous|prior)\s+(?:we*k|month|year|quarter))`), (m, c) => ({ ...thisUnit(c, m[1]!), label: `after last ${m[1]!.startsWith('w') ? 'week' : m[1]!}` })],
  // "since last week": from the start of last week up to today.
  [/\bsince\s+(?:the\s+)?(?:last|previous|prior)\s+(we*k|month|year|quarter)\b/, (m, c) => ({ from: lastUnit(c, m[1]!).from, to: day(c, 1), label: `since the start of last ${m[1]!.startsWith('w') ? 'week' : m[1]!}` })],
  // "over the past week", "in the past month": the days up to today (7, 30), not the calendar unit before this one.
  [/\b(?:(?:in|during|over|for|within) )?(?:the )?past\s+(we*k|month)\b/, (m, c) => (m[1] === 'month' ? daysBack(c, 30) : daysBack(c, 7))],
  [/\b(?:(?:in|during|over|for) )?(?:the )?(?:last|previous|prior|past)\s+(we*k|month|year|quarter)\b/, (m, c) => lastUnit(c, m[1]!)],
  [/\b(?:(?:in|during|over|for|throughout) )?q([1-4])(?:\s*(?:of\s+)?(20\d\d))?\b/, (m, c) => quarter(c, Number(m[1]), m[2] ? Number(m[2]) : null)],
  [/\b(?:all[- ]time|ever|since (?:the )?(?:beginning|start)|overall|of all time|in total)\b/, (_m, c) => allTime(c.now, c.tz)],
  // "users with 2 sessions so far", "prompts to date": everything up to now (a unit's own "this month so far", "today so
  // far", "month to date" are read above; "is the data up to date" asks of the sync).
  [/(?<!\b(?:today|week|wk|month|year|quarter|up)\s+)\b(?:so far|to date)\b(?!\s+(?:this|today|the current|current)\b)/, (_m, c) => allTime(c.now, c.tz)],
  // "since we started tracking", "since records began", "since the first sync": the whole synced history.
  [/\bsince\s+(?:(?:we|you|it|the\s+(?:app|tool|product))\s+(?:started|began|begun|first\s+started)\s+(?:tracking|recording|syncing|monitoring|collecting|logging|measuring|reading)(?:\s+(?:it|them|data|usage|copilot|this))?|(?:tracking|recording|syncing|monitoring|records?|logging|data\s+collection)\s+(?:started|began|begun)|(?:the\s+)?(?:first|earliest)\s+(?:sync|record|records|data))\b/, (_m, c) => allTime(c.now, c.tz)],
  // "since we rolled out Copilot", "since launch", "since go-live": from the first synced day.
  [/\bsince\s+(?:(?:the\s+)?(?:launch|rollout|roll-out|go-live|go live|deployment|day one)|(?:we|they|it|copilot)\s+(?:(?:was|were|went)\s+)?(?:rolled\s+(?:it\s+|copilot\s+)?out|roll(?:ed)?\s+out|launched|deployed|live|went\s+live|turned\s+(?:it\s+|copilot\s+)?on|enabled|introduced|started|got\s+(?:it|copilot)|bought\s+(?:it|copilot|licen[cs]es)))(?:\s+(?:copilot|it))?\b/, (_m, c) => allTime(c.now, c.tz)],
  [/(?<!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s|\d(?:st|nd|rd|th)?,?\s|\d[/.-])\b(?:in |for |during )?(20\d\d)\b(?![-/])/, (m, c) => year(c, Number(m[1]))],
  [/\b(since|from|after|starting|on|for) (?:the )?([0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|week|month|quarter|half|time))/, (m, c) => dayOfMonth(c, m[1]!, Number(m[2]))],
  [/\b(?:since |from )?yesterday\b/, (m, c) => (m[0].startsWith('since') || m[0].startsWith('from') ? { from: day(c, -1), to: day(c, 1), label: 'since yesterday' } : { from: day(c, -1), to: day(c, 0), label: 'yesterday' })],
  [/\b(?:so far )?today(?: so far)?\b/, (_m, c) => ({ from: day(c, 0), to: day(c, 1), label: 'today' })],
  [/\b(?:(?:over|during|for|in) the|this|(last|past|previous)) weekend\b/, (m, c) => weekend(c, m[1] !== undefined)],
]; // prettier-ignore

function hours(c: Clock, n: number): Period {
  return {
    from: new Date(c.now.getTime() - n * HOUR_MS),
    to: c.now,
    label: n === 1 ? 'last hour' : `last ${n} hours`,
    rolling: true,
  };
}
function daysBack(c: Clock, n: number): Period {
  return { from: day(c, 1 - n), to: day(c, 1), label: `last ${n} days` };
}
function monthsBack(c: Clock, n: number): Period {
  const { year, month, day: d } = c.today;
  return { from: startOfLocalDay(year, month - n, d, c.tz), to: day(c, 1), label: `last ${n} months` };
}
function thisUnit(c: Clock, unit: string): Period {
  const { year, month, weekday } = c.today;
  if (unit.startsWith('w')) return { from: day(c, -weekday), to: day(c, 1), label: 'this week' };
  if (unit === 'month') return { from: startOfLocalDay(year, month, 1, c.tz), to: day(c, 1), label: 'this month' };
  if (unit === 'quarter') return quarterPeriod(c, year, Math.floor((month - 1) / 3) + 1, 'this quarter');
  return { from: startOfLocalDay(year, 1, 1, c.tz), to: day(c, 1), label: 'this year' };
}
function lastUnit(c: Clock, unit: string): Period {
  const { year, month, weekday } = c.today;
  if (unit.startsWith('w')) return { from: day(c, -weekday - 7), to: day(c, -weekday), label: 'last week' };
  if (unit === 'month')
    return monthPeriod(c, month === 1 ? year - 1 : year, month === 1 ? 12 : month - 1, 'last month');
  if (unit === 'quarter') {
    const q = Math.floor((month - 1) / 3);
    return quarterPeriod(c, q === 0 ? year - 1 : year, q === 0 ? 4 : q, 'last quarter');
  }
  return { from: startOfLocalDay(year - 1, 1, 1, c.tz), to: startOfLocalDay(year, 1, 1, c.tz), label: 'last year' };
}
/**
 * "October vs the month before", "last week compared with the previous week": the calendar week, month, quarter or
 * year just before the period named (the unit before the one holding its first day), labelled by its own dates
 * unless it is the last one before today.
 */
export function unitBefore(p: Period, unit: 'week' | 'month' | 'quarter' | 'year', now: Date, tz: string): Period {
  const c = clock(p.from, tz);
  const before = lastUnit(c, unit);
  // "this week vs the week before" is last week, and says so.
  const last = lastUnit(clock(now, tz), unit);
  if (+last.from === +before.from && +last.to === +before.to) return last;
  if (unit === 'month') return { ...before, label: `${MONTH_NAMES[localTime(before.from, tz).month - 1]} ${localTime(before.from, tz).year}` }; // prettier-ignore
  if (unit === 'quarter') {
    const t = localTime(before.from, tz);
    return { ...before, label: `Q${Math.floor((t.month - 1) / 3) + 1} ${t.year}` };
  }
  if (unit === 'year') return { ...before, label: String(localTime(before.from, tz).year) };
  return { ...before, label: `the week of ${fmt(before.from, c)}` };
}
/** "the week before last", "the month before last": the calendar unit two back. */
function beforeLast(c: Clock, unit: string): Period {
  const { year, month, weekday } = c.today;
  const label = `the ${unit} before last`;
  if (unit === 'week') return { from: day(c, -weekday - 14), to: day(c, -weekday - 7), label };
  if (unit === 'month') return monthPeriod(c, month <= 2 ? year - 1 : year, ((month + 9) % 12) + 1, label);
  const q = Math.floor((month - 1) / 3) - 1;
  return quarterPeriod(c, q < 1 ? year - 1 : year, q < 1 ? q + 4 : q, label);
}
/** "the last 3 full weeks": whole calendar weeks (or months) before the current one. */
function wholeUnits(c: Clock, n: number, unit: string): Period {
  const { year, month, weekday } = c.today;
  const label = `last ${n} full ${unit.startsWith('w') ? 'weeks' : 'months'}`;
  if (unit.startsWith('w')) return { from: day(c, -weekday - 7 * n), to: day(c, -weekday), label };
  return { from: startOfLocalDay(year, month - n, 1, c.tz), to: startOfLocalDay(year, month, 1, c.tz), label };
}
const monthOf = (c: Clock, word: string): { year: number; month: number } => {
  const month = word === 'month' ? c.today.month : MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(word)) + 1;
  return { year: month > c.today.month ? c.today.year - 1 : c.today.year, month };
};
/** "the first half of November": days 1–15 (the second half: the 16th to the month's end). */
function halfMonth(c: Clock, which: string, word: string): Period | null {
  const { year, month } = monthOf(c, word);
  const first = which === 'first' || which === '1st';
  const whole = monthPeriod(c, year, month);
  const mid = startOfLocalDay(year, month, 16, c.tz);
  const label = `${first ? 'first' : 'second'} half of ${whole.label}`;
  if (first) return { from: whole.from, to: mid < whole.to ? mid : whole.to, label };
  return mid < whole.to ? { from: mid, to: whole.to, label } : null;
}
/** "since the beginning of November": from its first day until today. */
function sinceMonth(c: Clock, word: string): Period {
  const { year, month } = monthOf(c, word);
  return {
    from: startOfLocalDay(year, month, 1, c.tz),
    to: day(c, 1),
    label: `since 1 ${MONTH_NAMES[month - 1]!.slice(0, 3)} ${year}`,
  };
}
function quarter(c: Clock, q: number, year: number | null): Period {
  const y = year ?? (q > Math.floor((c.today.month - 1) / 3) + 1 ? c.today.year - 1 : c.today.year);
  return quarterPeriod(c, y, q);
}
function year(c: Clock, y: number): Period | null {
  if (y > c.today.year) return null;
  const end = startOfLocalDay(y + 1, 1, 1, c.tz);
  const tomorrow = day(c, 1);
  return { from: startOfLocalDay(y, 1, 1, c.tz), to: end < tomorrow ? end : tomorrow, label: String(y) };
}
/** "since the 1st", "on the 2nd": the most recent such day of the month (this month's, else last month's). */
function dayOfMonth(c: Clock, lead: string, d: number): Period | null {
  const { year, month, day: today } = c.today;
  const m = d <= today ? month : month - 1;
  const from = startOfLocalDay(year, m, d, c.tz);
  const at = localTime(from, c.tz);
  if (d < 1 || at.day !== d) return null;
  const label = dayKey(at.year, at.month, at.day);
  if (lead === 'on' || lead === 'for') return { from, to: startOfLocalDay(at.year, at.month, d + 1, c.tz), label };
  return { from, to: day(c, 1), label: `since ${label}` };
}
/**
 * The latest weekend (this one, on a Saturday or Sunday); "last weekend" said on a weekend day is the one before it, as
 * "last Friday" said on a Friday is a week ago.
 */
function weekend(c: Clock, last = false): Period {
  const during = c.today.weekday >= 5;
  const saturday = during ? -(c.today.weekday - 5) - (last ? 7 : 0) : -(c.today.weekday + 2);
  return {
    from: day(c, saturday),
    to: day(c, Math.min(saturday + 2, 1)),
    label: during && last ? 'last weekend' : 'the weekend',
  };
}

export interface PeriodMatch {
  period: Period;
  /** The question with the period's words blanked out. */
  rest: string;
}

/**
 * Finds the period a question names: relative periods by rule ("last 8 weeks", "this quarter", "last 24 hours" as a
 * true rolling window), calendar dates with chrono-node ("since Monday", "in October", "between 1 Nov and 15 Nov",
 * "on 2026-11-18"), all in the TIME_ZONE. Null when the question names none.
 */
export function findPeriod(text: string, now: Date, tz: string): PeriodMatch | null {
  const c = clock(now, tz);
  // Ranges first: their words would otherwise be read by the rules below ("today", "from the 1st") one by one.
  const range =
    upToNow(text, c) ??
    weekOf(text, c) ??
    findCalendarWeeks(text, now, tz) ??
    findDayRange(text, now, tz) ??
    findHoliday(text, now, tz);
  if (range) {
    const { at, length, ...period } = range;
    return { period, rest: blank(text, at, length) };
  }
  for (const [re, make] of RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const made = make(m, c);
    if (!made) continue;
    // "after Q3", "after last month": the days after the period named, up to today — not the period itself.
    const after = /\bafter\s+(?:the\s+)?$/.exec(text.slice(0, m.index));
    const tomorrow = day(c, 1);
    const period =
      after && !made.rolling && !made.all && made.to < tomorrow
        ? { from: made.to, to: tomorrow, label: `after ${made.label}` }
        : made;
    const rest =
      after && period !== made
        ? blank(text, after.index, m.index + m[0].length - after.index)
        : blank(text, m.index, m[0].length);
    // "October vs November in total prompts": "in total" sums the periods named; it is all time only alone.
    const named = SUMMED.test(m[0]) ? findPeriod(rest, now, tz) : null;
    return named ?? { period, rest };
  }
  return calendarPeriod(text, c);
}

const SUMMED = /^(?:in total|overall)$/;

const UP_TO_NOW =
  /\b(between|from|since|starting)\s+(.{2,40}?)\s*(?:and|to|until|till|through|thru|-|–|—)\s*(?:the\s+end\s+of\s+)?(today|now|yesterday|date)\b/;

/** "between 1 Oct and today", "from Nov 10 until yesterday": the start read as a date, up to and including that day. */
function upToNow(text: string, c: Clock): (Period & { at: number; length: number }) | null {
  const m = UP_TO_NOW.exec(text);
  if (!m) return null;
  const start = findPeriod(`from ${m[2]!}`, c.now, c.tz);
  // Only a start that is a date and nothing else ("between Teams prompts and today" names none).
  if (!start || start.period.rolling || start.rest.trim()) return null;
  const yesterday = m[3] === 'yesterday';
  const to = day(c, yesterday ? 0 : 1);
  const from = start.period.from;
  if (from >= to) return null;
  return {
    from,
    to,
    label: `${fmt(from, c)} to ${yesterday ? 'yesterday' : 'today'}`,
    at: m.index,
    length: m[0].length,
  };
}

const WEEK_OF =
  /\b(?:(?:in|during|for|over)\s+)?(?:the\s+)?week\s+(?:of|starting(?:\s+on)?|beginning|commencing)\s+(?:the\s+)?/;

/** "the week of 16 November", "week beginning Monday 9 Nov": the Monday-to-Sunday week holding that day. */
function weekOf(text: string, c: Clock): (Period & { at: number; length: number }) | null {
  const m = WEEK_OF.exec(text);
  if (!m) return null;
  const after = text.slice(m.index + m[0].length);
  const found = chrono.parse(
    after,
    { instant: c.now, timezone: offsetMinutes(c.now, c.tz) },
    { forwardDate: false },
  )[0];
  const p = found && found.index === 0 && DATE_WORD.test(found.text) ? pointOf(known(found.start)) : null;
  if (!p || (p.day === null && p.weekday === null)) return null;
  const t = localTime(startOf(p, c).from, c.tz);
  const from = startOfLocalDay(t.year, t.month, t.day - t.weekday, c.tz);
  const end = startOfLocalDay(t.year, t.month, t.day - t.weekday + 7, c.tz);
  const tomorrow = day(c, 1);
  if (from >= tomorrow) return null;
  const label = `the week of ${fmt(from, c)}${end > tomorrow ? ', up to today' : ''}`;
  return { from, to: end < tomorrow ? end : tomorrow, label, at: m.index, length: m[0].length + found!.text.length };
}

const DATE_WORD =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(mon|tues?|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(day)?\b|yesterday|today|tomorrow/i;

/** The period's words blanked, with a possessive after them ("last month's prompts"), which is not a name's. */
const blank = (text: string, at: number, length: number) => {
  const span = length + (/^['’]s\b/.exec(text.slice(at + length))?.[0].length ?? 0);
  return text.slice(0, at) + ' '.repeat(span) + text.slice(at + span);
};

interface Point {
  year: number | null;
  month: number;
  day: number | null;
  hour: number | null;
  weekday: number | null;
}

/** What chrono read for certain (not what it filled in from the reference date). */
function known(c: chrono.ParsedComponents): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const unit of ['year', 'month', 'day', 'weekday', 'hour'] as const)
    if (c.isCertain(unit)) out[unit] = c.get(unit) ?? undefined;
  return out;
}

function pointOf(values: Record<string, number | undefined>): Point | null {
  if (values.weekday !== undefined && values.day === undefined) {
    return { year: null, month: 0, day: null, hour: null, weekday: (values.weekday + 6) % 7 };
  }
  if (values.month === undefined && values.hour !== undefined && values.day === undefined)
    return { year: null, month: 0, day: null, hour: values.hour, weekday: null };
  if (values.month === undefined) return null;
  return { year: values.year ?? null, month: values.month, day: values.day ?? null, hour: null, weekday: null };
}

/** The most recent past start of a point: a weekday this week or last, a month or day this year or last. */
function startOf(p: Point, c: Clock, last = false): { from: Date; to: Date; label: string; instant?: boolean } {
  if (p.weekday !== null) {
    const back = (c.today.weekday - p.weekday + 7) % 7 || (last ? 7 : 0);
    const from = day(c, -back);
    return { from, to: day(c, -back + 1), label: fmt(from, c) };
  }
  if (p.hour !== null) {
    const from = startOfLocalDay(c.today.year, c.today.month, c.today.day, c.tz);
    const at = new Date(from.getTime() + p.hour * HOUR_MS);
    return { from: at, to: c.now, label: `${String(p.hour).padStart(2, '0')}:00`, instant: true };
  }
  let year = p.year ?? c.today.year;
  if (p.year === null && (p.month > c.today.month || (p.month === c.today.month && (p.day ?? 1) > c.today.day)))
    year -= 1;
  if (p.day === null) {
    const m = monthPeriod(c, year, p.month);
    return { from: m.from, to: startOfLocalDay(year, p.month + 1, 1, c.tz), label: m.label };
  }
  const from = startOfLocalDay(year, p.month, p.day, c.tz);
  return { from, to: startOfLocalDay(year, p.month, p.day + 1, c.tz), label: dayKey(year, p.month, p.day) };
}

/**
 * Every text DATE_WORD can match contains one of these (its words without their word boundaries): a question with
 * none of them names no calendar date, and chrono-node, most of the cost of reading such a question, is not asked.
 */
const MAYBE_DATED =
  /\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|yesterday|today|tomorrow/i;

/** A numeric date whose first part cannot be a month ("13/11", "31/10/2026"). */
const DAY_FIRST = /\b(?:1[3-9]|2\d|3[01])[/.-](?:0?[1-9]|1[0-2])\b/;

/**
 * Use negated shortly before "since" ("who hasn't used Copilot since", "no activity since"), within one clause; a
 * negation of something else ("not counting Sales", "findings not resolved since") is not one.
 */
const NEGATED = new RegExp(String.raw`${NEGATED_USE}[^?.;,]{0,40}$`);

function calendarPeriod(text: string, c: Clock): PeriodMatch | null {
  if (!MAYBE_DATED.test(text)) return null;
  // "15/11/2026" can only be day first: the whole question's dates are then read day first, as British English does.
  const reader = DAY_FIRST.test(text) ? chrono.en.GB : chrono;
  const results = reader.parse(text, { instant: c.now, timezone: offsetMinutes(c.now, c.tz) }, { forwardDate: false });
  // "by weekday" is a dimension, not a date.
  // Only what reads as a date: digits, a month or a weekday ("in the HR department" is no hour).
  const dated = results.filter((r) => !/^(week ?days?|week ?ends?)$/i.test(r.text.trim()) && DATE_WORD.test(r.text));
  const first = dated[0];
  if (!first) return null;
  const a = pointOf(known(first.start));
  if (!a) return null;
  const before = text.slice(0, first.index);
  const lead =
    /(since|after|from|starting(?: on| from)?|between|on|in|during|for|before|until|till|through|up to|up until)\s*(?:the\s+)?$/.exec(
      before,
    );
  const word = lead?.[1] ?? '';
  const start = lead ? first.index - lead[0].length : first.index;
  // "compare October to November", "compare September and October": two periods set side by side, not one range.
  const compared = /\bcompar(?:e|ing)\s+(?:the\s+)?$/.test(before);
  const startText = compared ? first.text.split(/\s+(?:and|to|until|till|through|with)\s+|\s*[-–]\s*/)[0]! : first.text;
  let endIndex = first.index + startText.length;
  const tomorrow = day(c, 1);
  // "last Friday" said on a Friday is a week ago, not today.
  const s = startOf(
    a,
    c,
    /\b(?:last|previous|prior)\s+$/.test(before) || /^(?:last|previous|prior)\b/i.test(first.text),
  );
  let period: Period;
  let endPoint = first.end && !compared ? pointOf(known(first.end)) : null;
  const second = dated[1];
  const joined =
    !compared && second && /^\s*(and|to|until|till|through|-|–)\s*$/.test(text.slice(endIndex, second.index));
  if (!endPoint && second && joined) {
    endPoint = pointOf(known(second.start));
    if (endPoint) endIndex = second.index + second.text.length;
  }
  if (endPoint) {
    const e = startOf({ ...endPoint, year: endPoint.year ?? a.year }, c);
    const [from, to] = s.from <= e.from ? [s.from, e.to] : [e.from, s.to];
    period = {
      from,
      to: to < tomorrow ? to : tomorrow,
      label: `${fmt(from, c)} to ${fmt(new Date(to.getTime() - 1), c)}`,
    };
  } else if (
    !s.instant &&
    (word === 'after' ||
      (word === 'since' && a.day === null && a.weekday === null && NEGATED.test(text.slice(0, start))))
  ) {
    // "after October", and "hasn't used Copilot since October" (its last use was in October at the latest): from the
    // day after the named days, not their first. A day keeps its own ("no prompts since 1 November" counts it). Said
    // of the unit still running ("since November" in November), there is no day after it yet: from its first day.
    period =
      s.to < tomorrow || word === 'after'
        ? { from: s.to, to: tomorrow, label: `after ${s.label}` }
        : { from: s.from, to: tomorrow, label: `since ${s.label}` };
  } else if (word === 'since' || word === 'after' || word === 'from' || word.startsWith('starting')) {
    period = s.instant
      ? { from: s.from, to: c.now, label: `since ${s.label}`, rolling: true }
      : { from: s.from, to: tomorrow, label: `since ${s.label}` };
  } else if (word === 'before') {
    period = { ...allTime(c.now, c.tz), to: s.from, label: `before ${s.label}`, all: true };
  } else if (['until', 'till', 'through', 'up to', 'up until'].includes(word)) {
    // "until Friday", "up to 10 November": that day included.
    period = { ...allTime(c.now, c.tz), to: s.to < tomorrow ? s.to : tomorrow, label: `up to ${s.label}`, all: true };
  } else if (s.instant) {
    return null;
  } else {
    period = { from: s.from, to: s.to < tomorrow ? s.to : tomorrow, label: s.label };
  }
  if (period.from >= period.to) return null;
  // "10 Nov to 24 Nov inclusive": what a range of days already is.
  if (endPoint) endIndex += /^,?\s*\(?(?:both\s+)?inclusive\)?/.exec(text.slice(endIndex))?.[0].length ?? 0;
  return { period, rest: blank(text, start, endIndex - start) };
}
