import { consume } from './conditionWords';
import { allTime, findPeriod, unitBefore, type Period } from './periods';
import type { PeopleCues } from './peopleConditions';
import { PASSIVE, withoutCompare } from './queryConditions';
import type { MeasureQuery } from './querySchema';
import type { Word } from './recognise';

/**
 * Activity that is absent from a period: "who used Copilot in October but not in November" (a second period, negated)
 * and "who stopped using Copilot" (active before the period asked, not in it) — a condition on the people counted
 * (`who.quietIn`), applied by executePeopleConditions.ts.
 */

/** A second period negated: "in October but not in November", "last month and not this month". */
const NOT_THEN = /\b(?:but|and|yet)\s+(?:not|never|no longer|nothing)\b|\bnot\s+(?:in|during|since|for)\b/;
const NOT_WORDS = new Set(['not', 'never', 'no', 'longer', 'nothing']);

/**
 * Two periods, the second negated ("used Copilot in October but not in November"): the one after the negation is the
 * period without activity, taken out of the periods the question counts over. Unchanged otherwise.
 */
export function quietPeriod(
  lower: string,
  periods: Period[],
  now: Date,
  tz: string,
): { periods: Period[]; quiet?: Period } {
  const marker = NOT_THEN.exec(lower);
  if (!marker || periods.length !== 2) return { periods };
  const after = findPeriod(lower.slice(marker.index), now, tz)?.period;
  const at = periods.findIndex((p) => after && p.from.getTime() === after.from.getTime() && p.to.getTime() === after.to.getTime()); // prettier-ignore
  if (at < 0) return { periods };
  return { periods: periods.filter((_, i) => i !== at), quiet: periods[at] };
}

/** Takes the negation's words once a negated period is read. */
export function takeQuietWords(words: Word[]): void {
  words.forEach((w, i) => NOT_WORDS.has(w.raw) && !w.app && !w.department && consume(words, i));
}

const UNITS = ['week', 'month', 'quarter', 'year'] as const;
/** A month is 28 to 31 days, a quarter 90 to 92: a unit may run up to 3 days longer than the one before it. */
const SLACK_MS = 3 * 86_400_000;

/**
 * Where use that stopped in a period was before it: the calendar unit before one asked ("stopped using Copilot this
 * month": active last month; "in November": in October), else the synced history before it ("who stopped using
 * Copilot": before the last 30 days).
 */
function activeBefore(quiet: Period, now: Date, tz: string, anyTime = false): Period {
  // "since 1 November" is no calendar unit: use stopped by then was at any time before it.
  if (!anyTime && !quiet.default && !quiet.rolling && !quiet.all && !/^since\b/.test(quiet.label))
    for (const unit of UNITS) {
      const before = unitBefore(quiet, unit, now, tz);
      const span = before.to.getTime() - before.from.getTime();
      if (+before.to === +quiet.from && quiet.to.getTime() - quiet.from.getTime() <= span + SLACK_MS) return before;
    }
  return { from: allTime(now, tz).from, to: quiet.from, label: `before ${quiet.label.replace(/^since\s+/, '')}` };
}

/**
 * "Who used Copilot in October but not in November", "active this week but not last week": people counted over the
 * first period, with none in the second; "who stopped using Copilot this month": over the month before, with none in
 * it ("who stopped using Copilot": the synced history before the last 30 days). Listed by person (their figure in the
 * period they were active) unless a count is asked. Null when rows are not people.
 */
export function quietQuery(
  q: MeasureQuery,
  cues: PeopleCues,
  now: Date,
  tz: string,
): { q: MeasureQuery; quietIn: { from: Date; to: Date; label: string } } | null {
  if (q.compare || q.by.some((d) => d !== 'user')) return null;
  const quiet = cues.quiet ?? q.period;
  // "active this week but not last week" as much as "last week but not this week"; the two may overlap ("this month but
  // not this week"), but nobody is active only in a period that lies within the one without activity.
  const active: Period = cues.quiet ? q.period : activeBefore(quiet, now, tz, cues.anyTimeBefore);
  if (active.from >= active.to || (active.from >= quiet.from && active.to <= quiet.to)) return null;
  const counted = cues.counted && q.measure === 'active_users' && !q.by.length;
  const measure = PASSIVE.includes(q.measure) || q.measure === 'active_users' ? 'prompts' : q.measure;
  const { limit: _limit, ...rest } = withoutCompare(q);
  const base = counted ? { ...rest, period: active } : { ...rest, measure, by: ['user' as const], period: active, order: 'desc' as const }; // prettier-ignore
  return { q: base, quietIn: { from: quiet.from, to: quiet.to, label: quiet.label } };
}
