import type { Word } from './recognise';

/**
 * Words that leave something out: "excluding IT", "everyone except Sales", "not in Teams", "other than Word",
 * "outside Finance". Longest first, so "except for" is taken before "except".
 */
const MARKERS: readonly string[][] = [
  'not counting',
  'not including',
  'not in',
  'not from',
  'but not',
  // "uses Word and never Excel", "but never used Excel": over people, a condition (peopleConditions.ts's appsNotUsed).
  'and never used',
  'and never uses',
  'and never use',
  'but never used',
  'but never uses',
  'but never use',
  'and never',
  'but never',
  // "used Teams without using Outlook", "Word but not using Excel": the verb belongs to the marker.
  'without ever using',
  'without using',
  'without touching',
  'but not using',
  'and not using',
  'other than',
  'apart from',
  'aside from',
  'except for',
  'outside of',
  'leaving out',
  'leave out',
  'leave off',
  'leaving off',
  'omit',
  'omitting',
  'ignore',
  'skip',
  'skipping',
  'excluding',
  'exclude',
  'excludes',
  'excluded',
  'except',
  'excl',
  'outside',
  'without',
  'ignoring',
  'minus',
]
  .map((m) => m.split(' '))
  .sort((a, b) => b.length - a.length);

/** Marker words, kept from spelling correction ("except" is no typo of "export"). */
export const NEGATION_WORDS: ReadonlySet<string> = new Set(MARKERS.flat());

/** Words between a marker and what it leaves out, or between two things left out ("excluding the IT and Sales teams"). */
const BETWEEN = new Set(['the', 'a', 'an', 'for', 'in', 'of', 'from', 'and', 'or', 'nor', 'copilot', 'app', 'apps']);
const TEAM_WORDS = new Set(['team', 'teams', 'department', 'departments', 'dept', 'depts', 'org', 'division', 'group']);

/** What a question leaves out, and the words that said it (for an answer that cannot apply it). */
export interface Exclusions {
  apps: string[];
  departments: string[];
  /** As typed: "excluding it", "not in teams". */
  phrases: string[];
}

/**
 * Finds the apps and departments a question leaves out, after recognise() has tagged them: each marker followed by
 * one or more apps or departments ("excluding Engineering and IT"). Those words become exclusions instead of filters,
 * and the marker's words are taken. A marker followed by nothing recognised is left alone, so the answer asks about
 * it rather than dropping it.
 */
export function takeExclusions(words: Word[]): Exclusions {
  const found: Exclusions = { apps: [], departments: [], phrases: [] };
  for (let i = 0; i < words.length; i++) {
    const marker = MARKERS.find((parts) => parts.every((p, j) => words[i + j]?.raw === p));
    if (!marker) continue;
    const taken: number[] = [];
    let j = i + marker.length;
    for (; j < words.length; j++) {
      const w = words[j]!;
      if (w.app || w.department) taken.push(j);
      else if (!(BETWEEN.has(w.raw) || (TEAM_WORDS.has(w.raw) && taken.length > 0))) break;
    }
    if (taken.length === 0) continue;
    for (const at of taken) {
      const w = words[at]!;
      if (w.app && !found.apps.includes(w.app)) found.apps.push(w.app);
      if (w.department && !found.departments.includes(w.department)) found.departments.push(w.department);
      words[at] = { ...w, app: undefined, department: undefined, excluded: { app: w.app, department: w.department } };
    }
    const last = taken.at(-1)!;
    for (let k = i; k <= last; k++) if (!taken.includes(k)) words[k] = { ...words[k]!, tag: undefined, used: true };
    found.phrases.push(
      words
        .slice(i, last + 1)
        .map((w) => w.raw)
        .join(' '),
    );
    i = last;
  }
  return found;
}
