import { editDistance, lettersApart } from './text';

/** A word read as another of the engine's own words ("monht" as "month"), said in the interpretation line. */
export interface Spelling {
  typed: string;
  read: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** Months long enough that a typo of them is no other word ("march", "april", "june" are left alone). */
const MONTHS = ['january', 'february', 'august', 'september', 'october', 'november', 'december'];
/** Period and question words, read wherever they stand. */
const ANYWHERE = ['which', 'today', 'yesterday', 'between', 'since', 'until', 'weekend', 'fortnight', ...WEEKDAYS, ...MONTHS]; // prettier-ignore
/** Units of time, read only after a word that makes them a period ("last monht", "this weke", "past 3 weks"). */
const UNITS = ['week', 'weeks', 'month', 'months', 'year', 'years', 'quarter', 'quarters', 'days', 'hours'];
const UNIT_LEAD =
  /^(?:this|last|past|previous|prior|current|next|every|per|each|a|one|two|three|four|five|six|eight|ten|twelve|\d{1,3})$/;
/** "how mnay", "how mcuh". */
const AFTER_HOW = ['many', 'much'];
/** Short slips no distance can tell from other words. */
const FIXED: Record<string, string> = { teh: 'the', hte: 'the', waht: 'what', whta: 'what', wich: 'which', thsi: 'this', tihs: 'this', htis: 'this', lsat: 'last', alst: 'last', lats: 'last' }; // prettier-ignore
/**
 * English words a step away from those above, which an admin may mean as typed ("weak adoption", "sundry apps"):
 * never corrected.
 */
const ENGLISH = new Set(
  `witch whish wince mince singe sine untie toady tidy sundry sundae mouth weak week's ways days says pays near dear
  hear wear gear fear tear bear pear hours yours tours fours month's wick wreak mane mans mary manx mush muck mach
  quartet quarters`.split(/\s+/),
);

/** Words the typo budget allows: 1 for 4–6 letters, 2 for 7 or more; shorter words only by the fixed list. */
const budget = (length: number) => (length < 4 ? 0 : length < 7 ? 1 : 2);

/** The one target nearest within the budget; none on a tie, as the meaning would be a guess. */
function nearest(word: string, targets: readonly string[]): string | null {
  const max = budget(word.length);
  if (!max) return null;
  let best: string | null = null;
  let bestDistance = max + 1;
  let tied = false;
  for (const t of targets) {
    const d = editDistance(word, t, max);
    // Letters traded for others at two edits make another word, not a slip (text.ts's closestWord).
    if (d > 1 && d <= max && lettersApart(word, t) > 2) continue;
    if (d < bestDistance) [best, bestDistance, tied] = [t, d, false];
    else if (d === bestDistance && t !== best) tied = true;
  }
  return tied ? null : best;
}

/**
 * Period and question words typed with a slip ("promts last monht", "how mnay users this weke", "wich department"),
 * written out before the date reader and the lexicon read the question. A word `known` to the engine, a name of the
 * directory (`known` too) or an English word near them is left as typed; so is a capitalised word past the first,
 * which would be a name the directory lacks.
 */
export function correctTypos(text: string, known: (word: string) => boolean): { text: string; spelled: Spelling[] } {
  const spelled: Spelling[] = [];
  let previous = '';
  const out = text.replace(/[\p{L}\p{N}']+/gu, (typed, at: number) => {
    const word = typed.toLowerCase();
    const before = previous;
    previous = word;
    // Plurals and possessives of a target ("on mondays", "today's") are words of their own, not slips.
    if (known(word) || ENGLISH.has(word) || /[\d']/.test(word) || ANYWHERE.includes(word.replace(/s$/, '')))
      return typed;
    if (at > 0 && /^\p{Lu}/u.test(typed) && /\p{L}/u.test(text.slice(0, at))) return typed;
    const read =
      FIXED[word] ??
      // "goin up", "usin Teams": a dropped final g, where the word with it is the engine's own.
      (word.length > 3 && word.endsWith('in') && known(`${word}g`) ? `${word}g` : null) ??
      (before === 'how' ? nearest(word, AFTER_HOW) : null) ??
      (UNIT_LEAD.test(before) ? nearest(word, UNITS) : null) ??
      nearest(word, ANYWHERE);
    if (!read || read === word) return typed;
    previous = read;
    spelled.push({ typed: word, read });
    return read;
  });
  return { text: out, spelled };
}

/** "read "monht" as "month"": each correction once, for the interpretation line. */
export function describeSpelling(spelled: readonly Spelling[] | undefined): string[] {
  const seen = new Set<string>();
  const said = (spelled ?? []).filter((s) => !seen.has(s.typed) && seen.add(s.typed));
  return said.length ? [`read ${said.map((s) => `"${s.typed}" as "${s.read}"`).join(', ')}`] : [];
}
