import type { Word } from './recognise';

/** What a count of distinct things counts: data sources (files, pages, meetings…) or the sites holding them. */
export type DistinctOf = 'sources' | 'sites';

const DISTINCT = new Set(['different', 'distinct', 'unique', 'separate', 'individual']);
const SOURCE_NOUNS = new Set(['sources', 'source', 'references']);

/**
 * "how many different documents", "distinct files", "unique sites": the words before a data source's noun that ask
 * for the number of distinct sources (or sites), not of references to them. The word is taken; what it counts is
 * returned (null when no such word stands before a source's noun, and then the word is left for the answer to ask
 * about). Host words may stand between ("unique SharePoint sites").
 */
export function takeDistinct(words: Word[]): { of: DistinctOf; text: string; usersFirst: boolean } | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // "how many files were used", "how many Teams meetings", "the total (number) of files", "number of documents",
    // "total files": the sources themselves are counted, as "different" says.
    const howMany =
      (w.raw === 'many' && words[i - 1]?.raw === 'how') ||
      (w.raw === 'of' && ['number', 'total', 'count'].includes(words[i - 1]?.raw ?? '')) ||
      (w.raw === 'total' && words[i + 1]?.raw !== 'of' && words[i + 1]?.raw !== 'number');
    if (!DISTINCT.has(w.raw) && !howMany) continue;
    let j = i + 1;
    // "Teams" before "meetings" names the meetings, not the app (recognise.ts): it qualifies the noun like a host.
    const qualifier = (x: Word) => x.tag?.host || x.app || x.raw === 'data' || (x.raw === 'teams' && x.used && !x.tag);
    while (j < words.length && qualifier(words[j]!)) j++;
    const noun = words[j];
    if (!noun) continue;
    const sites = noun.tag?.cue === 'sites';
    if (!sites && !noun.tag?.kind && !(howMany ? noun.raw.startsWith('source') : SOURCE_NOUNS.has(noun.raw))) continue;
    // "how many file references": the references are counted, not the files.
    const after = words[j + 1];
    if (howMany && (after?.tag?.measure === 'references' || SOURCE_NOUNS.has(after?.raw ?? ''))) continue;
    if (!howMany) words[i] = { ...w, used: true };
    // "how many users used different files" counts the users: said, so the people are not turned into sources.
    const usersFirst = words.slice(0, i).some((x) => x.tag?.cue === 'users' || x.tag?.measure === 'source_users');
    return { of: sites ? 'sites' : 'sources', text: `${w.raw} ${noun.raw}`, usersFirst };
  }
  return null;
}

/** The measure's name when distinct sources or sites are counted ("Distinct data sources"). */
export const DISTINCT_LABELS: Record<DistinctOf, string> = {
  sources: 'Distinct data sources',
  sites: 'Distinct sites',
};

/** Why a count of distinct sources cannot be answered as asked, or null. */
export function distinctUnsupported(q: {
  measure: string;
  by: readonly string[];
  distinct?: DistinctOf;
  share?: boolean;
  perPerson?: boolean;
  mean?: boolean;
  having?: unknown;
}): string | null {
  if (!q.distinct) return null;
  const noun = q.distinct === 'sites' ? 'sites' : 'data sources';
  if (q.measure !== 'references')
    return `Distinct ${noun} are counted from the data sources Copilot used, not beside another measure.`;
  if (q.by.includes('source') || (q.distinct === 'sites' && q.by.includes('site')))
    return `Each ${q.distinct === 'sites' ? 'site' : 'source'} is one: ask for references by ${q.distinct === 'sites' ? 'site' : 'source'} to rank them.`;
  if (q.share || q.perPerson || q.mean || q.having)
    return `A count of distinct ${noun} can be broken down (by app, department, person or time) but not shared, averaged or thresholded: one ${q.distinct === 'sites' ? 'site' : 'source'} can be in several rows.`;
  return null;
}
