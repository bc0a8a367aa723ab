import { findPeriod } from './periods';

type Unit = 'week' | 'month' | 'quarter' | 'year';

/** "vs the previous month", "compared with the prior week" ("the week before" is written so by readText). */
const UNIT_BEFORE =
  /(\b(?:vs\.?|versus|compared (?:to|with)|against|than)\s+)((?:the\s+)?(?:previous|prior|preceding)\s+(week|month|quarter|year))\b/;

/**
 * "October vs the month before", "last week compared with the previous week": the unit before the OTHER period
 * named, not the one before today (which "previous week" alone means). The phrase is hidden from the period reader
 * when another period is named, so that only that one is read and the unit before it is added (periods.unitBefore);
 * without another period ("prompts vs the previous week") it is left to mean last week against this week. `span` is
 * where the phrase stands, blanked once the period before is added.
 */
export function takeUnitBefore(
  text: string,
  now: Date,
  tz: string,
): { rest: string; unit: Unit; span: [number, number] } | null {
  const m = UNIT_BEFORE.exec(text);
  if (!m) return null;
  const start = m.index + m[1]!.length;
  const rest = text.slice(0, start) + m[2]!.replace(/\S/g, '\u0000') + text.slice(start + m[2]!.length);
  return findPeriod(rest, now, tz) ? { rest, unit: m[3] as Unit, span: [start, start + m[2]!.length] } : null;
}
