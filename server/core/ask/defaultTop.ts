import type { Dimension, MeasureQuery } from './querySchema';
import type { Word } from './recognise';

/**
 * A breakdown by people, agents, sources or sites shows the top 10 unless a number or "all" was asked: the answer says
 * so whenever rows were left out ("list every data source Lynne touched" lists all of them, paged).
 */
export const DEFAULT_LIMIT: Partial<Record<Dimension, number>> = { user: 10, agent: 10, source: 10, site: 10 };

const NOUNS: Record<string, string> = { user: 'people', agent: 'agents', source: 'sources', site: 'sites' };

/** How many rows the answer shows: the number asked, none with "all", else the default for its last dimension. */
export function rowLimit(q: MeasureQuery): number | undefined {
  return q.limit ?? (q.all ? undefined : DEFAULT_LIMIT[q.by.at(-1)!]);
}

// "every data source", "all the files", "all of their sites", "every single user": each row, not the first ten.
const EVERY = new Set(['every', 'all', 'each']);
const BETWEEN = new Set(['the', 'of', 'their', 'his', 'her', 'my', 'our', 'data', 'copilot', 'active', 'licensed']);
const ROW_NOUN =
  /^(?:users?|people|persons?|employees?|staff|colleagues?|agents?|sources?|files?|documents?|docs?|sites?|emails?|meetings?|pages?)$/;

/** Whether the question asks for every row of a dimension that is cut by default ("list every source"). */
export function everyRowAsked(words: readonly Word[], last: Dimension | undefined): boolean {
  if (!last || DEFAULT_LIMIT[last] === undefined) return false;
  return words.some((w, i) => {
    if (!EVERY.has(w.word)) return false;
    let j = i + 1;
    while (j < words.length && j - i <= 3 && BETWEEN.has(words[j]!.word)) j++;
    return ROW_NOUN.test(words[j]?.word ?? '');
  });
}

/**
 * How much of a breakdown was read: `every` group (their number known), `onePast` the cut-off (a ranking reads one row
 * more: whether there are more is known, not how many), or only the `leaders` reaching it (an index range read).
 */
export type GroupsRead = 'every' | 'onePast' | 'leaders';

/**
 * The rows a default top 10 left out, said: "10 of 17 sources shown" where every group was read, "Only the top 10 … are
 * shown" where the read stopped at the cut-off.
 */
export function defaultCutNote(q: MeasureQuery, groups: number, read: GroupsRead): string | null {
  const limit = q.limit === undefined && !q.all && q.by.length === 1 ? DEFAULT_LIMIT[q.by[0]!] : undefined;
  if (limit === undefined || q.having || q.who || q.namesToo || q.compare) return null;
  const noun = NOUNS[q.by[0]!]!;
  const end = q.order === 'asc' ? 'bottom' : 'top';
  const ask = `ask for all ${noun} or a number ("${end} 25") to see more`;
  if (read === 'every')
    return groups > limit ? `${limit} of ${groups} ${noun} shown (the default ${end} ${limit}): ${ask}.` : null;
  return groups > limit || (read === 'leaders' && groups === limit)
    ? `Only the ${end} ${limit} ${noun} are shown (the default): ${ask}.`
    : null;
}
