import type { NamedPerson } from '../insights/questions/nameDirectory';

/** The message with its pronouns written as the one person it names, and which pronoun stood for whom. */
export interface Resolved {
  text: string;
  pronoun: string;
  person: string;
  /** "they", "them", "their" are read as the person too (the message names no group). */
  plural: boolean;
}

/** Two people or more named and a pronoun that could be either: asked which, with the message for each. */
export interface Unresolved {
  pronoun: string;
  people: string[];
}

const SINGULAR = /\b(?:he|she|him|her|his|hers|himself|herself)\b/gi;
const PLURAL = /\b(?:they|them|their|theirs|themselves)\b/gi;
/** Words that make "they" a group rather than one person ("the Sales team … did they"). */
const GROUP_NOUNS =
  /\b(?:users?|people|persons|everyone|everybody|team|teams|staff|employees|departments?|group|colleagues|members|admins|managers|anyone|who)\b/i;

/**
 * "Aisha Novak says Copilot gives her nothing. When did she last use it?": a pronoun stands for the one person the
 * message names (a full name of the directory, or a first or last name only one person has, written with a capital),
 * so it is read as that person rather than asked back. "they", "them", "their" are that person only when the message
 * names no group that they could be. With several people named, a singular pronoun is asked about (who is "she"?).
 */
export function resolvePronouns(
  text: string,
  people: readonly NamedPerson[],
  known: (word: string) => boolean,
): Resolved | Unresolved | null {
  const singular = text.match(SINGULAR);
  const plural = GROUP_NOUNS.test(text) ? null : text.match(PLURAL);
  if (!singular && !plural) return null;
  const named = peopleNamed(text, people, known);
  if (named.length > 1) return singular ? { pronoun: singular[0]!.toLowerCase(), people: named } : null;
  if (named.length !== 1) return null;
  const referent = { person: named[0]!, plural: !!plural };
  const pronoun = (singular ?? plural)![0]!.toLowerCase();
  return { text: writePronouns(text, referent), pronoun, ...referent };
}

/** The text with each pronoun written as the person ("his" as "Ryan Weber's"); null when it holds none. */
export function writePronouns(text: string, referent: Pick<Resolved, 'person' | 'plural'>): string {
  const write = (p: string) => (/^(?:his|hers|their|theirs)$/i.test(p) ? `${referent.person}'s` : referent.person);
  const out = text.replace(SINGULAR, write);
  return referent.plural ? out.replace(PLURAL, write) : out;
}

/** The first pronoun of the text that the referent stands for. */
export function pronounIn(text: string, referent: Pick<Resolved, 'plural'>): string | undefined {
  return (text.match(SINGULAR) ?? (referent.plural ? text.match(PLURAL) : null))?.[0];
}

/** The directory's people the text names: full names, then single names (capitalised) only one person has. */
function peopleNamed(text: string, people: readonly NamedPerson[], known: (word: string) => boolean): string[] {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}'-]+/gu, ' ')} `.replace(/'s\b/g, '');
  const full = new Set<string>();
  const byPart = new Map<string, Set<string>>();
  for (const p of people) {
    const name = (p.displayName ?? '').trim();
    const parts = name.toLowerCase().split(/\s+/);
    if (parts.length < 2) continue;
    if (lower.includes(` ${name.toLowerCase()} `)) full.add(name);
    for (const part of [parts[0]!, parts[parts.length - 1]!]) {
      if (!byPart.has(part)) byPart.set(part, new Set());
      byPart.get(part)!.add(name);
    }
  }
  // A capitalised word that is one person's first or last name ("Megan's manager asked …"), not inside a full name.
  let rest = text;
  for (const name of full) rest = rest.replace(new RegExp(escape(name), 'gi'), ' ');
  const single = new Set<string>();
  for (const m of rest.matchAll(/\b\p{Lu}[\p{L}-]+/gu)) {
    const word = m[0].toLowerCase();
    const owners = byPart.get(word);
    if (owners?.size === 1 && !known(word)) single.add([...owners][0]!);
  }
  return [...new Set([...full, ...single])];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
