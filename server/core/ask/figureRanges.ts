import { takeWords } from './conditionWords';
import type { Word } from './recognise';
import { measureAfter, NOUN_MEASURES } from './countNouns';
import type { FoundThreshold } from './thresholds';

/**
 * A figure within a range: "users with between 5 and 10 prompts", "people who sent 5-10 prompts", "departments with
 * 20 to 50 prompts", "from 2 to 4 apps" — the rows whose figure is at least the first number and at most the second.
 * Only before a noun something counts: "between 1 and 7 November" is a range of dates, read as the period before.
 */

/**
 * "5 – 10 prompts", "1 - 7 November", "9–17": a dash between two numbers, spaced or not, en or em, is written as a
 * hyphen, one word every reader of ranges, dates and hours takes ("5-10"); a spaced dash elsewhere stays a break
 * between clauses (contextClauses.ts).
 */
export function joinSpacedRanges(text: string): string {
  return text.replace(/(?<=\b\d{1,9})(?:\s+[-–—]\s+|[–—])(?=\d{1,9}\b)/g, '-');
}

/** Nouns a measure counts per row ("prompts", "apps", "users"), not those no measure counts ("days", "files"). */
const COUNTED = Object.keys(NOUN_MEASURES).filter((n) => NOUN_MEASURES[n] !== 'unsupported');
/**
 * "5 to 10 prompts", "from 2 to 4 apps", "between 1 and 3 sessions": a range of a figure in the text, which the readers
 * of periods and hours leave alone ("from 2 to 4" is no time of day before "apps").
 */
export const FIGURE_RANGE = new RegExp(
  String.raw`\b(?:(?:between|from)\s+)?\d{1,9}\s*(?:-|–|—|to|through|thru|and)\s*\d{1,9}(?=\s+(?:active\s+)?(?:${COUNTED.join('|')})\b)`,
  'gi',
);

/** The words between the two numbers, and whether the range needs a word before it ("between 5 and 10"). */
const JOINS: Record<string, 'between' | 'free'> = { and: 'between', to: 'free', through: 'free', thru: 'free' };
const LEADS = new Set(['between', 'from']);
const DASHED = /^(\d{1,9})[-–—](\d{1,9})$/;

/** The two bounds at word `i` and the last word of the range, or null when no range starts there. */
function boundsAt(words: Word[], i: number): { low: number; high: number; start: number; end: number } | null {
  const dashed = DASHED.exec(words[i]!.raw);
  if (dashed) return { low: Number(dashed[1]), high: Number(dashed[2]), start: i, end: i };
  const low = words[i]!.num;
  const join = JOINS[words[i + 1]?.word ?? ''];
  const high = words[i + 2]?.num;
  if (low === undefined || high === undefined || !join) return null;
  const lead = LEADS.has(words[i - 1]?.word ?? '');
  // "5 and 10 prompts" without "between" is two numbers, not a range.
  if (join === 'between' && !lead) return null;
  return { low, high, start: lead ? i - 1 : i, end: i + 2 };
}

/** Finds one range of a figure in the recognised words and takes its words out of the reading; null when there is none. */
export function takeRange(words: Word[]): FoundThreshold | null {
  for (let i = 0; i < words.length; i++) {
    const bounds = boundsAt(words, i);
    const noun = bounds && measureAfter(words, bounds.end);
    if (!bounds || !noun) continue;
    // "between 10 and 5 prompts" is the same range.
    const [low, high] = [Math.min(bounds.low, bounds.high), Math.max(bounds.low, bounds.high)];
    const text = takeWords(words, bounds.start, noun.end);
    return { having: { op: 'gte', value: low, upTo: high }, measure: noun.measure, text };
  }
  return null;
}
