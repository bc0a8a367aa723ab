import type { Measure } from './querySchema';
import type { Word } from './recognise';

/** Measures that divide one by another over the same filters ("prompts per session", "responses per prompt"). */
export const RATIO_MEASURES = ['prompts', 'responses', 'sessions', 'interactions'] as const;
export type RatioMeasure = (typeof RATIO_MEASURES)[number];

/** What one of the denominator is called ("per session"). */
export const RATIO_UNITS: Record<RatioMeasure, string> = {
  prompts: 'prompt',
  responses: 'response',
  sessions: 'session',
  interactions: 'interaction',
};

const isRatioMeasure = (m: string | undefined): m is RatioMeasure => RATIO_MEASURES.includes(m as RatioMeasure);

/**
 * Two measures asked as one over the other: the first named, "per" (or "for each", "/"), then the second ("average
 * prompts per session", "responses/prompt"). Null when the two measures are not joined so ("prompts and sessions").
 */
export function ratioOf(
  words: readonly Word[],
  counted: readonly Measure[],
): { of: RatioMeasure; per: RatioMeasure } | null {
  if (counted.length !== 2 || !counted.every(isRatioMeasure)) return null;
  const at = words.findIndex((w) => isRatioMeasure(w.tag?.measure));
  const of = words[at]?.tag?.measure;
  const rest = words.slice(at + 1);
  const next = rest.findIndex((w) => isRatioMeasure(w.tag?.measure) && w.tag?.measure !== of);
  const per = rest[next]?.tag?.measure;
  if (!isRatioMeasure(of) || !isRatioMeasure(per) || next < 0) return null;
  const between = rest.slice(0, next).map((w) => w.raw);
  const joined = between.includes('per') || (between.at(-2) === 'for' && between.at(-1) === 'each');
  return joined ? { of, per } : null;
}

/** A measure query read as its measure over `per`: not also over its people ("average" is the ratio's). */
export function withRatio<Q extends { perPerson?: boolean; perLicensed?: boolean }>(
  q: Q,
  per: RatioMeasure,
): Q & { per: RatioMeasure } {
  return { ...q, perPerson: undefined, perLicensed: undefined, per };
}
