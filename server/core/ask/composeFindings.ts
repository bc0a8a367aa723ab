import type { Reading } from './compose';
import { FILLER, type Cue } from './lexicon';
import { allTime, type Period } from './periods';
import type { Dimension, FindingDimension, FindingKind, FindingShare, FindingsQuery } from './querySchema';
import type { RiskCategory } from '../risk/types';
import { FINDING_KIND_CATEGORY } from '../risk/findingFacts';
import type { RiskTag } from './riskLexicon';
import type { Word } from './recognise';

const GROUPERS = new Set(['by', 'per', 'each', 'every', 'which', 'what', 'breakdown', 'top', 'across']);
/** Words that join a second dimension to a grouped one ("by category and severity"; "&" is read as "and"). */
const JOINERS = new Set(['and', 'then']);
/** Usage dimensions findings also have; the others (hour, weekday, sources) they do not. */
const SHARED_DIMS = new Set<Dimension>(['user', 'app', 'department', 'day', 'week', 'month']);
/**
 * Cues a findings answer cannot honour: asked back rather than dropped ("what percentage of findings are high": no
 * answer divides findings). "help", "sync" and "scope" are answered before a question is read as a risk one
 * (understand.ts), so they never reach here.
 */
const FOREIGN_CUES = new Set<Cue | undefined>(['compare', 'change', 'license', 'inactive', 'ask', 'profile', 'sites', 'summary', 'average', 'rate']); // prettier-ignore

const uniq = <T>(xs: Array<T | undefined>): T[] => [...new Set(xs.filter((x): x is T => x !== undefined))];

/**
 * "passwords or secrets": a kind offered as an alternative to its own category ("or") is the whole category, not the
 * kind alone; "secrets: passwords only" (no "or") still narrows to the kind.
 */
function kindsKept(r: Reading, categories: RiskCategory[], kinds: FindingKind[]): FindingKind[] {
  if (!r.words.some((w) => w.raw === 'or')) return kinds;
  return kinds.filter((k) => !categories.includes(FINDING_KIND_CATEGORY[k]!));
}

/**
 * The findings query a risk question asks for, and the words of it a findings answer cannot apply (other measures,
 * kinds of data source, hours, comparisons): those are asked back about, never silently dropped. A question that
 * counts, groups or ranks gets counts; any other ("any passwords pasted into Copilot?") the findings themselves.
 */
export function findingsQueryOf(r: Reading, now: Date, tz: string): { query: FindingsQuery; unclear: string[] } {
  const shareAt = shareWords(r.words);
  const tags: RiskTag[] = r.words.flatMap((w, i) => (w.tag?.risk && !shareAt.has(i) ? [w.tag.risk] : []));
  const has = (cue: Parameters<Reading['cues']['has']>[0]) => r.cues.has(cue);
  const unclear: string[] = [];
  const beside = sideBySide(r);
  // "Files shared too widely in SharePoint": files, sites and where they are stored are what the oversharing rules are
  // about (SharePoint and OneDrive), not a filter they cannot take.
  const sharing = tags.some((t) => t.category === 'oversharing') && tags.every((t) => !t.category || t.category === 'oversharing'); // prettier-ignore
  for (const [i, w] of r.words.entries()) {
    const t = w.tag;
    // Stryker disable next-line ConditionalExpression: a risk word's tag holds nothing else (riskLexicon.ts): never foreign
    if (!t || t.risk || shareAt.has(i) || (beside && t.cue === 'compare')) continue;
    if (sharing && (t.kind === 'file' || t.host || t.cue === 'sites')) continue;
    const foreignMeasure = t.measure && !['prompts', 'responses', 'interactions'].includes(t.measure);
    const foreignDim = (t.dim && !SHARED_DIMS.has(t.dim)) || (t.dimNoun && !SHARED_DIMS.has(t.dimNoun));
    if (foreignMeasure || t.kind || t.host || foreignDim || FOREIGN_CUES.has(t.cue)) unclear.push(w.raw);
    // "per seat" is read as one word of its own: asked back as the usage answers say it.
    if (t.cue === 'per_licence') unclear.push('per licensed user');
  }
  if (r.periods.length > 1) unclear.push(r.periods[1]!.label);
  // "stale findings": how old is asked back (an age needs its days: "open findings older than 2 weeks").
  for (const w of r.words) if (w.tag?.risk?.ageAsked) unclear.push(`${w.raw}: older than how many days?`);
  // "who" beside a triage step but not its subject ("who had findings dismissed"): asked, not misread; "who resolved
  // the most" is the analysts (findingResolution.ts).
  if (has('who') && tags.some((t) => t.changed)) unclear.push('who (triaged them)');
  const sources = uniq([
    ...tags.map((t) => t.source),
    ...r.measures.map((m) => (m === 'prompts' ? 'prompt' : m === 'responses' ? 'response' : undefined)),
  ] as Array<'prompt' | 'response' | undefined>);
  const by = groupings(r);
  if (beside && !by.includes(beside)) by.unshift(beside);
  const usersCounted = has('count') && has('users') && !by.includes('user');
  const period: Period = r.periods[0] ?? { ...allTime(now, tz), default: true };
  if (has('trend') && !by.some((d) => d === 'day' || d === 'week' || d === 'month')) by.push(trendUnit(period));
  if (by.length > 2) unclear.push(...by.slice(2).map((d) => `by ${d}`));
  const share = shareAt.size ? shareOf(r.words, shareAt, by) : undefined;
  // A share with nothing to divide ("percentage of findings"), or of people, is asked back rather than guessed.
  if (shareAt.size && (!share || usersCounted)) unclear.push(...[...shareAt].map((i) => r.words[i]!.raw));
  // "Mean time to resolve findings", "who closed the most": one figure or a row per analyst, from the triage history.
  const triage = tags.find((t) => t.triage)?.triage;
  if (triage) unclear.push(...by.splice(0).map((d) => `by ${d}`));
  const show = has('count') || by.length > 0 || share || triage ? 'count' : 'list';
  // A list is newest first; "fewest", "lowest" or "least" has nothing to order it by.
  if (show === 'list') unclear.push(...r.words.filter((w) => w.tag?.cue === 'rank_asc').map((w) => w.raw));
  return {
    query: {
      type: 'findings',
      show,
      counted: usersCounted ? 'people' : 'findings',
      by: by.slice(0, 2),
      ...(share && !usersCounted ? { share } : {}),
      categories: uniq(tags.map((t) => t.category)),
      kinds: kindsKept(r, uniq(tags.map((t) => t.category)), uniq(tags.map((t) => t.kind))),
      severities: uniq(tags.map((t) => t.severity)),
      statuses: triage ? tags.find((t) => t.triage)!.statuses! : uniq(tags.flatMap((t) => t.statuses ?? [])),
      // "findings resolved last month": the period is when they were resolved; with no period, their status now.
      ...((tags.some((t) => t.changed) && r.periods.length) || triage ? { changed: true as const } : {}),
      // "findings detected in the last 24 hours": when they were found (a sync reads interactions after they happen).
      ...(tags.some((t) => t.detected) && r.periods.length && !tags.some((t) => t.changed) && !triage
        ? { detected: true as const }
        : {}),
      ...(triage ? { triage } : {}),
      ...(sources.length === 1 ? { source: sources[0] } : {}),
      filters: {
        apps: r.apps,
        departments: r.departments,
        people: r.people,
        ...(r.exclude.apps.length || r.exclude.departments.length ? { exclude: r.exclude } : {}),
      },
      period,
      order: has('rank_asc') ? 'asc' : has('rank') ? 'desc' : 'natural',
      ...(r.limit !== undefined ? { limit: r.limit } : {}),
    },
    unclear,
  };
}

/**
 * "Findings in Word vs Excel", "compare findings in Teams and Outlook", "Sales vs Legal findings": two or more apps (or
 * departments) named with a word of comparison are counted side by side, a row each, as usage comparisons are.
 */
function sideBySide(r: Reading): 'app' | 'department' | null {
  if (!r.cues.has('compare')) return null;
  if (r.apps.length > 1) return 'app';
  return r.departments.length > 1 ? 'department' : null;
}

/** Nouns of a share ("percentage", "proportion"; "share" only as a noun: "share of", "what share"). */
const SHARE_NOUNS = new Set(['share', 'shares', 'percentage', 'percentages', 'percent', 'proportion', 'fraction', 'ratio']); // prettier-ignore
const SHARE_VERBS = new Set(['share', 'shares']);

/** Where the words asking for a share stand; "share" as the verb ("who shared passwords") is no share. */
function shareWords(words: readonly Word[]): Set<number> {
  const at = new Set<number>();
  words.forEach((w, i) => {
    if (!SHARE_NOUNS.has(w.raw)) return;
    const next = words[i + 1]?.raw;
    const prev = words[i - 1]?.raw;
    const noun = next === 'of' || next === 'by' || next === 'per' || ['what', 'the', 'a', 'which', 'their', 'its'].includes(prev ?? ''); // prettier-ignore
    if (!SHARE_VERBS.has(w.raw) || noun) at.add(i);
  });
  return at;
}

/**
 * What a share divides: each row by the whole when grouped, else the filter named last ("what percentage of open
 * findings are high severity": high severity out of the open findings) out of the same findings without it.
 */
function shareOf(words: readonly Word[], shareAt: Set<number>, by: FindingDimension[]): FindingShare | undefined {
  if (by.length) return 'rows';
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    const t = w.tag?.risk;
    if (shareAt.has(i)) continue;
    if (t?.category || t?.kind) return 'category';
    if (t?.severity) return 'severity';
    if (t?.statuses?.length) return 'status';
    if (t?.source) return 'source';
    if (w.app && !w.excluded) return 'app';
    if (w.department && !w.excluded) return 'department';
  }
  return undefined;
}

/**
 * The dimensions asked, in the order named: a findings one ("by category") or a usage one findings share ("by app",
 * "per department", "who"); a second joined to a grouped one ("by category and app") is grouped too, never dropped.
 */
function groupings(r: Reading): FindingDimension[] {
  const by: FindingDimension[] = [];
  const grouped = new Set<number>();
  r.words.forEach((w, i) => {
    // "per user", "per department": people and departments are cues elsewhere, a grouping here after a grouping word.
    const cued = w.tag?.cue === 'users' ? 'user' : w.tag?.cue === 'team' ? 'department' : undefined;
    const usage = w.tag?.dimNoun ?? w.tag?.dim ?? cued;
    const dim = w.tag?.risk?.dim ?? (usage && SHARED_DIMS.has(usage) ? (usage as FindingDimension) : undefined);
    if (!dim) return;
    let j = i - 1;
    let joined = false;
    // Back over filler, and over the number a ranking is cut to ("top 3 categories"), to the word that groups.
    const skipped = (x: Word) =>
      (FILLER.has(x.word) || (x.num !== undefined && x.num === r.limit)) && !GROUPERS.has(x.word);
    while (j >= 0 && skipped(r.words[j]!)) {
      joined ||= JOINERS.has(r.words[j]!.word);
      j--;
    }
    const before = r.words[j];
    // "by category and severity": a dimension joined to one already grouped is grouped too (then asked back as a
    // second grouping), never dropped.
    if (before && (GROUPERS.has(before.word) || before.tag?.cue === 'rank' || (joined && grouped.has(j)))) {
      by.push(dim);
      grouped.add(i);
    }
  });
  for (const d of r.dims) if (SHARED_DIMS.has(d)) by.push(d as FindingDimension);
  const peopleRanked = r.cues.has('rank') || r.cues.has('rank_asc') || r.cues.has('list');
  if (r.cues.has('who') || (r.cues.has('users') && peopleRanked)) by.push('user');
  return [...new Set(by)];
}

function trendUnit(p: Period): FindingDimension {
  const days = (p.to.getTime() - p.from.getTime()) / 86_400_000;
  return days <= 45 ? 'day' : days <= 190 ? 'week' : 'month';
}
