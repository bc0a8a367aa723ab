import type { Reading } from './compose';
import type { Dimension, MeasureQuery } from './querySchema';
import type { Word } from './recognise';
import type { FoundThreshold, Threshold } from './thresholds';

/**
 * Words of conditions read word by word (peopleConditions.ts reads the rest): a number of days active ("on at least 3
 * days") and a condition counting another measure than the one shown ("only departments with more than 5 active
 * users").
 */

/** Strips a word's meaning: it was read as part of a condition. */
export function consume(words: Word[], i: number): void {
  const { num: _num, tag: _tag, ...rest } = words[i]!;
  words[i] = { ...rest, used: true };
}

/**
 * Takes a condition's words `start`..`end` out of the reading (the number is then no "top N", "than" no comparison,
 * the noun no dimension of its own) and gives them as typed.
 */
export function takeWords(words: Word[], start: number, end: number): string {
  const text = words
    .slice(start, end + 1)
    .map((x) => x.raw)
    .join(' ');
  for (let j = start; j <= end; j++) consume(words, j);
  return text;
}

/** Words before a number of days that make it a condition ("on at least 3 days"), each with its comparison. */
const DAY_OPS: ReadonlyArray<readonly [string, Threshold['op']]> = [
  ['more than', 'gt'], ['over', 'gt'], ['at least', 'gte'], ['a minimum of', 'gte'], ['fewer than', 'lt'], ['less than', 'lt'],
  ['under', 'lt'], ['at most', 'lte'], ['no more than', 'lte'], ['exactly', 'eq'], ['only', 'eq'], ['just', 'eq'],
]; // prettier-ignore

/**
 * "on at least 3 days", "on 4 or more days", "active 2 days or fewer": days active counted per person (the period
 * reader does not see them: understand.ts hides such spans). Its words are taken; null when there is none.
 */
export function daysCounted(words: Word[]): FoundThreshold | null {
  for (let i = 0; i < words.length; i++) {
    const value = words[i]!.num;
    if (value === undefined) continue;
    const unit = (j: number) => /^days?$/.test(words[j]?.raw ?? '');
    const phrase = (at: number, text: string) => text.split(' ').every((p, k) => words[at + k]?.raw === p);
    const before = DAY_OPS.find(([text]) => phrase(i - text.split(' ').length, text));
    const after =
      phrase(i + 1, 'or more') || phrase(i + 1, 'or fewer') || phrase(i + 1, 'or less') || phrase(i + 1, 'plus');
    if (before && unit(i + 1)) {
      const start = i - before[0].split(' ').length;
      return found(words, start, i + 1, { op: before[1], value });
    }
    if (after && unit(i + 3 - (words[i + 1]!.raw === 'plus' ? 1 : 0))) {
      const end = i + (words[i + 1]!.raw === 'plus' ? 2 : 3);
      return found(words, i, end, {
        op: words[i + 2]?.raw === 'more' || words[i + 1]!.raw === 'plus' ? 'gte' : 'lte',
        value,
      });
    }
  }
  return null;
}

function found(words: Word[], start: number, end: number, having: Threshold): FoundThreshold {
  const text = words
    .slice(start, end + 1)
    .map((w) => w.raw)
    .join(' ');
  for (let j = start; j <= end; j++) consume(words, j);
  return { having, measure: 'unsupported', text };
}

/** The rows a noun names before a condition ("departments with", "users having"). */
const ROW_NOUNS: Record<string, Dimension> = { departments: 'department', department: 'department', depts: 'department', teams: 'department', apps: 'app', app: 'app', users: 'user', people: 'user', persons: 'user', employees: 'user', days: 'day', weeks: 'week', months: 'month' }; // prettier-ignore
const CONDITION_JOINS = new Set(['with', 'having', 'that', 'where', 'which', 'whose']);

/**
 * "Prompts in Word by department, only departments with more than 5 active users": the question names one measure and
 * its condition counts another; the condition is kept on the rows it names (one of the answer's dimensions), the
 * figure shown stays the one asked. Null when the condition counts what is shown (the usual threshold).
 */
export function otherMeasureCondition(q: MeasureQuery, t: FoundThreshold, r: Reading): MeasureQuery | null {
  const of = t.measure;
  if (!of || of === 'unsupported' || r.measures.length !== 1 || r.measures[0] !== q.measure || of === q.measure)
    return null;
  if (['licensed_inactive', 'licensed_users', 'new_users', 'adoption'].includes(q.measure) || q.compare) return null;
  const named = r.words.findIndex((w, i) => ROW_NOUNS[w.raw] && CONDITION_JOINS.has(r.words[i + 1]?.raw ?? ''));
  const by = q.by.length ? q.by : (['user'] as Dimension[]);
  const per = named >= 0 && by.includes(ROW_NOUNS[r.words[named]!.raw]!) ? ROW_NOUNS[r.words[named]!.raw]! : by.at(-1)!;
  return { ...q, by, having: { ...t.having, of, per } };
}
