import { findPeriod } from './periods';
import type { Clock } from './querySchema';

type DayPart = NonNullable<Clock['part']>;

/**
 * Times of day and days of the week as a filter ("between midnight and 5am UTC", "after hours", "overnight",
 * "before 7am", "on weekends", "on Saturdays"): hours in TIME_ZONE unless a zone is named ("UTC"). Business hours are
 * 09:00–17:00, Monday to Friday (BUSINESS); the night is 22:00–06:00 (NIGHT). Each phrase found is blanked out of the
 * text (the same length), so no period or word reader sees "5am" or "weekends".
 */

/** Business hours when none are said: 09:00 to 17:00, Monday (0) to Friday (4). */
export const BUSINESS = { from: 9, to: 17, weekdays: [0, 1, 2, 3, 4] } as const;
/** "Overnight", "at night": 22:00 to 06:00. */
export const NIGHT = { from: 22, to: 6 } as const;

/**
 * Parts of the day, in local hours [from, to): early morning 05:00–07:59, morning 06:00–11:59, lunchtime 12:00–13:59,
 * afternoon 12:00–17:59, evening 18:00–21:59, late night as the night (22:00–05:59); weeknights are 18:00–23:59,
 * Monday to Friday. The answer's line names the part and its hours, so a reader who means other hours sees it.
 */
export const DAY_PARTS: Record<DayPart, { from: number; to: number; weekdays?: number[] }> = {
  'early morning': { from: 5, to: 8 },
  morning: { from: 6, to: 12 },
  lunchtime: { from: 12, to: 14 },
  afternoon: { from: 12, to: 18 },
  evening: { from: 18, to: 22 },
  'late night': { ...NIGHT },
  weeknight: { from: 18, to: 24, weekdays: [0, 1, 2, 3, 4] },
};
// "good morning" greets; "last night", "tomorrow evening" name an instant the hours cannot. "This morning" is today's
// morning: its words become "today" for the period reader ("yesterday afternoon": yesterday's, read the same way).
const PART = new RegExp(
  String.raw`(?<!\b(?:tomorrow|last|good|next)\s+)\b(?:(this)\s+|(?:in|during|over|at|on|around|across)\s+(?:the\s+)?)?(early[\s-]+mornings?|mornings?|lunch[\s-]?times?|lunch(?:\s+hours?|\s+breaks?)?|afternoons?|evenings?|late[\s-]+nights?|late\s+at\s+night|week[\s-]?nights?)\b(\s+(?:utc|gmt))?`,
  'i',
);

/** The part of the day a phrase names ("early mornings" -> "early morning", "lunch break" -> "lunchtime"). */
function partOf(typed: string): DayPart {
  const t = typed.toLowerCase().replace(/[\s-]+/g, ' ');
  if (t.startsWith('early')) return 'early morning';
  if (t.startsWith('lunch')) return 'lunchtime';
  if (t.startsWith('late')) return 'late night';
  if (t.startsWith('week')) return 'weeknight';
  return t.replace(/s$/, '') as DayPart;
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const HOUR = String.raw`(?:midnight|noon|midday|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2})`;
const ZONE = String.raw`(?:\s*(?:utc|gmt)\b)?`;
const RANGE = new RegExp(
  String.raw`\b(?:between|from)\s+(${HOUR})${ZONE}\s+(?:and|to|until|till|-|–)\s+(${HOUR})(${ZONE})`,
  'i',
);
const DASHED = new RegExp(String.raw`\b(${HOUR})\s*[-–]\s*(${HOUR})(${ZONE})`, 'i');
const BEFORE = new RegExp(String.raw`\b(?:before|until|till|earlier than)\s+(${HOUR})(${ZONE})`, 'i');
const AFTER = new RegExp(String.raw`\b(?:after|later than|past)\s+(${HOUR})(${ZONE})`, 'i');
const OUTSIDE =
  /\b(?:outside(?:\s+of)?\s+(?:the\s+)?(?:normal\s+|regular\s+|standard\s+)?(?:business|working|office|work)\s+hours|after[\s-]hours|out[\s-]of[\s-]hours)(\s+(?:utc|gmt))?\b/i;
const INSIDE =
  /\b(?:during|in|within|inside)\s+(?:the\s+)?(?:normal\s+|regular\s+|standard\s+)?(?:business|working|office|work)\s+hours(\s+(?:utc|gmt))?\b/i;
const NIGHTLY = /\b(?:overnight|at\s+night|during\s+the\s+night|in\s+the\s+night|night[\s-]?time)(\s+(?:utc|gmt))?\b/i;
// "last weekend", "this weekend", "over/during the weekend" are dates, left to the period reader.
// "weekend prompts", "weekend usage last month": "weekend" before what is counted is the filter, not a date.
const WEEKEND =
  /\b(?:on|at|across)\s+(?:the\s+)?weekends?\b|\bduring\s+weekends\b|(?<!\b(?:this|last|next|past|previous|the|a)\s)\bweekends\b|(?<!\b(?:this|last|next|past|previous|the|a|that|over|during)\s)\bweekend(?=\s+(?:prompts?|usage|use|activity|active|numbers|figures|stats|statistics|totals?|counts?|sessions?|interactions?|responses?|users?|traffic|work|chats?|queries)\b)/i;
const THE_WEEKEND = /\b(?:over|during)\s+the\s+weekend\b/i;

/**
 * "Who used Copilot during the weekend? last 2 weeks": beside another period, "over/during the weekend" is every
 * weekend of it, written as "on weekends" (padded to the same length, as every reader maps positions); alone it is the
 * latest weekend, left to the period reader.
 */
export function weekendsWithin(lower: string, now: Date, timeZone: string): string {
  const m = THE_WEEKEND.exec(lower);
  if (!m) return lower;
  const without = lower.slice(0, m.index) + ' '.repeat(m[0].length) + lower.slice(m.index + m[0].length);
  if (!findPeriod(without, now, timeZone)) return lower;
  return lower.slice(0, m.index) + 'on weekends'.padEnd(m[0].length) + lower.slice(m.index + m[0].length);
}
const DAY_MS = 86_400_000;
const DAY = `(?:${DAY_NAMES.join('|')})`;
// "from Monday", "since Friday", "last Saturday", "Tuesday through Friday" are dates, whatever else is named.
const SINGLE_DAYS = new RegExp(
  String.raw`(?<!\b(?:since|from|after|before|until|till|through|thru|to|between|last|this|next|past|previous|the)\s+)\b(?:on\s+)?(${DAY}(?:\s*(?:,|and|or|&)\s*${DAY})*)\b(?!s\b|\s*(?:through|thru|to|until|till|-|–)\s*${DAY})`,
  'i',
);

/**
 * "Saturday and Sunday numbers for November", "Friday usage in Q3": a day of the week named beside a longer period
 * (more than a week, or a calendar month, quarter or year) is that day in every week of it; "Monday last week" stays a
 * date. The days found and the text with them blanked; null when none.
 */
function daysWithin(lower: string, now: Date, timeZone: string): { m: RegExpExecArray; days: string } | null {
  const m = SINGLE_DAYS.exec(lower);
  if (!m) return null;
  const other = findPeriod(blank(lower, m), now, timeZone)?.period;
  const long = other && (+other.to - +other.from > 7 * DAY_MS || /\b(?:month|quarter|year)\b/.test(other.label));
  return long ? { m, days: m[1]!.toLowerCase() } : null;
}
const WEEKDAYS = /\b(?:on|during)\s+weekdays\b|\bweekdays\s+only\b/i;
/** "on Mondays", "Saturdays and Sundays", "every Friday": days of the week ("on Monday" is a date, read as one). */
const PLURAL_DAYS = new RegExp(
  String.raw`\b(?:on\s+)?(${DAY}s(?:\s*(?:,|and|or|&)\s*${DAY}s)*)\b|\bevery\s+(${DAY})\b`,
  'i',
);

/** The hour an expression names (0–24: "midnight" at the end of a range is 24). */
function hourOf(text: string): number | null {
  const t = text.toLowerCase().replace(/\s+/g, '');
  if (t === 'midnight') return 0;
  if (t === 'noon' || t === 'midday') return 12;
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const pm = m[3]?.startsWith('p');
  const am = m[3]?.startsWith('a');
  if (h > 23 || (m[2] && Number(m[2]) >= 60) || (m[3] && (h < 1 || h > 12))) return null;
  if (pm && h < 12) h += 12;
  if (am && h === 12) h = 0;
  return h;
}

/** "between 9 and 5", "from 8 to 6": hours without am/pm, a morning hour then an afternoon one (a working day). */
const BARE_RANGE =
  /\b(?:between|from)\s+(\d{1,2})\s*(?:and|to|till|until|-|–)\s*(\d{1,2})\b(?![:%.,]?\d|\s*(?:am|pm|a\.m|p\.m|%|percent|prompts?|sessions?|users?|people|persons?|times|days?|weeks?|months?|years?|apps?|hours?|interactions?|responses?|findings?|files?|sources?|agents?|of|out)\b)/i;

function nineToFive(text: string): { m: RegExpExecArray; hours: { from: number; to: number } } | null {
  const m = BARE_RANGE.exec(text);
  if (!m) return null;
  const [from, to] = [Number(m[1]), Number(m[2])];
  return from >= 5 && from <= 11 && to >= 1 && to <= 8 ? { m, hours: { from, to: to + 12 } } : null;
}

const blank = (text: string, m: RegExpExecArray) =>
  text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);

/**
 * The clock filter a question names, the text with its words blanked, and the phrase as typed; null when none. With
 * `now`, a day named beside a longer period is read as that day of each week (daysWithin).
 */
export function takeClock(
  lower: string,
  timeZone: string,
  now?: Date,
): { clock: Clock; rest: string; said: string } | null {
  let rest = lower;
  const said: string[] = [];
  let hours: { from: number; to: number } | undefined;
  let weekdays: number[] | undefined;
  let outside = false;
  let name: DayPart | undefined;
  const take = (re: RegExp) => {
    const m = re.exec(rest);
    if (m) {
      rest = blank(rest, m);
      said.push(m[0].trim());
    }
    return m;
  };
  const range = take(RANGE) ?? take(DASHED);
  const workday = range ? null : nineToFive(rest);
  if (workday) {
    rest = blank(rest, workday.m);
    said.push(workday.m[0].trim());
    hours = workday.hours;
  } else if (range) {
    const from = hourOf(range[1]!);
    const to = hourOf(range[2]!);
    if (from === null || to === null) return null;
    // "between 9pm and 2am": across midnight; "until 5am" ends at 05:00, so the last hour counted is 04:00–04:59.
    hours = { from, to: to === 0 ? 24 : to };
  } else {
    const before = take(BEFORE);
    const after = before ? null : take(AFTER);
    const one = before ?? after;
    if (one) {
      const h = hourOf(one[1]!);
      if (h === null) return null;
      // "after midnight" is the small hours, until the night ends (06:00), not the whole day.
      hours = before ? { from: 0, to: h === 0 ? 24 : h } : { from: h, to: h === 0 ? NIGHT.to : 24 };
    }
  }
  if (!hours) {
    const out = take(OUTSIDE);
    const inside = out ? null : take(INSIDE);
    const night = out || inside ? null : take(NIGHTLY);
    if (out || inside) {
      hours = { from: BUSINESS.from, to: BUSINESS.to };
      weekdays = [...BUSINESS.weekdays];
      outside = !!out;
    } else if (night) {
      hours = { ...NIGHT };
    } else {
      const part = take(PART);
      if (part) {
        if (part[1]) rest = rest.slice(0, part.index) + 'today' + rest.slice(part.index + 5);
        name = partOf(part[2]!);
        const { weekdays: days, ...span } = DAY_PARTS[name];
        hours = span;
        if (days) weekdays = [...days];
      }
    }
  }
  if (!weekdays) {
    const weekend = take(WEEKDAYS) ? [0, 1, 2, 3, 4] : take(WEEKEND) ? [5, 6] : null;
    const named = weekend ? null : take(PLURAL_DAYS);
    const within = weekend || named || !now ? null : daysWithin(rest, now, timeZone);
    if (within) {
      rest = blank(rest, within.m);
      said.push(within.m[0].trim());
    }
    const typed = named ? (named[1] ?? named[2]!).toLowerCase() : (within?.days ?? '');
    const days = DAY_NAMES.flatMap((d, i) => (typed.includes(d) ? [i] : []));
    weekdays = weekend ?? (days.length ? days : undefined);
  }
  if (!hours && !weekdays) return null;
  // "5am UTC", "after hours GMT": a zone said inside the phrase (blanked with it) is UTC's; else TIME_ZONE's.
  const utc = (t: string) => /\b(?:utc|gmt)\b/.test(t);
  const zone = utc(lower) && !utc(rest) ? 'UTC' : timeZone;
  const clock = {
    ...(hours ? { hours } : {}),
    ...(weekdays ? { weekdays } : {}),
    outside,
    zone,
    ...(name ? { part: name } : {}),
  };
  return { clock, rest, said: said.join(', ') };
}

/** Whether a local hour and weekday (0 = Monday) fall in the clock filter. */
export function inClock(clock: Clock, hour: number, weekday: number): boolean {
  const h = clock.hours;
  const inHours = !h || (h.from < h.to ? hour >= h.from && hour < h.to : hour >= h.from || hour < h.to);
  const inDays = !clock.weekdays || clock.weekdays.includes(weekday);
  return clock.outside ? !(inHours && inDays) : inHours && inDays;
}

const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
const last = (h: number) => `${String((h + 23) % 24).padStart(2, '0')}:59`;
const DAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "00:00–04:59 UTC", "outside business hours (09:00–16:59, Monday–Friday, UTC)", "Saturdays and Sundays". */
export function describeClock(clock: Clock): string {
  const hours = clock.hours ? `${hh(clock.hours.from)}–${last(clock.hours.to)} ${clock.zone}` : '';
  const days = clock.weekdays ? daysLabel(clock.weekdays) : '';
  if (clock.outside)
    return `outside business hours (${[hours, days].filter(Boolean).join(', ')}): evenings, nights and weekends`;
  const span = [hours, days].filter(Boolean).join(', ');
  return clock.part ? `${clock.part === 'weeknight' ? 'weeknights' : clock.part} (${span})` : span;
}

function daysLabel(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.join() === '0,1,2,3,4') return 'Monday–Friday';
  if (sorted.join() === '5,6') return 'Saturdays and Sundays';
  const names = sorted.map((d) => `${DAY_LABELS[d]}s`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}
