import type { FindingStatus } from '../../store/documents';
import type { FindingsQuery } from './querySchema';
import type { Word } from './recognise';
import { statusesOfVerb } from './triageEvents';

/** What is asked of the findings triage closed: how long they took, or who closed them. */
export type Resolution = NonNullable<FindingsQuery['triage']>;

const VERB = '(close[sd]?|closing|resolve[sd]?|resolving|fix(?:e[sd])?|fixing|remediate[sd]?|remediating|dismiss(?:e[sd])?|dismissing|triage[sd]?|triaging)'; // prettier-ignore
/** Nouns of the time it took, each read as its verb ("resolution time": to resolve). */
const NOUN_VERB: Record<string, string> = { resolution: 'resolve', remediation: 'remediate', closure: 'close', close: 'close', closing: 'close', fix: 'fix', triage: 'triage', dismissal: 'dismiss' }; // prettier-ignore
/** The statuses in the workflow's order, as the query lists them. */
const ORDER: readonly FindingStatus[] = ['open', 'investigating', 'resolved', 'dismissed', 'false_positive'];
const NOUN = '(resolution|remediation|closure|close|closing|fix|triage|dismissal)';

/** Ways of asking how long findings took to be closed; the verb or its noun is the group. */
const TIME_ASKED: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:time|days|hours)\s+(?:[\w']+\s+){0,4}?(?:to|until|till)\s+(?:we\s+)?(?:get\s+|be\s+)?${VERB}\b`),
  new RegExp(String.raw`\bhow\s+(?:long|quickly|fast|soon)\s+(?:[\w']+\s+){0,5}?${VERB}\b`),
  new RegExp(String.raw`\b${NOUN}\s+(?:times?|speed|duration)\b`),
  new RegExp(String.raw`\btime\s+to\s+${NOUN}\b`),
  /\b(mttr)\b/,
]; // prettier-ignore
/** Words of the figure itself, taken with it ("mean time to resolve", "the average time"). */
const FIGURE_WORDS = new Set(['mean', 'average', 'avg', 'median', 'typical', 'typically', 'usually', 'on']);

/** The words of the ways above taken with them; others between ("time for high findings to close") are read. */
const TAKEN = new Set(['time', 'times', 'days', 'hours', 'it', 'takes', 'take', 'took', 'taken', 'needed', 'spent', 'for', 'us', 'them', 'to', 'until', 'till', 'we', 'get', 'be', 'how', 'long', 'quickly', 'fast', 'soon', 'does', 'did', 'do', 'is', 'are', 'was', 'were', 'speed', 'duration', 'mttr', 'who', "who's", 'has', 'have', 'had', 'actually', 'really']); // prettier-ignore
/** A question about findings: who closed what is asked of them only ("who fixed the most bugs" is usage). */
const FINDINGS_NOUN = /\b(?:findings?|alerts?|incidents?|detections?|violations?)\b/;

/** Who closed them: "who resolved the most", "each analyst", "which admins closed". */
const WHO_CLOSED = new RegExp(String.raw`\bwho(?:'s|\s+has|\s+have|\s+had)?\s+(?:(?:actually|really)\s+)?${VERB}\b`);
const ANALYST =
  /\b(?:(each|every|per|by|which|what|the|our|top|an?)\s+)?(analysts?|triagers?|reviewers?|responders?|admins?|administrators?)\b/;

/**
 * "What's our mean time to resolve findings", "average time to close a high finding this month", "how long does it
 * take us to close findings", "who resolved the most findings", "how many findings did each analyst close last week":
 * the findings triage closed in the period, measured from their triage history. Tags the verb (a risk word whose
 * statuses are what triage moved the findings to) and takes the words of the figure and of who, so no usage measure,
 * average or person is read from them. Answers whether one was found.
 */
export function tagResolution(words: Word[]): boolean {
  const text = words.map((w) => w.raw).join(' ');
  const timed = TIME_ASKED.map((re) => re.exec(text)).find(Boolean);
  const who = timed ? null : (WHO_CLOSED.exec(text) ?? analystAsked(text));
  const found = timed ?? who;
  if (!found || (!FINDINGS_NOUN.test(text) && found[1] !== 'mttr')) return false;
  const said = found.slice(1).find((g) => g !== undefined)!;
  const read = statusesOfVerb(said === 'mttr' ? 'resolve' : (NOUN_VERB[said] ?? said));
  if (!read) return false;
  const triage: Resolution = timed ? 'time_to_close' : 'closed_by';
  const span = spanOf(words, found.index, found.index + found[0].length);
  const verbAt = span.find((i) => words[i]!.raw === said) ?? span[0]!;
  for (const i of span) if (TAKEN.has(words[i]!.raw) || NOUN_VERB[words[i]!.raw]) take(words, i);
  const joined = new Set([...read, ...joinedVerbs(words, verbAt)]);
  const statuses = ORDER.filter((x) => joined.has(x));
  words[verbAt] = { ...words[verbAt]!, used: true, tag: { cue: 'risk', risk: { statuses, changed: true, triage } } };
  if (timed) words.forEach((w, i) => FIGURE_WORDS.has(w.raw) && !w.used && figureWord(words, i) && take(words, i));
  else {
    const analyst = ANALYST.exec(text);
    if (analyst) for (const i of spanOf(words, analyst.index, analyst.index + analyst[0].length)) take(words, i);
  }
  return true;
}

/** "Each analyst … close", "which admins resolved": an analyst word and a triage verb in one question. */
function analystAsked(text: string): RegExpExecArray | null {
  if (!ANALYST.test(text)) return null;
  return new RegExp(String.raw`\b${VERB}\b`).exec(text);
}

/** "to dismiss or close", "resolved and closed": the statuses of triage verbs joined to the one read (taken). */
function joinedVerbs(words: Word[], at: number): FindingStatus[] {
  const joined: FindingStatus[] = [];
  for (let i = at + 1; ['or', 'and'].includes(words[i]?.raw ?? ''); i += 2) {
    const statuses = statusesOfVerb(words[i + 1]?.raw ?? '');
    if (!statuses) break;
    joined.push(...statuses);
    take(words, i);
    take(words, i + 1);
  }
  // "to dismiss or close": the verb before the one read.
  for (let i = at - 1; ['or', 'and'].includes(words[i]?.raw ?? ''); i -= 2) {
    const statuses = statusesOfVerb(words[i - 1]?.raw ?? '');
    if (!statuses) break;
    joined.push(...statuses);
    take(words, i);
    take(words, i - 1);
  }
  return joined;
}

/** "on average" is one figure word; "on" alone is not. */
function figureWord(words: Word[], i: number): boolean {
  return words[i]!.raw !== 'on' || words[i + 1]?.raw === 'average';
}

function take(words: Word[], i: number): void {
  words[i] = { ...words[i]!, used: true, tag: undefined };
}

/** The words whose text lies within [from, to) of the words joined by spaces. */
function spanOf(words: Word[], from: number, to: number): number[] {
  const at: number[] = [];
  let offset = 0;
  words.forEach((w, i) => {
    if (offset >= from && offset + w.raw.length <= to) at.push(i);
    offset += w.raw.length + 1;
  });
  return at;
}
