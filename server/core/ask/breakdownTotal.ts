import { num } from './executed';
import type { Dimension, MeasureQuery } from './querySchema';

/**
 * "Total prompts in November, broken down by app": beside the rows, the total over all of them (not only the page
 * shown). Said for every breakdown whose rows share out what is counted: by app, department, kind or time.
 */

/** Dimensions each counted thing falls in one row of (a person in one department, an interaction in one app or day). */
const SHARED_OUT = new Set<Dimension>(['app', 'department', 'kind', 'day', 'week', 'month', 'hour', 'weekday']);

/** Measures whose rows add up to the total; active users are counted once over the rows (a person in two apps). */
const ADDITIVE = new Set(['prompts', 'responses', 'sessions', 'interactions', 'references']);

/** One row's count before it is shown: an amount, or the distinct things (people) it counts. */
export interface CountedRow {
  amount: number;
  distinct: Set<string> | null;
}

/**
 * "239 prompts in all.", "… against 184 in the period before.", "21 active users in all (…)"; where people were counted
 * per row only, that the rows do not add up; null where no total is said.
 */
export function breakdownTotal(
  q: MeasureQuery,
  rows: readonly CountedRow[],
  noun: string,
  before: ReadonlyMap<string, number> | null,
  /** The distinct people over all the rows, read apart when the rows hold counts, not the people themselves. */
  people: number | null = null,
): string | null {
  const plain = !q.having && !q.who && !q.namesToo && !q.mean && !q.changeOrder && !q.distinct;
  const dim = q.by[0]!;
  if (!plain || q.by.length !== 1 || !SHARED_OUT.has(dim) || rows.length < 2) return null;
  const sum = (values: Iterable<number>) => [...values].reduce((s, n) => s + n, 0);
  if (ADDITIVE.has(q.measure)) {
    const then = before ? `, against ${num(sum(before.values()))} in the period before` : '';
    return `${num(sum(rows.map((r) => r.amount)))} ${noun} in all${then}.`;
  }
  if (q.measure !== 'active_users') return null;
  // A person is in one department: its rows add up; over apps or days one person is in several rows.
  const counted = rows.some((r) => !r.distinct);
  if (counted && dim === 'department') return `${num(sum(rows.map((r) => r.amount)))} ${noun} in all.`;
  if (counted && people === null)
    return `Active users do not add up over the rows: someone active in more than one ${dim} is in each of those rows.`;
  const all = counted ? people! : new Set(rows.flatMap((r) => [...r.distinct!])).size;
  const summed = sum(rows.map((r) => (r.distinct ? r.distinct.size : r.amount)));
  const one = all === 1 ? noun.replace(/s$/, '') : noun;
  return summed > all
    ? `${num(all)} ${one} in all (someone active in more than one ${dim} is in each of those rows, so the rows add up to more).`
    : `${num(all)} ${one} in all.`;
}
