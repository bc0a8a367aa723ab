import { APP_WORDS, FILLER, WORDS } from './lexicon';
import type { ReplyQuery } from './querySchema';

/**
 * Abbreviations and informal names admins write for departments ("eng", "mktg", "R&D", "the sales folks"), each as
 * the words a department's name may start with. Only the tenant's own departments are ever the answer.
 */
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  eng: ['engineering'], engg: ['engineering'], engr: ['engineering'], engineers: ['engineering'],
  dev: ['development', 'engineering'], devs: ['development', 'engineering'], developers: ['development', 'engineering'],
  mktg: ['marketing'], mkt: ['marketing'], mkting: ['marketing'], mktng: ['marketing'], marketers: ['marketing'],
  hr: ['human resources', 'people'], fin: ['finance', 'financial'], ops: ['operations'],
  rd: ['research and development', 'research', 'r and d'], cs: ['customer success', 'customer service'],
  it: ['information technology'], exec: ['executive'], execs: ['executive'], exco: ['executive'],
  executives: ['executive'], leadership: ['leadership', 'executive'], slt: ['senior leadership', 'leadership', 'executive'],
  elt: ['executive leadership', 'leadership', 'executive'],
  acct: ['accounting', 'accounts'], accts: ['accounting', 'accounts'], accountants: ['accounting', 'finance'],
  lawyers: ['legal'], salespeople: ['sales'], sellers: ['sales'], bd: ['business development'],
  bizdev: ['business development'], qa: ['quality assurance', 'quality'],
  infosec: ['information security', 'security'], secops: ['security operations', 'security'],
  proc: ['procurement'], cx: ['customer experience'], ux: ['user experience', 'design'], pr: ['public relations'],
  comms: ['communications'],
}; // prettier-ignore

/** Abbreviations that are ordinary words as well. */
const ORDINARY = new Set(['exec', 'execs', 'dev', 'devs', 'comms', 'it', 'leadership', 'executives']);

/** Words before or after a department's name that say it is one ("in eng", "the ops team"). */
const BEFORE = new Set(['in', 'from', 'for', 'of', 'the', 'and', 'vs', 'versus', 'by', 'across', 'within', 'our']);
const TEAM_AFTER = new Set(['team', 'teams', 'department', 'dept', 'departments', 'org', 'division', 'group', 'unit', 'folks', 'people', 'staff']); // prettier-ignore

const ABBREVIATION = /\b(r\s+and\s+d|r\s*&\s*d|[\p{L}]+)\b/giu;

/** What the text became, or the departments an abbreviation could mean when it is more than one. */
export type AliasReading = { text: string } | { ambiguous: ReplyQuery };

/**
 * Replaces each abbreviation or informal name of a department with the tenant's department it can only mean ("eng"
 * -> "Engineering", "R&D" -> "Research and Development"); when it could mean several, asks which (buttons, one per
 * department). A word is not taken for a department when the directory has no such department, when it is a name of
 * someone in the directory, or when the engine reads it as something else; a short one (two letters) only in
 * capitals or beside a department's context ("in hr", "the cs team").
 */
export function readDepartmentAliases(
  text: string,
  departments: readonly string[],
  nameWords: Pick<ReadonlySet<string>, 'has'>,
): AliasReading {
  const known = departments.map((name) => ({ name, lower: spelled(name).toLowerCase() }));
  const exact = new Set(known.map((d) => d.lower));
  // A word of a department's own name ("Research" of "Research and Development") is read with the rest of the name.
  const ownWords = new Set(known.flatMap((d) => d.lower.split(/\s+/)));
  let ambiguous: ReplyQuery | null = null;
  const out = text.replace(ABBREVIATION, (typed: string, _g: string, at: number) => {
    const word = typed.toLowerCase().replace(/\s*(?:&|and)\s*/g, '');
    if (ambiguous || exact.has(typed.toLowerCase()) || ownWords.has(word) || nameWords.has(word)) return typed;
    const listed = ABBREVIATIONS[word];
    // A word no department is abbreviated to, short or the engine's own, is none whatever stands beside it.
    if (!listed && (word.length < 3 || taken(word))) return typed;
    const before = /([\p{L}]+)\W*$/u.exec(text.slice(0, at))?.[1]?.toLowerCase() ?? '';
    const after = /^\W*([\p{L}]+)/u.exec(text.slice(at + typed.length))?.[1]?.toLowerCase() ?? '';
    const context = BEFORE.has(before) || TEAM_AFTER.has(after);
    // "exec summary", "dev environment": ordinary words too, a department only beside one's context.
    if (ORDINARY.has(word) && !context) return typed;
    if (!listed && !context) return typed;
    if (/^\p{L}{1,2}$/u.test(typed) && typed !== typed.toUpperCase() && !context) return typed;
    const starts = listed ?? [word];
    const candidates = known.filter(
      (d) => starts.some((s) => d.lower === s || d.lower.startsWith(`${s}`)) || (word.length <= 3 && initials(d.lower) === word),
    ); // prettier-ignore
    if (candidates.length === 1) return spelled(candidates[0]!.name);
    if (candidates.length > 1)
      ambiguous = whichDepartment(
        text,
        typed,
        candidates.map((d) => d.name),
      );
    return typed;
  });
  return ambiguous ? { ambiguous } : { text: out };
}

/** A word the engine reads as something else (a measure, an app, a filler word) is never a department's name. */
const taken = (word: string) => WORDS.has(word) || FILLER.has(word) || APP_WORDS.includes(word);

/** "Research & Development" as the question reader sees it ("&" is read as "and"). */
const spelled = (name: string) => name.replace(/\s*&\s*/g, ' and ');

/** "customer success" -> "cs", "research and development" -> "rd". */
const initials = (lower: string) =>
  lower
    .split(/\s+/)
    .filter((w) => w !== 'and' && w !== 'of')
    .map((w) => w[0])
    .join('');

/** Asked back: the question once for each department the abbreviation could mean. */
function whichDepartment(text: string, typed: string, names: string[]): ReplyQuery {
  return {
    type: 'reply',
    reply: 'unknown_department',
    text: typed,
    notUnderstood: [],
    suggestions: names.slice(0, 6).map((name) => text.replace(typed, name)),
    people: [],
    choices: [],
  };
}
