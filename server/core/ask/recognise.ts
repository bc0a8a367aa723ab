import type { TenantApp } from '../insights/questions/unrecognisedApps';
import { APP_ALIASES, APP_WORDS, FILLER, PHRASES, WORDS, type Tag } from './lexicon';
import { isPersonName } from './personNames';
import { closestWord, typoBudget } from './text';

/** A word of the question and what it was recognised as. */
export interface Word {
  /** As typed, lower-cased. */
  raw: string;
  /** After spelling correction. */
  word: string;
  /** Written with a capital letter (names, departments like "IT"). */
  capital: boolean;
  upper: boolean;
  /** Possessive as typed ("Alex's"). */
  possessive: boolean;
  tag?: Tag;
  app?: string;
  department?: string;
  num?: number;
  /** Taken by a recognised word or phrase. */
  used: boolean;
  /** An app or department left out ("excluding IT", "not in Teams"; negation.ts). */
  excluded?: { app?: string; department?: string };
}

// "5–10 prompts": a range of numbers written with a dash is one word, as "5-10" is (figureRanges.ts).
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?(?:[-/.@][\p{L}\p{N}]+|(?<=\d)[–—]\d+)*/gu;
const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
}; // prettier-ignore
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}; // prettier-ignore
const NUMBER_WORDS: Record<string, number> = {
  ...UNITS, ...TENS, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, dozen: 12,
}; // prettier-ignore

/** "forty", "twenty-five": a number written as words (below 100; "two hundred" stays words, asked about), else undefined. */
export function numberWord(word: string): number | undefined {
  const compound = /^([a-z]+)-([a-z]+)$/.exec(word);
  if (compound && TENS[compound[1]!] !== undefined && UNITS[compound[2]!] !== undefined)
    return TENS[compound[1]!]! + UNITS[compound[2]!]!;
  return NUMBER_WORDS[word];
}
const SHORT_FIXES: Record<string, string> = { wkly: 'weekly', mthly: 'monthly', dept: 'department', usrs: 'users', aps: 'apps' }; // prettier-ignore
const FOUR_LETTER_TARGETS = [...APP_WORDS, 'users', 'hours', 'files', 'sites', 'apps'];

/**
 * Splits and spell-corrects; names of people and departments are never corrected into keywords. A word that is a
 * directory name plus "s" ("alex wilbers prompts") is that name's possessive typed without the apostrophe.
 */
export function tokenize(
  text: string,
  keep: Pick<ReadonlySet<string>, 'has'>,
  dictionary: readonly string[],
  nameWords: Pick<ReadonlySet<string>, 'has'> = new Set<string>(),
  nameParts: NameParts = { first: new Set<string>(), last: new Set<string>() },
): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let typed = match[0];
    const lowered = typed.toLowerCase();
    const bare =
      /s$/i.test(typed) &&
      typed.length > 3 &&
      !keep.has(lowered) &&
      !WORDS.has(lowered) &&
      !FILLER.has(lowered) &&
      nameWords.has(lowered.slice(0, -1));
    const possessive = /['’]s$/i.test(typed) || bare;
    typed = typed.replace(bare ? /s$/i : /['’]s$/i, '').replace(/\.+$/, '');
    if (!typed) continue;
    const raw = typed.toLowerCase().replace(/’/g, "'");
    const parts =
      raw.includes('/') && !/\d/.test(raw) ? raw.split('/').flatMap((p, i) => (i ? ['per', p] : [p])) : [raw];
    for (const part of parts) {
      const word = correct(part, keep, dictionary);
      out.push({
        raw: part,
        word,
        capital: /^\p{Lu}/u.test(typed),
        upper: typed.length > 1 && typed === typed.toUpperCase() && /\p{L}/u.test(typed),
        possessive,
        used: false,
      });
    }
  }
  return out.map((w, i) => (keepsSpelling(out, i, nameParts) ? { ...w, word: w.raw } : w));
}

const APP_WORD_SET = new Set(APP_WORDS);

/** The first and the last words of the directory's names of two words or more. */
export interface NameParts {
  first: Pick<ReadonlySet<string>, 'has'>;
  last: Pick<ReadonlySet<string>, 'has'>;
}

/**
 * "how active is Megan Bowen", "megan bowen's usage": a capitalised word after the first, or a word before a
 * directory's last name or after its first name, is a name the directory may lack, never a keyword it happens to be
 * near ("Megan" is not "mean"). Corrections to an app or a department ("Exel", "Enginering") and shorthand stand.
 */
function keepsSpelling(words: Word[], i: number, names: NameParts): boolean {
  const w = words[i]!;
  if (w.word === w.raw || SHORT_FIXES[w.raw] || APP_WORD_SET.has(w.word) || !DICTIONARY.includes(w.word)) return false;
  const plain = (n: Word | undefined): n is Word =>
    n !== undefined && n.word === n.raw && !WORDS.has(n.raw) && !FILLER.has(n.raw);
  const before = words[i - 1];
  const after = words[i + 1];
  const nameBeside = (plain(after) && names.last.has(after.raw)) || (plain(before) && names.first.has(before.raw));
  return (w.capital && !w.upper && (i > 0 || w.possessive)) || nameBeside;
}

function correct(raw: string, keep: Pick<ReadonlySet<string>, 'has'>, dictionary: readonly string[]): string {
  if (SHORT_FIXES[raw]) return SHORT_FIXES[raw];
  // A number written as a word ("three") is itself, never a slip of another ("there").
  if (keep.has(raw) || WORDS.has(raw) || FILLER.has(raw) || /\d/.test(raw) || raw.includes('@') || raw.length < 4)
    return raw;
  if (numberWord(raw) !== undefined) return raw;
  const near =
    raw.length === 4 ? closestWord(raw, FOUR_LETTER_TARGETS, 1) : closestWord(raw, dictionary, typoBudget(raw.length));
  // "prompts by jones": a name people have is never read as a word that declines the question ("jokes").
  if (near && WORDS.get(near)?.cue === 'scope' && isPersonName(raw)) return raw;
  return near && !rhymes(raw, near) ? near : raw;
}

/**
 * Words that differ only in their first letter ("lasted" and "wasted", "pasting" and "wasting") are two English words
 * far more often than a slip (a slip rarely falls on the first letter): the word stays as typed.
 */
const rhymes = (a: string, b: string) => a.length === b.length && a[0] !== b[0] && a.slice(1) === b.slice(1);

const PHRASE_LIST = [...PHRASES]
  .map(([p, tag]) => [p.split(' '), tag] as const)
  .sort((a, b) => b[0].length - a[0].length);
const APP_LIST = APP_ALIASES.map(([a, key]) => [a.split(' '), key] as const).sort((a, b) => b[0].length - a[0].length);
const TEAM_NOUNS = new Set(['team', 'teams', 'department', 'departments', 'dept', 'org', 'division', 'group', 'unit']);
const DEPARTMENT_BEFORE = new Set([
  'in',
  'from',
  'of',
  'for',
  'the',
  'department',
  'dept',
  'and',
  'vs',
  'versus',
  'or',
]);

function matchAt(words: Word[], at: number, parts: readonly string[]): boolean {
  return parts.every((p, j) => words[at + j] !== undefined && !words[at + j]!.used && words[at + j]!.word === p);
}

/** Tags phrases, apps, departments, lexicon words and numbers, in that order; what is left stays untagged. */
export function recognise(words: Word[], departments: readonly string[], apps: readonly TenantApp[] = []): void {
  const depts = departments
    // "Research & Development" as typed: the question reads "&" as "and".
    .map((name) => ({
      name,
      parts: name
        .toLowerCase()
        .replace(/\s*&\s*/g, ' and ')
        .split(/\s+/),
    }))
    .sort((a, b) => b.parts.length - a.parts.length);
  for (let i = 0; i < words.length; i++) {
    for (const { name, parts } of depts) {
      if (!matchAt(words, i, parts)) continue;
      const next = words[i + parts.length]?.word ?? '';
      const prev = words[i - 1]?.word ?? '';
      const context = TEAM_NOUNS.has(next) || DEPARTMENT_BEFORE.has(prev);
      // "IT" and "HR" are everyday words in lower case ("is it"): take them in capitals or with context.
      if (name.length <= 3 && !words[i]!.upper && !context) continue;
      // A pronoun in lower case ("what is in it for me", "show us") is not the department IT or US, whatever word
      // comes before it: only capitals past the first word ("in IT", "for Us") or a team noun ("the it team") are.
      const asName = words[i]!.upper || (words[i]!.capital && i > 0);
      if (!asName && FILLER.has(name.toLowerCase()) && !TEAM_NOUNS.has(next)) continue;
      // "the Sales team" is the department; so is "Teams" only when it is a department's name.
      words[i] = { ...words[i]!, department: name, used: true };
      for (let j = 1; j < parts.length; j++) words[i + j] = { ...words[i + j]!, department: name, used: true };
      const after = words[i + parts.length];
      if (after && TEAM_NOUNS.has(after.word) && after.word !== 'departments')
        words[i + parts.length] = { ...after, used: true };
      break;
    }
  }
  // Longest phrases first over the whole question: "what time of day" is "time of day", not "what time" + "day".
  // Only phrases whose first word the question holds can match (the lexicon lists hundreds; a question has a few words).
  const said = new Set(words.map((w) => w.word));
  for (const [parts, tag] of PHRASE_LIST.filter(([p]) => said.has(p[0]!))) {
    for (let i = 0; i < words.length; i++) {
      if (!matchAt(words, i, parts)) continue;
      // Every word of the phrase carries its meaning ("most used": "used" reads as ranking too).
      for (let j = 0; j < parts.length; j++) words[i + j] = { ...words[i + j]!, tag, used: true };
    }
  }
  for (let i = 0; i < words.length; i++) {
    for (const [parts, key] of APP_LIST) {
      if (!matchAt(words, i, parts)) continue;
      // "had Copilot read Teams meeting content", "which Teams meetings is Copilot used in most": the meetings (or
      // chats) are the source, whatever app Copilot ran in — never departments ("which teams") nor the app.
      const next = words[i + 1];
      if (key === 'teams' && parts.length === 1 && next && !next.used && SOURCE_AFTER_TEAMS.test(next.word)) {
        if (!['in', 'inside', 'during', 'within'].includes(words[i - 1]?.word ?? '')) {
          words[i] = { ...words[i]!, used: true };
          if (CHATS.test(next.word)) words[i + 1] = { ...next, tag: { kind: 'chat' }, used: true };
          break;
        }
      }
      if (key === 'teams' && teamsMeansDepartments(words, i)) break;
      words[i] = { ...words[i]!, app: key, used: true };
      for (let j = 1; j < parts.length; j++) words[i + j] = { ...words[i + j]!, used: true };
      break;
    }
  }
  tenantApps(words, apps);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.used) continue;
    const tag = WORDS.get(w.word) ?? (w.word === 'teams' ? { dimNoun: 'department' as const } : undefined);
    if (tag) words[i] = { ...w, tag, used: true };
    else if (FILLER.has(w.word)) continue;
    else if (/^\d{1,3}$/.test(w.word) || (/^\d{4,7}$/.test(w.word) && BEFORE_LARGE.has(words[i - 1]?.word ?? '')))
      words[i] = { ...w, num: Number(w.word) };
    else if (numberWord(w.word) !== undefined) words[i] = { ...w, num: numberWord(w.word) };
  }
}

/** A number of four digits or more is a count only after a comparison ("more than 1000"), never a year or an id. */
const BEFORE_LARGE = new Set(['than', 'over', 'above', 'under', 'below', 'least', 'most', 'exceeding', 'of']);
const SOURCE_AFTER_TEAMS = /^(?:meetings?|calls?|transcripts?|recordings?|chats?|channels?)$/;
/** "Teams chats", "Teams channels": chat threads as sources (the lexicon's "chat" alone is Copilot Chat's). */
const CHATS = /^(?:chats?|channels?)$/;

/** Nouns of data sources: with one of them, "in SharePoint" is where the sources are, not an app. */
const SOURCE_NOUNS =
  /^(?:files?|documents?|docs?|sites?|pages?|librar(?:y|ies)|references?|sources?|lists?|folders?|spreadsheets?|workbooks?|decks?)$/;
const BEFORE_APP = new Set(['in', 'inside', 'within', 'using', 'via', 'through']);

/**
 * "Copilot in SharePoint", "the SharePoint app": an app outside the catalogue the tenant's history holds, named by its
 * words after "Copilot in", or before "app" — never where sources are asked of ("files in SharePoint").
 */
function tenantApps(words: Word[], apps: readonly TenantApp[]): void {
  if (!apps.length || words.some((w) => SOURCE_NOUNS.test(w.word))) return;
  for (const app of apps)
    for (let i = 0; i < words.length; i++) {
      // All its words, or the first alone ("Copilot in Fabric" for Fabric.Notebook).
      const length = matchAt(words, i, app.words) ? app.words.length : matchAt(words, i, app.words.slice(0, 1)) ? 1 : 0;
      if (!length) continue;
      const before = words[i - 1]?.word ?? '';
      const after = words[i + length]?.word ?? '';
      const copilotIn = BEFORE_APP.has(before) && words.slice(0, i - 1).some((w) => w.word === 'copilot');
      if (!copilotIn && after !== 'app' && after !== 'copilot') continue;
      words[i] = { ...words[i]!, app: app.key, used: true };
      for (let j = 1; j < length; j++) words[i + j] = { ...words[i + j]!, used: true };
      if (after === 'app') words[i + length] = { ...words[i + length]!, used: true };
    }
}

/** "which teams", "per team(s)", "other teams": departments, not the Teams app. */
function teamsMeansDepartments(words: Word[], i: number): boolean {
  if (
    words[i]!.capital &&
    words[i]!.raw === 'teams' &&
    !['which', 'what', 'per', 'each', 'other'].includes(words[i - 1]?.word ?? '')
  )
    return false;
  return ['which', 'what', 'per', 'each', 'other', 'different', 'all', 'across'].includes(words[i - 1]?.word ?? '');
}

/** Words spelling correction read as one of the engine's own ("promts" as "prompts"); shorthand is not a slip. */
export function correctedWords(words: readonly Word[]): Array<{ typed: string; read: string }> {
  return words
    .filter((w) => w.used && w.word !== w.raw && !SHORT_FIXES[w.raw])
    .map((w) => ({ typed: w.raw, read: w.word }));
}

/** A word the lexicon reads as it stands. */
export const knownWord = (word: string): boolean => WORDS.has(word) || FILLER.has(word) || DICTIONARY_SET.has(word);

/** Every word the engine knows (for spelling correction). */
export const DICTIONARY: readonly string[] = [
  ...new Set([
    'users',
    'prompts',
    'sessions',
    'department',
    ...WORDS.keys(),
    ...APP_WORDS,
    ...PHRASES.flatMap(([p]) => p.split(' ')).filter((w) => w.length >= 5),
    'active',
    // "usage numbrs", "the figrues": what an admin asks for, said with a slip.
    'numbers',
    'figures',
    'statistics',
    'actually',
    'currently',
  ]),
];

const DICTIONARY_SET = new Set(DICTIONARY);
