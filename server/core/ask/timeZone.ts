/** Calendar arithmetic in an IANA time zone (the TIME_ZONE setting), with Intl only: no tz database of our own. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the name (what config.ts validates TIME_ZONE with). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    // Intl throws a RangeError for an unknown zone: that is the answer, not an error to report.
    return false;
  }
}

export interface LocalTime {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  /** 0 = Monday .. 6 = Sunday */
  weekday: number;
}

/** The wall-clock time of an instant in a zone. */
export function localTime(at: Date, timeZone: string): LocalTime {
  if (timeZone === 'UTC') {
    // The default zone: the instant's own UTC fields, without formatting it to parts (most of a question's date work).
    const weekday = (at.getUTCDay() + 6) % 7;
    return {
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      day: at.getUTCDate(),
      hour: at.getUTCHours(),
      weekday,
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0 } = parts;
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return { year, month, day, hour, weekday };
}

/** Minutes the zone is ahead of UTC at an instant. */
export function offsetMinutes(at: Date, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local calendar day starts (month 1..12; day may overflow, as Date.UTC allows). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  // Two passes settle DST: the offset at the guess, then at the corrected instant.
  let at = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  at = guess - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}

/** Local calendar day key YYYY-MM-DD of an instant. */
export function localDayKey(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone);
  return dayKey(t.year, t.month, t.day);
}

export const dayKey = (year: number, month: number, day: number): string => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
};

/** Whether the zone is UTC all year (then the per-UTC-day aggregates are local days too). */
export function isUtc(timeZone: string): boolean {
  const jan = offsetMinutes(new Date(Date.UTC(2026, 0, 15)), timeZone);
  const jul = offsetMinutes(new Date(Date.UTC(2026, 6, 15)), timeZone);
  return jan === 0 && jul === 0;
}
