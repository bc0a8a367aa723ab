/** Preset ranges offered by the time-range picker (days, ending today). */
export const RANGE_PRESETS = [1, 7, 30, 90, 365] as const;
export const DEFAULT_RANGE_DAYS = 30;

export interface ResolvedRange {
  /** ISO instants for the API: [from, to). */
  from: string;
  to: string;
  /** What the URL holds: `days=7`, or `from`/`to` as YYYY-MM-DD. */
  days: number | null;
  fromDay: string;
  toDay: string;
  label: string;
}

const DAY_MS = 86_400_000;
const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** Whole UTC days, so the same URL asks the API the same question all day long. */
export function resolveRange(params: URLSearchParams, now: Date = new Date()): ResolvedRange {
  const fromParam = params.get('from');
  const toParam = params.get('to');
  if (isDay(fromParam) && isDay(toParam) && fromParam <= toParam) {
    const to = new Date(Date.parse(`${toParam}T00:00:00Z`) + DAY_MS);
    return {
      from: `${fromParam}T00:00:00.000Z`,
      to: to.toISOString(),
      days: null,
      fromDay: fromParam,
      toDay: toParam,
      label: `${fromParam} – ${toParam}`,
    };
  }
  const parsed = Number(params.get('days'));
  const days = Number.isInteger(parsed) && parsed > 0 && parsed <= 400 ? parsed : DEFAULT_RANGE_DAYS;
  const tomorrow = Date.parse(`${dayOf(now)}T00:00:00Z`) + DAY_MS;
  const from = new Date(tomorrow - days * DAY_MS);
  return {
    from: from.toISOString(),
    to: new Date(tomorrow).toISOString(),
    days,
    fromDay: dayOf(from),
    toDay: dayOf(new Date(tomorrow - DAY_MS)),
    label: days === 1 ? 'Today' : `Last ${days} days`,
  };
}
