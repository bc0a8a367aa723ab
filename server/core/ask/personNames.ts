import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let names: ReadonlySet<string> | null = null;

/**
 * Given names and surnames people have, beyond the tenant's own directory: cspell's people-names dictionary
 * (`@cspell/dict-people-names`, MIT, about 39,000 names), read once, lower-cased. The directory holds only the people
 * the sync brought in (licence holders and Copilot users), so a person without a licence is in no list of ours.
 */
function personNames(): ReadonlySet<string> {
  if (!names) {
    const dictionary = dirname(require.resolve('@cspell/dict-people-names/cspell-ext.json'));
    const text = readFileSync(join(dictionary, 'dict', 'people-names.txt'), 'utf8');
    names = new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line && !line.startsWith('#')),
    );
  }
  return names;
}

/**
 * Whether words the engine did not understand read as a person's full name ("grady archie"): two or three words,
 * each a name people have. Typing by mistake ("asdf qwer", "blorp zzz") is no one's name, so it stays words not
 * understood; a single word stays one too (it needs the question to treat it as a person).
 */
export function readsAsFullName(words: readonly string[]): boolean {
  return words.length >= 2 && words.length <= 3 && words.every(isPersonName);
}

/** Whether a word is a name people have ("patti", "gupta"); "missing", "asdf" are not. */
export const isPersonName = (word: string): boolean => word.length >= 2 && personNames().has(word.toLowerCase());
