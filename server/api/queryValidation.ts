import { z } from 'zod';
import { validationFailed } from '../errors';
import { checkRange, lastDays } from '../core/insights/timeRange';
import type { SortDirection, TimeRange } from '../core/insights/types';

/** Rows per page when the caller does not say. */
export const DEFAULT_LIMIT = 50;
/** Most rows per page: a larger `limit` is capped to this (not refused), so a greedy client still gets a page. */
export const MAX_LIMIT = 200;
/** Most rows one CSV export holds. */
export const CSV_MAX_ROWS = 50_000;
/** The range a list or figure covers when the caller gives none. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * Query values arrive as strings from Express's simple parser; anything else (a repeated parameter becomes an
 * array) is refused. An empty value means "not given". Each field is a plain string first, so operator-shaped
 * input (`{"$gt":""}`) stays an inert string and `a[$gt]=` is an unknown parameter, refused by `.strict()`.
 */
const text = (max: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(max).optional());

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * An ISO 8601 date (UTC midnight when only the day is given) whose parts exist on the calendar and the clock:
 * JavaScript's parser rolls 2026-02-30 over to 2 March and 24:00 to the next day, which is never what was meant.
 */
function calendarDate(text: string): Date | null {
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone, oh = '0', om = '0'] = ISO_DATE.exec(text)!;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const real =
    day.getUTCFullYear() === Number(y) &&
    day.getUTCMonth() === Number(mo) - 1 &&
    day.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(sec) < 60 &&
    (zone === undefined || zone === 'Z' || (Number(oh) < 24 && Number(om) < 60));
  if (!real) return null;
  const date = new Date(text.length === 10 ? `${text}T00:00:00.000Z` : text.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

export const q = {
  text,
  search: text(200),
  userId: text(128),
  department: text(200),
  appKey: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-z0-9:-]{1,80}$/, 'must be an app key such as word or m365chat')
      .optional(),
  ),
  cursor: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(2048).optional()),
  limit: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{1,40}$/, 'must be a whole number')
      // Any size of digits is read (a huge one becomes Infinity or a big float) and capped just below.
      .transform(Number)
      .refine((n) => n >= 1, 'must be at least 1')
      .transform((n) => Math.min(n, MAX_LIMIT))
      .optional(),
  ),
  date: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .max(40)
      .regex(ISO_DATE, 'must be an ISO 8601 date')
      .transform(calendarDate)
      .refine((d): d is Date => d !== null, 'must be a real calendar date and time')
      .optional(),
  ),
  direction: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['asc', 'desc']).optional()),
  format: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['json', 'csv']).optional()),
};

/** Parses `req.query` with a strict schema; a failure is a 400 validation_failed naming each parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `Unknown query parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}.`;
    const name = issue.path.join('.') || 'query';
    const message = issue.code === 'invalid_type' ? `must be a single text value` : issue.message;
    return `Query parameter '${name}' ${message}.`;
  });
  throw validationFailed(problems.join(' '), { problems });
}

/** from/to to a checked range: to defaults to now, from to `defaultDays` before to; at most 400 days. */
export function rangeOf(query: { from?: Date; to?: Date }, now: Date, defaultDays = DEFAULT_RANGE_DAYS): TimeRange {
  const to = query.to ?? now;
  const from = query.from ?? lastDays(to, defaultDays).from;
  return checkRange({ from, to });
}

/** The optional range of lists that are all-time by default. */
export function optionalRangeOf(query: { from?: Date; to?: Date }, now: Date): TimeRange | undefined {
  return query.from || query.to ? rangeOf(query, now) : undefined;
}

export function directionOf(value: SortDirection | undefined, fallback: SortDirection): SortDirection {
  return value ?? fallback;
}
