import { MONTHS, MONTH_ABBREVIATIONS, NUMBER_WORDS } from './lexicon';
import type { Token } from './text';

const DAY_MS = 86_400_000;

/** A resolved period: half-open [from, to), with the words that describe it. */
export interface ParsedRange {
  from: Date;
  to: Date;
  label: string;
}

export const startOfUtcDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The last `days` whole UTC days including today (the default period of most answers). */
export function lastDays(now: Date, days: number): ParsedRange {
  const tomorrow = addDays(startOfUtcDay(now), 1);
  return { from: addDays(tomorrow, -days), to: tomorrow, label: `the last ${days} days` };
}

function monthIndex(word: string): number {
  const full = MONTHS.indexOf(word as (typeof MONTHS)[number]);
  if (full >= 0) return full;
  return MONTH_ABBREVIATIONS.indexOf(word.slice(0, 3) === word ? word : '');
}

/** A calendar date written as 2026-11-01, 2026/11/01, "1 november [2026]" or "november 1[st] [2026]". */
function readDate(words: string[], at: number, now: Date): { date: Date; used: number } | null {
  const w = words[at];
  if (w === undefined) return null;
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(w);
  if (iso) return valid(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), 1);
  const day = (s: string | undefined) => (s && /^\d{1,2}(st|nd|rd|th)?$/.test(s) ? parseInt(s, 10) : null);
  const year = (s: string | undefined) => (s && /^(19|20)\d{2}$/.test(s) ? Number(s) : null);
  const m1 = monthIndex(w);
  if (m1 >= 0) {
    const d = day(words[at + 1]);
    if (d === null) return null;
    const y = year(words[at + 2]);
    return valid(y ?? inferYear(m1, d, now), m1, d, y === null ? 2 : 3);
  }
  const d = day(w);
  const m2 = words[at + 1] ? monthIndex(words[at + 1]!) : -1;
  if (d !== null && m2 >= 0) {
    const y = year(words[at + 2]);
    return valid(y ?? inferYear(m2, d, now), m2, d, y === null ? 2 : 3);
  }
  return null;

  function valid(y: number, m: number, d: number, used: number) {
    const date = new Date(Date.UTC(y, m, d));
    if (date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
    return { date, used };
  }
}

/** A date without a year means the most recent one not in the future. */
function inferYear(month: number, day: number, now: Date): number {
  const y = now.getUTCFullYear();
  return Date.UTC(y, month, day) > now.getTime() ? y - 1 : y;
}

function readCount(word: string | undefined): number | null {
  if (!word) return null;
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

/**
 * Finds the period a question names and marks its tokens as used. Understands today, yesterday, this/last
 * week|month|year, last/past N days|weeks|months, last 24 hours, since/after DATE, between/from DATE and/to DATE,
 * on DATE, and a month name ("in october").
 */
export function extractRange(tokens: Token[], used: boolean[], now: Date): ParsedRange | null {
  const words = tokens.map((t) => t.word);
  const today = startOfUtcDay(now);
  const tomorrow = addDays(today, 1);
  const mark = (from: number, count: number) => {
    for (let i = from; i < from + count && i < used.length; i++) used[i] = true;
  };
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    const w = words[i]!;
    const next = words[i + 1];
    if (w === 'today') return (mark(i, 1), { from: today, to: tomorrow, label: 'today' });
    if (w === 'yesterday') return (mark(i, 1), { from: addDays(today, -1), to: today, label: 'yesterday' });
    if ((w === 'this' || w === 'current') && (next === 'week' || next === 'month' || next === 'year')) {
      mark(i, 2);
      if (next === 'week') {
        const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
        return { from: monday, to: tomorrow, label: 'this week' };
      }
      if (next === 'month')
        return {
          from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
          to: tomorrow,
          label: 'this month',
        };
      return { from: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)), to: tomorrow, label: 'this year' };
    }
    if ((w === 'last' || w === 'previous' || w === 'past' || w === 'prior') && next) {
      const n = readCount(next);
      const unit = n === null ? next : words[i + 2];
      const count = n ?? 1;
      const span = n === null ? 2 : 3;
      if (unit === 'hours' || unit === 'hour') {
        mark(i, span);
        return { from: new Date(now.getTime() - count * 3_600_000), to: now, label: `the last ${count} hours` };
      }
      if (unit === 'days' || unit === 'day') return (mark(i, span), lastDays(now, count));
      if (unit === 'weeks' || unit === 'week') {
        mark(i, span);
        if (n === null) {
          const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
          return { from: addDays(monday, -7), to: monday, label: 'last week' };
        }
        return { ...lastDays(now, 7 * count), label: `the last ${count} weeks` };
      }
      if (unit === 'months' || unit === 'month') {
        mark(i, span);
        if (n === null) {
          const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
          const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
          return { from: prev, to: first, label: 'last month' };
        }
        return { ...lastDays(now, 30 * count), label: `the last ${count} months` };
      }
      if (unit === 'year' || unit === 'years')
        return (
          mark(i, span),
          {
            ...lastDays(now, 365 * count),
            label: `the last ${count === 1 ? '' : count + ' '}year${count === 1 ? '' : 's'}`.replace('  ', ' '),
          }
        );
    }
    if (w === 'since' || w === 'after' || w === 'from' || w === 'starting') {
      const start = readDate(words, i + 1, now);
      if (!start) continue;
      const endWord = words[i + 1 + start.used];
      if (w === 'from' && (endWord === 'to' || endWord === 'until' || endWord === 'and' || endWord === 'through')) {
        const end = readDate(words, i + 2 + start.used, now);
        if (end) return (mark(i, 2 + start.used + end.used), between(start.date, end.date));
      }
      mark(i, 1 + start.used);
      return { from: start.date, to: tomorrow, label: `since ${isoDay(start.date)}` };
    }
    if (w === 'between') {
      const start = readDate(words, i + 1, now);
      const sep = start ? words[i + 1 + start.used] : undefined;
      const end = start && (sep === 'and' || sep === 'to') ? readDate(words, i + 2 + start.used, now) : null;
      if (start && end) return (mark(i, 2 + start.used + end.used), between(start.date, end.date));
    }
    if (w === 'on') {
      const day = readDate(words, i + 1, now);
      if (day)
        return (mark(i, 1 + day.used), { from: day.date, to: addDays(day.date, 1), label: `on ${isoDay(day.date)}` });
    }
    const month = MONTHS.indexOf(w as (typeof MONTHS)[number]);
    if (
      month >= 0 &&
      (words[i - 1] === 'in' || words[i - 1] === 'during' || words[i - 1] === 'for') &&
      !readDate(words, i, now)
    ) {
      const y = month > now.getUTCMonth() ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
      mark(i - 1, 2);
      const from = new Date(Date.UTC(y, month, 1));
      const end = new Date(Date.UTC(y, month + 1, 1));
      return {
        from,
        to: end < tomorrow ? end : tomorrow,
        label: `${MONTHS[month]} ${y}`.replace(/^./, (c) => c.toUpperCase()),
      };
    }
    const bare = readDate(words, i, now);
    if (bare) {
      // "2026-11-01 to 2026-11-07" without a leading word.
      const sep = words[i + bare.used];
      const end = sep === 'to' || sep === 'until' || sep === 'and' ? readDate(words, i + bare.used + 1, now) : null;
      if (end) return (mark(i, bare.used + 1 + end.used), between(bare.date, end.date));
      mark(i, bare.used);
      return { from: bare.date, to: addDays(bare.date, 1), label: `on ${isoDay(bare.date)}` };
    }
  }
  return null;
}

function between(a: Date, b: Date): ParsedRange {
  const [from, last] = a <= b ? [a, b] : [b, a];
  return { from, to: addDays(last, 1), label: `${isoDay(from)} to ${isoDay(last)}` };
}
