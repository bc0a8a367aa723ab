import type { FindingStatus } from '../../store/documents';
import type { Word } from './recognise';

/** What each triage verb moves a finding to ("closed": resolved, dismissed or marked a false positive). */
const VERBS: ReadonlyArray<[string, FindingStatus[]]> = [
  ['close closed closes closing', ['resolved', 'dismissed', 'false_positive']],
  ['dismiss dismissed dismisses dismissing', ['dismissed']],
  [
    'resolve resolved resolves resolving fix fixed fixes fixing remediate remediated remediates remediating',
    ['resolved'],
  ],
  ['reopen reopened reopens', ['open']],
  ['triage triaged triaging', ['investigating', 'resolved', 'dismissed', 'false_positive']],
  ['escalate escalated investigated', ['investigating']],
];
const STATUSES_OF = new Map(VERBS.flatMap(([words, statuses]) => words.split(' ').map((w) => [w, statuses] as const)));

/** The statuses a triage verb moves a finding to ("closed": resolved, dismissed or false positive), if it is one. */
export function statusesOfVerb(word: string): FindingStatus[] | null {
  const statuses = STATUSES_OF.get(word);
  return statuses ? [...statuses] : null;
}

/** Who or what comes before a triage verb that makes it an event: "did we close", "was dismissed", "findings resolved". */
const BEFORE = new Set(['was', 'were', 'been', 'got', 'get', 'did', 'we', 'you', 'they', 'i', 'anyone', 'someone', 'who', 'findings', 'alerts', 'ones', 'many']); // prettier-ignore

/**
 * "How many findings did we close this week?", "what was dismissed yesterday", "findings resolved last month": a
 * triage verb as something done, not a state ("resolved findings"), tagged as a risk word whose period is when the
 * status changed to what it names. Answers whether there was one.
 */
export function tagTriageEvents(words: Word[]): boolean {
  let found = false;
  words.forEach((w, i) => {
    const statuses = STATUSES_OF.get(w.raw);
    const before = words.slice(Math.max(0, i - 2), i).map((x) => x.raw);
    if (!statuses || w.used || !before.some((x) => BEFORE.has(x))) return;
    words[i] = { ...w, used: true, tag: { cue: 'risk', risk: { statuses: [...statuses], changed: true } } };
    found = true;
  });
  return found;
}
