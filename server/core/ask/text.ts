/** Text clean-up and fuzzy matching for the question parser (pure functions, no I/O). */
import { spellAbbreviations } from './abbreviations';

/** Longest question the parser reads; anything longer is refused politely before parsing. */
export const MAX_QUESTION_CHARS = 500;

export interface Token {
  /** As typed, lower-cased (names are taken from these). */
  raw: string;
  /** After spelling correction against the parser's vocabulary. */
  word: string;
  /** Whether the raw text was written in capitals (tells the department "IT" from the pronoun "it"). */
  upper: boolean;
}

/**
 * Strips Teams mentions, HTML tags, markdown and control characters; spells out the abbreviations admins type and
 * leaves chat filler out (abbreviations.ts); collapses whitespace.
 */
/**
 * "users >10 prompts", "&gt;= 5" (as Teams escapes it), "≤ 3": a comparison before a number, in words, before the
 * symbols are cleaned away as markdown (the number would be left alone and read as a top N).
 */
const COMPARISON = /(?:&(gt|lt);|([<>≥≤]))\s*(=)?\s*(?=\d)/gi;
const COMPARED: Record<string, string> = {
  gt: 'more than', 'gt=': 'at least', lt: 'fewer than', 'lt=': 'at most',
  '>': 'more than', '>=': 'at least', '<': 'fewer than', '<=': 'at most', '≥': 'at least', '≤': 'at most',
}; // prettier-ignore

export function cleanQuestion(text: string): string {
  const stripped = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(COMPARISON, (_m, entity?: string, symbol?: string, eq?: string) => {
      const sign = (entity ?? symbol ?? '').toLowerCase();
      return ` ${COMPARED[sign + (eq ? '=' : '')] ?? COMPARED[sign]} `;
    })
    // "Microsoft 365+" is no count: the name is looked for behind the number once it is found.
    .replace(/\b(\d+)(?<!\b(?:microsoft|office|m|o)\s*\d+)\s*\+(?!\s*\d)/gi, 'at least $1')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/gi, ' ')
    .replace(/[`*_~#>|[\]{}]/g, ' ')
    .replace(/\p{Cc}|\p{Cf}/gu, ' ');
  return spellAbbreviations(stripped).replace(/\s+/g, ' ').trim();
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?(?:[-/.@][\p{L}\p{N}]+)*/gu;

/** Splits a cleaned question into tokens (dates like 2026-11-01 and e-mail addresses stay whole). */
export function tokenize(text: string): Array<{ raw: string; upper: boolean }> {
  const out: Array<{ raw: string; upper: boolean }> = [];
  for (const match of text.matchAll(TOKEN)) {
    let raw = match[0];
    // "alex's" -> "alex"; trailing dots of abbreviations ("Nov.") are dropped.
    raw = raw.replace(/['’]s$/i, '').replace(/\.+$/, '');
    if (!raw) continue;
    out.push({ raw: raw.toLowerCase(), upper: raw.length > 1 && raw === raw.toUpperCase() && /\p{L}/u.test(raw) });
  }
  return out;
}

/** Rows reused across calls (a question corrects many words): three rolling rows, never a fresh matrix. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  if (rows[0].length < cols) rows = [new Int32Array(cols), new Int32Array(cols), new Int32Array(cols)];
  // Row i - 2, row i - 1 and row i of the distance matrix.
  let [twoBack, prev, cur] = rows;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, twoBack[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [twoBack, prev, cur] = [prev, cur, twoBack];
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** How many typos a word of this length may carry and still be recognised. */
export function typoBudget(length: number): number {
  if (length < 5) return 0;
  if (length < 8) return 1;
  return 2;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']; // prettier-ignore

/**
 * Month names typed with a typo ("novmber", "septembr") or shortened ("nov", "Sept.") spelled out, so the date
 * reader sees them; a word of the directory's names (`keep`) is left as typed.
 */
export function spellMonths(text: string, keep: (word: string) => boolean): string {
  return text.replace(/\p{L}{3,}\.?/gu, (typed) => {
    const word = typed.toLowerCase().replace(/\.$/, '');
    if (MONTHS.includes(word) || keep(word)) return typed;
    // "nov", "Sept.": a month's abbreviation ("may" is a month already).
    const short = MONTHS.find((m) => m !== 'may' && (word === m.slice(0, 3) || word === 'sept') && m.startsWith(word));
    if (short) return short;
    return word.length < 5 ? typed : (closestWord(word, MONTHS) ?? typed);
  });
}

/** How many letters one word has that the other lacks, both ways (a count of each letter). */
export function lettersApart(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) - 1);
  let apart = 0;
  for (const n of counts.values()) apart += Math.abs(n);
  return apart;
}

/** The closest word of `dictionary` within the typo budget (ties: the first listed), or null. */
export function closestWord(
  word: string,
  dictionary: readonly string[],
  budget = typoBudget(word.length),
): string | null {
  if (budget === 0) return null;
  let best: string | null = null;
  let bestDistance = budget + 1;
  for (const candidate of dictionary) {
    if (Math.abs(candidate.length - word.length) > budget) continue;
    const distance = editDistance(word, candidate, budget);
    // Two edits that trade letters for others ("building", "billing") make another word, not a slip: two slips keep
    // the letters but for two (a letter dropped and two swapped, "promtps"; two dropped, "sesions").
    if (distance > budget || (distance > 1 && lettersApart(word, candidate) > 2)) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
