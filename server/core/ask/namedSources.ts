import { sitePrefixOfKey, type NamedSourceEntry, type SourceCatalog } from '../insights/sourceFilter';
import { nameStem, nameWords as wordsOf } from '../sourceNames';
import type { NamedSource } from './querySchema';
import { editDistance } from './text';

/**
 * One data source, file or site named in a question ("Coho Winery Budget.xlsx", "the Fourth Coffee Playbook", "the
 * Projects site", "the Finance SharePoint site"), found among the tenant's own stored sources (their names, and the
 * SharePoint sites of their addresses) — and "someone else's OneDrive". The words found are blanked out of the text,
 * so no later reading takes them for a person, a department or an app.
 */

/** A name that was meant as a source: found (one), several sources answering to it, or none (with near names). */
export interface NamedSourceReading {
  /** The text with the name's words blanked. */
  rest: string;
  source?: NamedSource;
  /** "someone else's OneDrive": OneDrive files of someone other than the person who used them. */
  owner?: 'others';
  /** Several sources answer to the name (`options`), or none does (`options`: the nearest names). */
  unresolved?: { reply: 'which_source' | 'no_source'; text: string; options: NamedSource[] };
}

const EXTENSIONS = 'docx|doc|xlsx|xls|pptx|ppt|pdf|loop|one|txt|csv|mp4|whiteboard|vsdx|aspx|md';
/** A name typed with a file's extension ("Budget.xlsx"). */
export const TYPED_FILE = new RegExp(`\\.(?:${EXTENSIONS})\\b`, 'i');
/** A quoted name starts with a letter or digit ('{"$gt": ""}' quotes no name). */
const QUOTED = /["“”]([\p{L}\p{N}][^"“”]{1,119})["“”]/gu;
/** Reads the tenant's sources only when a question could name one. */
const MAY_NAME = new RegExp(`\\bsite\\b|${TYPED_FILE.source}|["“”]|\\bonedrive`, 'iu');
/** Two capitalised words after another word ("how often was Coho Winery …"): case-sensitive, as `i` would make
 * \p{Lu} match any letter and read the catalog for every question. */
const CAPITALISED_RUN = /\S\s+\p{Lu}\p{Ll}+\s+\p{Lu}/u;
/** Words between a site's name and "site" ("the Finance SharePoint site", "the Legal team site"). */
const SITE_NOUNS = new Set(['sharepoint', 'spo', 'team', 'teams', 'communication', 'hub']);
/** Words before "site" that name no site ("each site", "which SharePoint site", "a site"). */
const NOT_A_NAME = new Set(`a an the any each every which what one per this that our your their its same other another
  single given specific particular most top whole entire web sharepoint team teams by of on in from for to at and or
  my his her some no site copilot`.split(/\s+/)); // prettier-ignore

const OTHERS_ONEDRIVE =
  /\b(?:(?:someone|somebody|anyone|anybody)\s+else'?s?|other\s+(?:people|users|persons|employees|colleagues|staff)'?s?|another\s+(?:person|user|employee|colleague)'?s?|others'|each\s+other'?s?|colleagues'?)\s+(?=onedrives?\b)/;
const NOT_OWN_ONEDRIVE =
  /(?<=\bonedrives?\s+)(?:that\s+(?:is|are)\s+not|not|other\s+than)\s+(?:their|his|her|the user'?s)\s+own\b/;

interface Token {
  word: string;
  start: number;
  end: number;
  capital: boolean;
}

interface Site {
  site: string;
  prefix: string;
  name: string;
}

interface Built {
  /** Tokens of a source's whole name ("coho winery budget xlsx") and of its name without extension. */
  whole: Map<string, NamedSourceEntry[]>;
  stem: Map<string, NamedSourceEntry[]>;
  sites: Map<string, Site>;
  longest: number;
}

const built = new WeakMap<readonly NamedSourceEntry[], Built>();

/** Finds the source, file or site a question names, and "someone else's OneDrive"; the rest of the text unchanged. */
export async function takeNamedSource(
  rest: string,
  typed: string,
  catalog: SourceCatalog | undefined,
  departments: readonly string[],
): Promise<NamedSourceReading> {
  let text = rest;
  let owner: NamedSourceReading['owner'];
  for (const re of [OTHERS_ONEDRIVE, NOT_OWN_ONEDRIVE]) {
    const m = re.exec(text);
    if (!m) continue;
    owner = 'others';
    text = blank(text, m.index, m.index + m[0].length);
  }
  const found: NamedSourceReading = { rest: text, ...(owner ? { owner } : {}) };
  const held = catalog && SOURCE_NOUN.test(text) ? NAME_HOLDS.exec(text) : null;
  // "users with 'Haddad' in their name": people's names, no source's.
  const holding = held && !PEOPLE_BEFORE.test(text.slice(0, held.index)) ? held : null;
  if (holding) return namesHolding(found, holding, typed, await catalog!.all(true));
  if (!catalog || !(MAY_NAME.test(typed) || CAPITALISED_RUN.test(typed))) return found;
  const tokens = tokensOf(text, typed);
  const nameIn = (index: Built) =>
    quoted(text, typed, index) ??
    siteNamed(tokens, index, departments) ??
    fileNamed(tokens, typed, index) ??
    unknownFile(tokens, typed, index) ??
    unknownTitle(tokens, index);
  // Only the sources a name of the question's words could be (and the sites, where it may name one): by index.
  const candidates = await catalog.candidates(lookupOf(tokens, text));
  let named = nameIn(buildOf(candidates));
  // A name none has is said with the nearest names, of every source: those and the candidates (maybe newer) looked at.
  if (named?.near) named = nameIn(buildOf(merged(candidates, await catalog.all(true))));
  if (!named) return found;
  // "the Data Retention Policy Overview deck": the noun after the name says what the named file is, nothing more.
  const noun = FILE_NOUN_AFTER.exec(found.rest.slice(named.end));
  const cut = blank(found.rest, named.start, named.end + (noun?.[0].length ?? 0));
  if (named.options.length === 1 && !named.near) return { ...found, rest: cut, source: named.options[0] };
  const reply = named.near ? 'no_source' : 'which_source';
  return { ...found, rest: cut, unresolved: { reply, text: named.text, options: named.options.slice(0, 6) } };
}

/**
 * "Files with 'Policy' in the name", "documents whose title contains budget", "sources named like Contoso": every
 * source whose name holds the words, not one of them; quotes of any kind around the words are theirs.
 */
const Q = `["'“”‘’]?`;
const HELD = String.raw`([\p{L}\p{N}][\p{L}\p{N} .&_-]{0,58}?[\p{L}\p{N}])`;
const NAME_HOLDS = new RegExp(
  String.raw`\b(?:(?:that|which)\s+)?(?:with|containing|contain|contains|have|has|having|include|includes|including)\s+(?:the\s+(?:word|words|text|string)\s+)?${Q}${HELD}${Q}\s+in\s+(?:the|their|its|his|her)\s+(?:file\s*)?(?:names?|titles?)\b|\b(?:whose|where\s+the)\s+(?:file\s*)?(?:names?|titles?)\s+(?:contains?|includes?|has|have|mentions?|holds?)\s+(?:the\s+(?:word|words|text|string)\s+)?${Q}${HELD}${Q}(?=[\s?.!,;:]|$)|\bnamed\s+like\s+${Q}${HELD}${Q}(?=[\s?.!,;:]|$)`,
  'iu',
);

/** A people noun right before the words ("users with …", "people whose name …"): a name of theirs. */
const PEOPLE_BEFORE =
  /\b(?:users?|people|persons?|employees?|staff|colleagues?|members?|anyone|anybody|someone|somebody|everyone|who)\s*$/i;

/** What names a source ("files with 'Policy' in the name"); people with a word in their name are no sources. */
const SOURCE_NOUN =
  /\b(?:files?|documents?|docs?|sources?|sites?|decks?|spreadsheets?|workbooks?|presentations?|pdfs?|notebooks?|pages?|recordings?|videos?)\b/i;

/** The sources whose names hold the words matched, one filter over all of them (or none, with the nearest names). */
function namesHolding(
  found: NamedSourceReading,
  m: RegExpExecArray,
  typed: string,
  all: readonly NamedSourceEntry[],
): NamedSourceReading {
  // The words as typed (the text read is lower-cased, the same length).
  const asTyped = NAME_HOLDS.exec(typed.slice(m.index, m.index + m[0].length)) ?? m;
  const said = (asTyped[1] ?? asTyped[2] ?? asTyped[3]!).trim();
  const rest = blank(found.rest, m.index, m.index + m[0].length);
  const lower = said.toLowerCase();
  if (all.some((e) => e.name?.toLowerCase().includes(lower)))
    return { ...found, rest, source: { of: 'match', key: lower.slice(0, 200), name: `sources with "${said}" in their names`.slice(0, 200) } }; // prettier-ignore
  return { ...found, rest, unresolved: { reply: 'no_source', text: said, options: nearest(said, buildOf(all)) } };
}

/** A catalog whose reads are kept for one question: the same lookup, or every source, is read once. */
export function catalogOfOneQuestion(catalog: SourceCatalog): SourceCatalog {
  const looked = new Map<string, ReturnType<SourceCatalog['candidates']>>();
  let all: ReturnType<SourceCatalog['all']> | undefined;
  return {
    candidates: (lookup) => {
      const key = `${lookup.sites}:${lookup.heads.join('|')}`;
      const read = looked.get(key) ?? catalog.candidates(lookup);
      looked.set(key, read);
      return read;
    },
    all: (missed) => (all ??= catalog.all(missed)),
  };
}

/** Each word and each two adjacent words: every head (core/sourceNames.ts) of a name the question holds. */
function lookupOf(tokens: Token[], text: string): { heads: string[]; sites: boolean } {
  const heads = tokens.flatMap((t, i) =>
    i + 1 < tokens.length ? [t.word, `${t.word} ${tokens[i + 1]!.word}`] : [t.word],
  );
  return { heads, sites: tokens.some((t) => t.word === 'site') || /["“”]/.test(text) };
}

/** The candidates and every source, each key once, in key order (as the catalog gives them). */
function merged(first: readonly NamedSourceEntry[], then: readonly NamedSourceEntry[]): readonly NamedSourceEntry[] {
  const keys = new Set(first.map((e) => e.key));
  return [...first, ...then.filter((e) => !keys.has(e.key))].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

interface Named {
  start: number;
  end: number;
  text: string;
  options: NamedSource[];
  /** None matched: `options` are the nearest names. */
  near?: boolean;
}

function buildOf(entries: readonly NamedSourceEntry[]): Built {
  let b = built.get(entries);
  if (b) return b;
  b = { whole: new Map(), stem: new Map(), sites: new Map(), longest: 1 };
  const add = (map: Map<string, NamedSourceEntry[]>, words: string[], e: NamedSourceEntry) => {
    const key = words.join(' ');
    const list = map.get(key) ?? [];
    if (!list.some((x) => x.key === e.key)) list.push(e);
    map.set(key, list);
    b!.longest = Math.max(b!.longest, words.length);
  };
  for (const e of entries) {
    if (e.name) {
      const words = wordsOf(e.name).slice(0, 16);
      if (words.length) add(b.whole, words, e);
      const stem = nameStem(e.name);
      if (stem !== e.name && wordsOf(stem).length) add(b.stem, wordsOf(stem).slice(0, 16), e);
    }
    const prefix = sitePrefixOfKey(e.key);
    if (!e.site || !prefix) continue;
    const name = e.site.replace(/^.*\/(?:sites|teams)\//i, '');
    for (const spelling of [wordsOf(name).join(' '), wordsOf(name.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')).join(' ')])
      if (spelling && !b.sites.has(spelling)) b.sites.set(spelling, { site: e.site, prefix, name });
  }
  built.set(entries, b);
  return b;
}

function tokensOf(text: string, typed: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    word: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
    capital: /^\p{Lu}/u.test(typed.slice(m.index, m.index + 1)),
  }));
}

const blank = (text: string, from: number, to: number) => text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);

const asSource = (e: NamedSourceEntry): NamedSource => ({ of: 'source', key: e.key, name: (e.name ?? e.key).slice(0, 200) }); // prettier-ignore
const asSite = (s: Site): NamedSource => ({ of: 'site', key: s.prefix, name: `${s.name} site`.slice(0, 200) });

/** "“Q3 Forecast.xlsx”": a quoted name is a source's or a site's, or none's. */
function quoted(text: string, typed: string, index: Built): Named | null {
  for (const m of text.matchAll(QUOTED)) {
    const words = wordsOf(m[1]!);
    const key = words.join(' ');
    const hits = index.whole.get(key) ?? index.stem.get(key);
    const site = index.sites.get(key) ?? index.sites.get(words.filter((w) => w !== 'site').join(' '));
    const options = hits?.map(asSource) ?? (site ? [asSite(site)] : []);
    const said = typed.slice(m.index + 1, m.index + m[0].length - 1).trim();
    const end = m.index + m[0].length;
    return options.length
      ? { start: m.index, end, text: said, options }
      : { start: m.index, end, text: said, options: nearest(said, index), near: true };
  }
  return null;
}

/**
 * "the Projects site", "the Finance SharePoint site", "on the Legal team site": the words before "site" are a site's
 * name — a department's name too, "site" decides. A capitalised name (or a department's) no site has is said so.
 */
function siteNamed(tokens: Token[], index: Built, departments: readonly string[]): Named | null {
  const departmentWords = new Set(departments.flatMap((d) => wordsOf(d)));
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]!.word !== 'site') continue;
    let end = i - 1;
    while (end >= 0 && SITE_NOUNS.has(tokens[end]!.word)) end--;
    if (end < 0) continue;
    for (let len = Math.min(3, end + 1); len >= 1; len--) {
      const run = tokens.slice(end - len + 1, end + 1);
      const site = index.sites.get(run.map((t) => t.word).join(' '));
      if (site)
        return { start: run[0]!.start, end: tokens[i]!.end, text: `${site.name} site`, options: [asSite(site)] };
    }
    const name = tokens[end]!;
    if (NOT_A_NAME.has(name.word) || (!name.capital && !departmentWords.has(name.word))) continue;
    const said = `${name.word.charAt(0).toUpperCase()}${name.word.slice(1)} site`;
    const near = nearestSites(name.word, index);
    return { start: name.start, end: tokens[i]!.end, text: said, options: near, near: true };
  }
  return null;
}

/**
 * A source's name typed out: with its extension ("Coho Winery Budget.xlsx") anywhere; without it ("the Fourth Coffee
 * Playbook") only in capitals past the question's first word, two words or more — the longest name first.
 */
function fileNamed(tokens: Token[], typed: string, index: Built): Named | null {
  for (let i = 0; i < tokens.length; i++) {
    for (let len = Math.min(index.longest, tokens.length - i); len >= 1; len--) {
      const run = tokens.slice(i, i + len);
      const key = run.map((t) => t.word).join(' ');
      const last = run.at(-1)!;
      const typedExtension = new RegExp(`^\\.(?:${EXTENSIONS})$`, 'i').test(typed.slice(last.start - 1, last.end));
      const whole = typedExtension ? index.whole.get(key) : undefined;
      const stem = !whole && len >= 2 && run[0]!.capital && run[0]!.start > 0 ? index.stem.get(key) : undefined;
      const hits = whole ?? stem;
      if (!hits?.length) continue;
      // "Budget.xlsx" typed: the name without extension matched too ("Budget v2.xlsx" is another file).
      const text = typed.slice(run[0]!.start, last.end);
      return { start: run[0]!.start, end: last.end, text, options: hits.map(asSource) };
    }
  }
  return null;
}

/** Words a file's title holds between its capitalised words: joiners, versions, years. */
const TITLE_JOINERS = /^(?:of|and|for|the|to|in|on|a|an|with|v\d+|\d+)$/;

/** A file's name typed with its extension that no stored source has: the capitalised words before it, with near names. */
function unknownFile(tokens: Token[], typed: string, index: Built): Named | null {
  const at = tokens.findIndex(
    (t, i) => i > 0 && new RegExp(`^(?:${EXTENSIONS})$`).test(t.word) && typed[t.start - 1] === '.',
  );
  if (at < 0) return null;
  let from = at - 1;
  // Back over the title's capitalised words, and the small words and versions between them ("Statement of Work v2").
  const inTitle = (i: number): boolean =>
    tokens[i]!.capital || (TITLE_JOINERS.test(tokens[i]!.word) && i > 0 && inTitle(i - 1));
  while (from > 0 && inTitle(from - 1) && tokens[from - 1]!.end + 3 >= tokens[from]!.start) from--;
  while (from < at - 1 && !tokens[from]!.capital) from++;
  const said = typed.slice(tokens[from]!.start, tokens[at]!.end);
  const options = nearest(said, index);
  // One name within two typing slips ("Coho Winery Budjet.xlsx") is that source.
  const close = options.filter((o) => editDistance(o.name.toLowerCase(), said.toLowerCase(), 3) <= 2);
  if (close.length === 1) return { start: tokens[from]!.start, end: tokens[at]!.end, text: said, options: close };
  return { start: tokens[from]!.start, end: tokens[at]!.end, text: said, options, near: true };
}

const FILE_NOUN_AFTER = /^\s+(?:(?:slide\s+)?deck|slides|presentation|notebook|pdf)\b/i;

/** Words that end a document's title ("the Fourth Coffee Playbook", "the Q3 Pipeline Review deck"). */
const DOCUMENT_NOUNS = new Set(`playbook plan report brief policy memo proposal forecast tracker budget model deck review
  contract handbook notes notebook whiteboard recording presentation spreadsheet document workbook guidelines invoice
  pitch readout overview kickoff datasheet whitepaper roadmap minutes agenda`.split(/\s+/)); // prettier-ignore

/**
 * "the Fourth Coffee Playbook" that no stored source is called: capitalised words after "the" ending in a document's
 * noun are a document's title, said to be no source's (with near names) rather than read as anything else.
 */
function unknownTitle(tokens: Token[], index: Built): Named | null {
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i - 1]!.word !== 'the' || !tokens[i]!.capital) continue;
    let end = i;
    while (end + 1 < tokens.length && tokens[end + 1]!.capital) end++;
    if (end === i || !DOCUMENT_NOUNS.has(tokens[end]!.word)) continue;
    const run = tokens.slice(i, end + 1);
    const said = run.map((t) => t.word).join(' ');
    const text = run.map((t) => `${t.word.charAt(0).toUpperCase()}${t.word.slice(1)}`).join(' ');
    return { start: run[0]!.start, end: run.at(-1)!.end, text, options: nearest(said, index), near: true };
  }
  return null;
}

/** Up to three sources whose names share a word with `said`, nearest by edit distance. */
function nearest(said: string, index: Built): NamedSource[] {
  const words = new Set(wordsOf(said));
  const scored: Array<[number, NamedSourceEntry]> = [];
  for (const [key, list] of index.whole) {
    if (!key.split(' ').some((w) => words.has(w))) continue;
    for (const e of list) scored.push([editDistance(said.toLowerCase(), (e.name ?? '').toLowerCase(), 40), e]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1].name ?? '').localeCompare(b[1].name ?? ''));
  const names = new Set<string>();
  return scored
    .filter(([, e]) => !names.has(e.name ?? '') && names.add(e.name ?? ''))
    .slice(0, 3)
    .map(([, e]) => asSource(e));
}

/** Up to three sites nearest by name. */
function nearestSites(word: string, index: Built): NamedSource[] {
  const seen = new Map<string, Site>();
  for (const s of index.sites.values()) seen.set(s.prefix, s);
  return [...seen.values()]
    .map((s) => [editDistance(word, s.name.toLowerCase(), 20), s] as const)
    .sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name))
    .slice(0, 3)
    .map(([, s]) => asSite(s));
}
