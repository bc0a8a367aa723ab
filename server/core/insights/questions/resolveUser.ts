import type { UserRef } from '../types';
import { toRef } from '../userDirectory';
import { derivedFrom, type NameDirectory, type NamedPerson } from './nameDirectory';

/** How a name typed by an admin resolved against the directory. */
export type UserResolution =
  | { status: 'found'; user: UserRef }
  | { status: 'ambiguous'; candidates: UserRef[] }
  | { status: 'none'; suggestions: UserRef[] };

/** Most people offered on a "which one?" card. */
export const MAX_CANDIDATES = 5;

const words = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Finds who an admin means by a name: "alex" -> Alex Wilber. Every typed word must start a word of the person's
 * display name, UPN or mail; an exact name, UPN or mail wins outright. Several matches -> ambiguous (the bot
 * asks which one). No match -> up to five people whose names are within two typos, as suggestions. Matches in
 * memory over the directory's profiles (users and directoryUsers records), never interactions.
 */
export async function resolveUser(directory: NameDirectory, text: string): Promise<UserResolution> {
  const typed = words(text).slice(0, 4);
  if (typed.length === 0) return { status: 'none', suggestions: [] };
  const exact = text.trim().toLowerCase();
  const people = derivedFrom(await directory.people(), wordsOfPeople);
  const matches = people.filter(({ own }) => typed.every((t) => own.some((w) => w.startsWith(t)))).map((e) => e.p);
  const exactMatch = matches.filter((p) =>
    [p.displayName, p.userPrincipalName, p.mail].some((v) => v?.toLowerCase() === exact),
  );
  if (exactMatch.length === 1) return { status: 'found', user: toRef(exactMatch[0]!) };
  if (matches.length === 1) return { status: 'found', user: toRef(matches[0]!) };
  if (matches.length > 1)
    return { status: 'ambiguous', candidates: byName(matches).slice(0, MAX_CANDIDATES).map(toRef) };
  return { status: 'none', suggestions: nearNames(people, typed) };
}

/** Each person with the words of their name, UPN and mail (`own`) and of their name alone (`name`). */
interface PersonWords {
  p: NamedPerson;
  own: string[];
  name: string[];
}

function wordsOfPeople(people: readonly NamedPerson[]): PersonWords[] {
  return people.map((p) => {
    const name = words(p.displayName);
    return { p, own: [...name, ...words(p.userPrincipalName), ...words(p.mail)], name };
  });
}

const byName = (list: NamedPerson[]) =>
  [...list].sort(
    (a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? '') || a.userId.localeCompare(b.userId),
  );

/** People whose name words are each within two typos of the typed words ("alx wilbr" -> Alex Wilber). */
function nearNames(people: PersonWords[], typed: string[]): UserRef[] {
  const budget = Math.min(2, Math.floor(typed.join('').length / 3));
  if (budget === 0) return [];
  // Names share words ("Alex", "Smith"): each typed word is measured against each distinct name word once. Capped
  // at budget + 1, a distance decides the same as one capped lower (both exceed whatever budget is left).
  const measured = new Map<string, number>();
  const far = (t: string, w: string) => {
    const key = `${t}\u0000${w}`;
    let d = measured.get(key);
    if (d === undefined) measured.set(key, (d = distance(t, w, budget + 1)));
    return d;
  };
  const scored: Array<{ p: NamedPerson; score: number }> = [];
  for (const { p, name } of people) {
    if (name.length === 0) continue;
    let score = 0;
    for (const t of typed) {
      score += Math.min(...name.map((w) => far(t, w.slice(0, Math.max(t.length, 1)))));
      if (score > budget) break;
    }
    if (score <= budget) scored.push({ p, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.p.displayName ?? '').localeCompare(b.p.displayName ?? ''))
    .slice(0, MAX_CANDIDATES)
    .map((s) => toRef(s.p));
}

/** Levenshtein distance, giving up (returning max + 1) once it cannot stay within `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
      rowMin = Math.min(rowMin, prev[j]!);
    }
    if (rowMin > max) return max + 1;
  }
  return prev[b.length]!;
}
