/**
 * How a stored source's name is matched by the words of a question: one definition for the Ask engine's reading
 * (ask/namedSources.ts) and the keys the sync stores to look names up by (nameHeads).
 */

/** The words of a name as questions are matched against it: letters and digits, lower-cased. */
export const nameWords = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** A file's name without its extension ("Budget.xlsx" → "Budget"): a question may name it so. */
export const nameStem = (name: string): string => name.replace(/\.[a-z0-9]{2,10}$/i, '');

/**
 * The keys a source is looked up by when a question may name it: the first two words of its name (`nameHead`, one
 * for a one-word name) and of its name without extension where that differs (`stemHead`). Every name a question can
 * match exactly starts with a word, or two adjacent words, of the question, so these bound the read by index.
 */
export function nameHeads(name: string | null | undefined): { nameHead: string | null; stemHead: string | null } {
  const head = (words: string[]) => (words.length ? words.slice(0, 2).join(' ') : null);
  const nameHead = head(nameWords(name ?? ''));
  const stem = name ? nameStem(name) : '';
  const stemHead = stem !== name ? head(nameWords(stem)) : null;
  return { nameHead, stemHead: stemHead === nameHead ? null : stemHead };
}
