/** Preset ranges of the last N days offered by the time-range picker (ending today). */
export const RANGE_PRESETS = [1, 7, 30, 90, 180] as const;
export const DEFAULT_RANGE_DAYS = 30;

/** Calendar presets (`period=` in the URL), in UTC like every day the API counts. */
export const PERIODS = {
  week: 'This week',
  month: 'This month',
  'previous-month': 'Previous month',
} as const;
export type Period = keyof typeof PERIODS;

export interface ResolvedRange {
  /** ISO instants for the API: [from, to). */
  from: string;
  to: string;
  /** What the URL holds: `days=7`; null for a calendar period or `from`/`to` as YYYY-MM-DD. */
  days: number | null;
  /** `period=month` and the like; null otherwise. */
  period: Period | null;
  fromDay: string;
  toDay: string;
  label: string;
  /** The period of equal length just before (what "change" compares against). */
  previous: { from: string; to: string };
}

const DAY_MS = 86_400_000;
const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
const isPeriod = (value: string | null): value is Period => !!value && Object.hasOwn(PERIODS, value);

function resolved(
  from: number,
  to: number,
  label: string,
  what: { days?: number; period?: Period } = {},
): ResolvedRange {
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days: what.days ?? null,
    period: what.period ?? null,
    fromDay: dayOf(new Date(from)),
    toDay: dayOf(new Date(to - DAY_MS)),
    label,
    previous: { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() },
  };
}

/** [from, to) of a calendar period that contains `today` (UTC midnight); weeks start on Monday. */
function periodBounds(period: Period, today: number): [number, number] {
  const date = new Date(today);
  const tomorrow = today + DAY_MS;
  if (period === 'week') return [today - ((date.getUTCDay() + 6) % 7) * DAY_MS, tomorrow];
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  if (period === 'month') return [monthStart, tomorrow];
  return [Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1), monthStart];
}

/** Whole UTC days, so the same URL asks the API the same question all day long. */
export function resolveRange(params: URLSearchParams, now: Date = new Date()): ResolvedRange {
  const fromParam = params.get('from');
  const toParam = params.get('to');
  if (isDay(fromParam) && isDay(toParam) && fromParam <= toParam) {
    const from = Date.parse(`${fromParam}T00:00:00Z`);
    const to = Date.parse(`${toParam}T00:00:00Z`) + DAY_MS;
    return resolved(from, to, `${fromParam} – ${toParam}`);
  }
  const today = Date.parse(`${dayOf(now)}T00:00:00Z`);
  const period = params.get('period');
  if (isPeriod(period)) {
    const [from, to] = periodBounds(period, today);
    return resolved(from, to, PERIODS[period], { period });
  }
  const parsed = Number(params.get('days'));
  const days = Number.isInteger(parsed) && parsed > 0 && parsed <= 400 ? parsed : DEFAULT_RANGE_DAYS;
  const tomorrow = today + DAY_MS;
  return resolved(tomorrow - days * DAY_MS, tomorrow, days === 1 ? 'Today' : `Last ${days} days`, { days });
}

/** The URL parameters that carry a range to another view (the others cleared). */
export function rangeParams(range: ResolvedRange): Record<string, string | undefined> {
  if (range.period) return { period: range.period, days: undefined, from: undefined, to: undefined };
  if (range.days !== null) return { days: String(range.days), period: undefined, from: undefined, to: undefined };
  return { from: range.fromDay, to: range.toDay, days: undefined, period: undefined };
}

/** The UTC days (YYYY-MM-DD) of a half-open [from, to) range, oldest first (at most 400). */
export function rangeDays(range: { from: string; to: string }): string[] {
  const days: string[] = [];
  const end = Date.parse(range.to);
  for (let at = Date.parse(`${range.from.slice(0, 10)}T00:00:00Z`); at < end && days.length < 400; at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}
