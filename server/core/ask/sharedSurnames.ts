import type { NamedPerson } from '../insights/questions/nameDirectory';

/**
 * "Compare the two Haddads", "both Haddads' prompts", "the Haddads in Sales": a surname made plural stands for every
 * person in the directory who bears it (two or more), written out by name so the question reads them as people.
 * A plural no two people share ("the Smiths" with one Smith) is left as typed, and is then asked about.
 */
const PLURAL =
  /\b(?:(?:the\s+)?two|both(?:\s+(?:of\s+)?the)?|all(?:\s+(?:of\s+)?the)?|the)\s+([\p{L}][\p{L}'-]{1,40}?)(?:s|es)('|’s?)?(?=[\s?.!,;:]|$)/giu;

const surnameOf = (p: NamedPerson) => p.displayName?.trim().split(/\s+/).at(-1)?.toLowerCase() ?? '';

/** The directory's people by surname, built once per directory copy (the names are kept for minutes), not per question. */
const bySurname = new WeakMap<readonly NamedPerson[], Map<string, NamedPerson[]>>();
function bearersOf(people: readonly NamedPerson[], surname: string): NamedPerson[] {
  let index = bySurname.get(people);
  if (!index) {
    index = new Map();
    for (const p of people) {
      if (!p.displayName) continue;
      const key = surnameOf(p);
      index.set(key, [...(index.get(key) ?? []), p]);
    }
    bySurname.set(people, index);
  }
  return index.get(surname) ?? [];
}

/** The text with each plural surname shared by two or more people written out as their names. */
export function sharedSurnamesNamed(text: string, people: readonly NamedPerson[]): string {
  return text.replace(PLURAL, (whole, stem: string, possessive: string | undefined) => {
    // "the pages", "the wards": after a bare "the" only a capitalised surname is people ("the Haddads").
    if (/^the\s+(?!two\b)/i.test(whole) && !/^\p{Lu}/u.test(stem)) return whole;
    const bearers = bearersOf(people, stem.toLowerCase());
    if (bearers.length < 2 || bearers.length > 10) return whole;
    const names = bearers.map((p) => p.displayName!.trim());
    const listed = `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    return possessive ? `${listed}'s` : listed;
  });
}
