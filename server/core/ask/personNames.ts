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

/**
 * Words of grammar (quantifiers, determiners, adverbs) that the names dictionary also lists ("else", "few", "same",
 * "first"): never anyone's name in a question ("someone else's OneDrive", "the first few weeks", "same but …").
 */
export const NEVER_NAMES: ReadonlySet<string> = new Set(
  `else elsewhere same few several first second third next previous other another either neither such own even
  ever never soon yet still very too rather quite almost nearly enough every each both whatever whoever however
  perhaps maybe thus hence instead lately often always sometimes usually anyway somewhat
  not no nor none nobody noone nothing without`.split(/\s+/),
);

/** Whether a word is a name people have ("patti", "gupta"); "missing", "asdf" and words of grammar are not. */
export const isPersonName = (word: string): boolean =>
  word.length >= 2 && !NEVER_NAMES.has(word.toLowerCase()) && personNames().has(word.toLowerCase());
