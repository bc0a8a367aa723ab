import { DIMENSION_LABELS } from './interpretation';
import type { Dimension, Measure } from './querySchema';
import type { Word } from './recognise';
import { takeRange } from './figureRanges';
import { measureAfter, NOUN_MEASURES, type ThresholdMeasure } from './countNouns';
import { takeWords } from './conditionWords';

/** A condition on each row's figure: "more than 3 apps", "at least 50 prompts", "only once". */
export interface Threshold {
  op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
  value: number;
  /** "between 5 and 10 prompts": with `gte`, the figure is also at most this (both bounds inclusive). */
  upTo?: number;
}

export interface FoundThreshold {
  having: Threshold;
  measure?: ThresholdMeasure;
  /** The words as typed, for "I did not understand" when the threshold cannot be applied. */
  text: string;
}

/**
 * Word sequences before the number, each with its condition. The first that matches is taken: "no more than" comes
 * before the "more than" it holds.
 */
const BEFORE: ReadonlyArray<readonly [string[], Threshold['op']]> = [
  [['no', 'more', 'than'], 'lte'],
  [['more', 'than'], 'gt'],
  [['greater', 'than'], 'gt'],
  [['higher', 'than'], 'gt'],
  [['over'], 'gt'],
  [['above'], 'gt'],
  [['exceeding'], 'gt'],
  [['at', 'least'], 'gte'],
  [['minimum', 'of'], 'gte'],
  [['fewer', 'than'], 'lt'],
  [['less', 'than'], 'lt'],
  [['lower', 'than'], 'lt'],
  [['under'], 'lt'],
  [['below'], 'lt'],
  [['at', 'most'], 'lte'],
  [['maximum', 'of'], 'lte'],
  [['exactly'], 'eq'],
  [['only'], 'eq'],
  [['just'], 'eq'],
];

/** "50 or more", "3 or fewer". */
const AFTER: ReadonlyArray<readonly [string[], Threshold['op']]> = [
  [['or', 'more'], 'gte'],
  [['or', 'over'], 'gte'],
  [['or', 'fewer'], 'lte'],
  [['or', 'less'], 'lte'],
  [['plus'], 'gte'],
];

const COUNT_WORDS: Record<string, number> = { once: 1, twice: 2, thrice: 3 };
const RATIO_AFTER = new Set(['more', 'less', 'fewer', 'as', 'higher', 'lower', 'bigger', 'larger', 'smaller', 'greater', 'over', 'than', 'the', 'that', 'faster', 'slower']); // prettier-ignore
const RATIO_BEFORE = new Set(['up', 'down', 'grew', 'grown', 'grows', 'increased', 'rose', 'risen', 'jumped', 'fell', 'dropped', 'by', 'x']); // prettier-ignore
const TIME_UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'hour', 'hours', 'year', 'years']);

const wordAt = (words: Word[], i: number) => words[i]?.word ?? '';
const matches = (words: Word[], at: number, parts: readonly string[]) =>
  at >= 0 && parts.every((p, j) => wordAt(words, at + j) === p);

/**
 * Finds one threshold in the recognised words and takes its words out of the reading (the number is then no
 * "top N", "than" no comparison, the noun no dimension of its own). Null when the question has none.
 */
export function takeThreshold(words: Word[]): FoundThreshold | null {
  const range = takeRange(words);
  if (range) return range;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const count = COUNT_WORDS[w.word];
    const value = w.num ?? count;
    if (value === undefined) continue;
    // "only 2 times", "exactly 3 times": a number of times is a count word as "twice" is.
    // "17 times 23" multiplies; "3 times more prompts", "2 times as many", "grew 3 times" are ratios, not uses.
    const times =
      w.num !== undefined &&
      ['times', 'time'].includes(wordAt(words, i + 1)) &&
      words[i + 2]?.num === undefined &&
      !RATIO_AFTER.has(wordAt(words, i + 2)) &&
      !RATIO_BEFORE.has(wordAt(words, i - 1));
    const counted = count !== undefined || times;
    const before = BEFORE.find(([parts]) => matches(words, i - parts.length, parts));
    // "3 times or more": the uses counted stand between the number and its condition.
    // "3 days or more": so do the days counted, which are then the measure.
    const unit = TIME_UNITS.has(wordAt(words, i + 1)) ? NOUN_MEASURES[wordAt(words, i + 1)] : undefined;
    const gap = ['times', 'time'].includes(wordAt(words, i + 1)) || unit ? 1 : 0;
    const after = count === undefined ? AFTER.find(([parts]) => matches(words, i + 1 + gap, parts)) : undefined;
    // "over 8 weeks" is a span of time, not a condition on a figure.
    if (count === undefined && TIME_UNITS.has(wordAt(words, i + 1)) && !after) continue;
    // "used Copilot once", "only used it twice": a count word is the condition; "once a week" is a frequency.
    const frequency = ['a', 'per', 'every', 'each'].includes(wordAt(words, i + 1 + (times ? 1 : 0)));
    if (!before && !after && (!counted || frequency)) continue;
    const op = before ? before[1] : after ? after[1] : 'eq';
    // "only 3 apps" narrows nothing unless it is a count ("only once"); "top 3 only" is no threshold either.
    if ((op === 'eq' && before && ['only', 'just'].includes(before[0][0]!) && !counted) || value > 1e9) continue;
    const start = before ? i - before[0].length : i;
    let end = after ? i + gap + after[0].length : i + (times ? 1 : 0);
    // "used Copilot at least once" is what being active means: no condition beyond it.
    const atAll = (op === 'gte' && value === 1 && counted) || (op === 'gt' && value === 0);
    // "3 days or more": the days between the number and its condition are what is counted.
    const noun = counted ? null : after && unit ? { measure: unit, end } : measureAfter(words, end);
    if (noun) end = noun.end;
    const text = takeWords(words, start, end);
    if (atAll) return null;
    return { having: { op, value }, ...(noun ? { measure: noun.measure } : {}), text };
  }
  return null;
}

const OP_WORDS: Record<Threshold['op'], string> = {
  gt: 'more than',
  gte: 'at least',
  lt: 'fewer than',
  lte: 'at most',
  eq: 'exactly',
};

/** "more than 3", "between 5 and 10", as the interpretation line and the summary say it. */
export function describeThreshold(t: Threshold): string {
  if (t.upTo !== undefined) return `between ${t.value.toLocaleString('en-US')} and ${t.upTo.toLocaleString('en-US')}`;
  return `${OP_WORDS[t.op]} ${t.value.toLocaleString('en-US')}`;
}

/** Whether a row's figure meets the condition (within both bounds of a range). */
export function meetsThreshold(value: number, t: Threshold): boolean {
  return (t.upTo === undefined || value <= t.upTo) && meetsBound(value, t);
}

function meetsBound(value: number, t: Threshold): boolean {
  switch (t.op) {
    case 'gt': return value > t.value;
    case 'gte': return value >= t.value;
    case 'lt': return value < t.value;
    case 'lte': return value <= t.value;
    case 'eq': return value === t.value;
  }
} // prettier-ignore

const PLURAL_ROWS: Record<string, string> = {
  user: 'people',
  app: 'apps',
  department: 'departments',
  source: 'data sources',
  site: 'sites',
  kind: 'kinds of source',
  day: 'days',
  week: 'weeks',
  month: 'months',
  hour: 'hours of the day',
  weekday: 'days of the week',
};

/** What a measure counts, as a noun after a number (a person's agents are the apps they used). */
function countedNoun(measure: Measure, rows: string, one: boolean): string {
  const nouns: Partial<Record<Measure, [string, string]>> = {
    prompts: ['prompt', 'prompts'],
    responses: ['response', 'responses'],
    sessions: ['session', 'sessions'],
    interactions: ['interaction', 'interactions'],
    agents: rows === 'user' ? ['app', 'apps'] : ['agent', 'agents'],
    active_users: ['active user', 'active users'],
    references: ['reference', 'references'],
  };
  const [singular, plural] = nouns[measure] ?? [measure, measure];
  return one ? singular : plural;
}

/**
 * "people with more than 3 apps": the rows kept, as the interpretation line says it; with `count`, counted
 * ("1 person with exactly 1 prompt").
 */
export function describeRowsKept(t: Threshold, measure: Measure, rows: string, count?: number): string {
  const noun = count === 1 ? (DIMENSION_LABELS[rows as Dimension] ?? rows) : (PLURAL_ROWS[rows] ?? rows);
  const kept = `${noun} with ${describeThreshold(t)} ${countedNoun(measure, rows, t.value === 1 && t.upTo === undefined)}`;
  return count === undefined ? kept : `${count.toLocaleString('en-US')} ${kept}`;
}
