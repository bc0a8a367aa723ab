import { describeDays } from './periods';

/** What a measure answer's rows and columns are called and how many rows it shows, for one measure or several. */

/** The rows a breakdown by people or sources shows when the question names no number (a top 10; defaultTop.ts). */
export { DEFAULT_LIMIT } from './defaultTop';

const NAMED_PERIOD =
  /^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)|Q[1-4]) \d{4}$/;

/**
 * What a compared period's column is called: a named month or quarter by its name ("October 2026"), else its days
 * ("23 Nov 2026 – 29 Nov 2026"); one not over yet says so ("1 Dec 2026 – 4 Dec 2026 so far").
 */
export function periodName(p: { from: Date; to: Date; label?: string }, tz: string, ongoing = false): string {
  const days = describeDays({ ...p, label: '' }, tz);
  const named = p.label && NAMED_PERIOD.test(p.label) ? p.label : null;
  if (!ongoing) return named ?? days;
  return named ? `${named} (${days} so far)` : `${days} so far`;
}
