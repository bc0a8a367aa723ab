import { APP_ALIASES, APP_WORDS, KEYWORDS, MONTHS, NUMBER_WORDS, SOURCE_KIND_WORDS, STOPWORDS } from './lexicon';
import { parseCommand } from './parseCommand';
import { botQuerySchema, type BotQuery, type ParseResult, type QueryOf } from './querySchema';
import { MAX_QUESTION_CHARS, cleanQuestion, closestWord, tokenize, type Token } from './text';
import { extractRange, lastDays, type ParsedRange } from './timeRanges';

/** What the parser knows about the tenant: its department names (read from the directory by the caller). */
export interface ParserVocabulary {
  departments: readonly string[];
}

export interface ParseOptions {
  now: Date;
  vocabulary: ParserVocabulary;
}

const DICTIONARY = [...new Set<string>([...KEYWORDS, ...APP_WORDS, ...MONTHS, 'department', 'sync', 'users'])];
const KNOWN = new Set<string>([
  ...DICTIONARY,
  ...STOPWORDS,
  ...Object.keys(SOURCE_KIND_WORDS),
  ...Object.keys(NUMBER_WORDS),
]);

/**
 * Turns an admin's question into a typed query, deterministically and offline: clean the text, correct misspelt
 * keywords and app names, pull out the period, app, department, count and person, then pick the question form
 * from the words left. Never throws; what it cannot place is `unknown`.
 */
export function parseQuestion(text: string, options: ParseOptions): ParseResult {
  if (text.length > MAX_QUESTION_CHARS) return { type: 'unknown', reason: 'too_long' };
  const cleaned = cleanQuestion(text);
  if (!cleaned) return { type: 'unknown', reason: 'empty' };
  const command = parseCommand(cleaned);
  if (command) return { type: 'command', command };
  const departments = options.vocabulary.departments.map((d) => ({ name: d, words: d.toLowerCase().split(/\s+/) }));
  const departmentWords = [...new Set(departments.flatMap((d) => d.words))];
  const tokens: Token[] = tokenize(cleaned).map(({ raw, upper }) => {
    if (KNOWN.has(raw) || departmentWords.includes(raw) || /\d/.test(raw) || raw.includes('@'))
      return { raw, word: raw, upper };
    // Four-letter words are only corrected to app names ("exel"): names like "dana" must not become "data".
    const word =
      raw.length === 4 ? closestWord(raw, APP_WORDS, 1) : closestWord(raw, [...DICTIONARY, ...departmentWords]);
    return { raw, word: word ?? raw, upper };
  });
  if (tokens.length === 0) return { type: 'unknown', reason: 'not_understood' };
  const used = tokens.map(() => false);
  const range = extractRange(tokens, used, options.now);
  const appKey = extractApp(tokens, used);
  const department = extractDepartment(tokens, used, departments);
  const unknownDepartment = department ? null : extractUnknownDepartment(tokens, used);
  const limit = extractLimit(tokens, used);
  const chosen = chooseForm({ tokens, used, range, appKey, department, limit, now: options.now });
  if (!chosen) return { type: 'unknown', reason: 'not_understood' };
  // Answering for everyone would silently drop the filter the admin asked for: say the department is unknown.
  const query: BotQuery = unknownDepartment ?? chosen;
  const checked = botQuerySchema.safeParse(query);
  return checked.success ? { type: 'query', query: checked.data } : { type: 'unknown', reason: 'not_understood' };
}

function extractApp(tokens: Token[], used: boolean[]): string | undefined {
  const words = tokens.map((t) => t.word);
  for (const [alias, key] of APP_ALIASES) {
    const parts = alias.split(' ');
    for (let i = 0; i + parts.length <= words.length; i++) {
      if (parts.every((p, j) => words[i + j] === p && !used[i + j])) {
        for (let j = 0; j < parts.length; j++) used[i + j] = true;
        return key;
      }
    }
  }
  return undefined;
}

const DEPARTMENT_CONTEXT_BEFORE = new Set(['in', 'from', 'department', 'dept', 'of', 'for']);
const DEPARTMENT_CONTEXT_AFTER = new Set(['department', 'dept', 'team', 'org', 'division']);

function extractDepartment(
  tokens: Token[],
  used: boolean[],
  departments: Array<{ name: string; words: string[] }>,
): string | undefined {
  const words = tokens.map((t) => t.word);
  // Longer names first: "Customer Success" before "Success".
  for (const { name, words: parts } of [...departments].sort((a, b) => b.words.length - a.words.length)) {
    for (let i = 0; i + parts.length <= words.length; i++) {
      if (!parts.every((p, j) => words[i + j] === p && !used[i + j])) continue;
      const end = i + parts.length;
      const short = name.length <= 3;
      const context =
        DEPARTMENT_CONTEXT_BEFORE.has(words[i - 1] ?? '') || DEPARTMENT_CONTEXT_AFTER.has(words[end] ?? '');
      // "IT" and "HR" are everyday words in lower case ("what is it"): take them in capitals or with context.
      if (short && !context && !tokens[i]!.upper) continue;
      for (let j = i; j < end; j++) used[j] = true;
      if (DEPARTMENT_CONTEXT_AFTER.has(words[end] ?? '')) used[end] = true;
      if (words[i - 1] === 'department' || words[i - 1] === 'dept') used[i - 1] = true;
      return name;
    }
  }
  return undefined;
}

const DEPARTMENT_NOUNS = new Set(['department', 'dept', 'division']);

/**
 * "in Narnia department" when Narnia is no department of the tenant: the unknown name (up to three words before
 * the noun) and the question as a template for suggestions (`{department}` where the name was).
 */
function extractUnknownDepartment(tokens: Token[], used: boolean[]): QueryOf<'unknown_department'> | null {
  const at = tokens.findIndex((t, i) => DEPARTMENT_NOUNS.has(t.word) && !used[i]);
  if (at <= 0) return null;
  let start = at;
  while (start > 0 && at - start < 3) {
    const t = tokens[start - 1]!;
    if (used[start - 1] || KNOWN.has(t.word) || !/^\p{L}[\p{L}\p{N}&'-]*$/u.test(t.raw)) break;
    start -= 1;
  }
  if (start === at) return null;
  const name = tokens
    .slice(start, at)
    .map((t) => (t.upper ? t.raw.toUpperCase() : t.raw.charAt(0).toUpperCase() + t.raw.slice(1)))
    .join(' ');
  const words = tokens.map((t, i) => (i === start ? '{department}' : t.word));
  words.splice(start + 1, at - start - 1);
  return { kind: 'unknown_department', department: name.slice(0, 80), question: words.join(' ').slice(0, 500) };
}

function extractLimit(tokens: Token[], used: boolean[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const w = tokens[i]!.word;
    const n = /^\d{1,3}$/.test(w) ? Number(w) : w !== 'a' && w !== 'one' ? NUMBER_WORDS[w] : undefined;
    if (n === undefined) continue;
    const prev = tokens[i - 1]?.word;
    const next = tokens[i + 1]?.word;
    if (
      prev === 'top' ||
      prev === 'first' ||
      prev === 'best' ||
      next === 'most' ||
      next === 'users' ||
      next === 'people' ||
      next === 'files' ||
      next === 'sites' ||
      next === 'top' ||
      next === 'biggest' ||
      next === 'heaviest' ||
      next === 'busiest' ||
      next === 'active' ||
      next === 'sources' ||
      next === 'documents'
    ) {
      used[i] = true;
      return Math.max(1, Math.min(50, n));
    }
  }
  return undefined;
}

interface FormInput {
  tokens: Token[];
  used: boolean[];
  range: ParsedRange | null;
  appKey: string | undefined;
  department: string | undefined;
  limit: number | undefined;
  now: Date;
}

const any = (words: Set<string>, ...candidates: string[]) => candidates.some((c) => words.has(c));
const phrase = (text: string, ...phrases: string[]) => phrases.some((p) => ` ${text} `.includes(` ${p} `));

/** The words left once period, app, department and count are taken, minus stopwords: the person asked about. */
function personOf(input: FormInput): string | undefined {
  const parts: string[] = [];
  input.tokens.forEach((t, i) => {
    if (input.used[i] || STOPWORDS.has(t.word) || STOPWORDS.has(t.raw) || NUMBER_WORDS[t.word] !== undefined) return;
    if (SOURCE_KIND_WORDS[t.word] || /^\d+$/.test(t.raw) || t.raw.length > 64) return;
    if (!/^[\p{L}][\p{L}\p{N}.'’@-]*$/u.test(t.raw)) return;
    parts.push(t.raw);
  });
  const name = parts.slice(0, 4).join(' ').trim();
  // Two letters are no name ("gt" left over from `{"$gt":""}`).
  return name.replace(/[^\p{L}]/gu, '').length >= 3 ? name.slice(0, 80) : undefined;
}

/** Picks the question form. Order matters: the more specific forms are tried first. */
function chooseForm(input: FormInput): BotQuery | null {
  const words = new Set(input.tokens.map((t) => t.word));
  const text = input.tokens.map((t) => t.word).join(' ');
  const range = (days: number) => input.range ?? lastDays(input.now, days);
  const { appKey, department } = input;
  const opt = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const person = personOf(input);
  const personRef = person ? { text: person } : undefined;
  const howMany = phrase(text, 'how many', 'how much', 'number of', 'count of', 'count');
  const sourceWord = input.tokens.find((t) => SOURCE_KIND_WORDS[t.word])?.word;

  if (any(words, 'risk', 'risks', 'risky', 'findings', 'alerts', 'oversharing', 'sensitive', 'dlp'))
    return { kind: 'risk_findings' };
  if (
    any(words, 'sync', 'synced', 'syncs', 'syncing', 'synchronization', 'freshness', 'fresh') ||
    phrase(text, 'last updated', 'data updated', 'updated last', 'data as of')
  )
    return { kind: 'sync_status' };
  const inactiveWord = any(
    words,
    'never',
    'inactive',
    'unused',
    'idle',
    'waste',
    'wasted',
    'dormant',
    'havent',
    'hasnt',
  );
  const licenseWord = any(words, 'licensed', 'license', 'licenses', 'seats', 'licence', 'licences');
  if (inactiveWord || (licenseWord && any(words, 'not', 'no', 'without', 'zero', 'didnt', 'dont')))
    return { kind: 'licensed_inactive', ...opt({ department }) };
  if (
    (any(words, 'new', 'first-time', 'onboarded', 'adopters', 'newcomers') &&
      !any(words, 'files', 'sites', 'sources')) ||
    phrase(text, 'started using', 'began using', 'first time', 'joined')
  )
    return { kind: 'new_users', range: range(7), ...opt({ department }) };
  if (
    any(words, 'busiest', 'peak', 'hours', 'hourly', 'busy') ||
    phrase(text, 'time of day', 'what time', 'which hour')
  )
    return { kind: 'busiest_hours', range: range(30), ...opt({ appKey }) };
  if (
    (sourceWord || any(words, 'sources', 'referenced', 'references', 'cited', 'citations')) &&
    !(person && any(words, 'asked', 'ask', 'prompts'))
  ) {
    const byUsers = phrase(
      text,
      'most users',
      'most people',
      'how many users',
      'by users',
      'reached',
      'distinct users',
    );
    const sourceKind = sourceWord ? SOURCE_KIND_WORDS[sourceWord]! : 'any';
    return {
      kind: 'top_data_sources',
      sourceKind,
      by: byUsers ? 'users' : 'references',
      limit: input.limit ?? 10,
      ...opt({ appKey }),
    };
  }
  if (
    person &&
    !howMany &&
    any(
      words,
      'asked',
      'ask',
      'asks',
      'asking',
      'prompts',
      'prompted',
      'questions',
      'typed',
      'wrote',
      'requests',
      'said',
    )
  )
    return { kind: 'user_prompts', person: personRef!, range: range(30) };
  if (person && any(words, 'apps', 'app', 'applications', 'application', 'tools', 'products'))
    return { kind: 'user_apps', person: personRef!, ...opt({ range: input.range ?? undefined }) };
  if (
    any(words, 'trend', 'trending', 'timeline', 'growth', 'daily', 'history', 'chart') ||
    phrase(text, 'per day', 'over time', 'by day', 'each day', 'day by day')
  )
    return { kind: 'app_trend', range: range(30), ...opt({ appKey }) };
  if (
    any(words, 'departments') ||
    phrase(text, 'by department', 'per department', 'each department', 'which department')
  )
    return { kind: 'departments', range: range(30) };
  const ranking = any(
    words,
    'top',
    'most',
    'heaviest',
    'biggest',
    'leaderboard',
    'power',
    'rank',
    'ranking',
    'champions',
    'best',
  );
  const perApp = phrase(
    text,
    'per app',
    'by app',
    'each app',
    'every app',
    'per application',
    'by application',
    'apps',
    'applications',
  );
  if (any(words, 'apps', 'applications') || perApp) {
    const metric = metricOf(words);
    return {
      kind: 'app_usage',
      metric: ranking && metric === 'all' ? 'users' : metric,
      range: range(30),
      ...opt({ appKey }),
    };
  }
  if (ranking || phrase(text, 'who uses', 'who used', 'most active', 'who is using')) {
    if (!any(words, 'sessions', 'conversations', 'agents') || any(words, 'users', 'people', 'who'))
      return { kind: 'top_users', limit: input.limit ?? 10, range: range(30), ...opt({ appKey, department }) };
  }
  if (howMany && person) return { kind: 'user_summary', person: personRef! };
  if (howMany && appKey) return { kind: 'app_usage', metric: metricOf(words), range: range(30), appKey };
  if (howMany || any(words, 'overview', 'summary', 'adoption', 'dashboard', 'stats', 'statistics', 'kpis', 'totals'))
    return { kind: 'overview', range: range(30) };
  if (any(words, 'agents', 'agent'))
    return { kind: 'agents', ...opt({ appKey, department, range: input.range ?? undefined }) };
  if (any(words, 'sessions', 'session', 'conversations', 'conversation', 'chats'))
    return { kind: 'sessions', range: range(7), ...opt({ appKey, person: personRef }) };
  if (person) return { kind: 'user_summary', person: personRef!, guessed: true };
  if (appKey) return { kind: 'app_usage', metric: 'all', range: range(30), appKey };
  if (department || any(words, 'users', 'people', 'active', 'usage', 'activity'))
    return { kind: 'top_users', limit: input.limit ?? 10, range: range(30), ...opt({ department }) };
  return null;
}

function metricOf(words: Set<string>): 'users' | 'sessions' | 'prompts' | 'all' {
  if (any(words, 'users', 'people', 'employees', 'persons', 'who')) return 'users';
  if (any(words, 'sessions', 'conversations', 'chats', 'session')) return 'sessions';
  if (any(words, 'prompts', 'questions', 'requests', 'prompt', 'messages')) return 'prompts';
  return 'all';
}
