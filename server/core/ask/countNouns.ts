import type { Measure } from './querySchema';
import type { Word } from './recognise';

/**
 * What a condition on each row's figure counts, from the noun after its number: "more than 3 apps", "between 5 and 10
 * prompts" (thresholds.ts, figureRanges.ts).
 */

/**
 * What the threshold counts, from the noun after it ("3 apps": a person's agents). `unsupported` when the noun is
 * something no measure counts per row (active days, files per person), so the question is asked back, not answered
 * without the condition. Absent when no noun follows ("used Copilot more than 10 times").
 */
export type ThresholdMeasure = Measure | 'unsupported';

export const NOUN_MEASURES: Record<string, ThresholdMeasure> = {
  apps: 'agents',
  app: 'agents',
  applications: 'agents',
  products: 'agents',
  agents: 'agents',
  prompts: 'prompts',
  prompt: 'prompts',
  questions: 'prompts',
  requests: 'prompts',
  messages: 'prompts',
  responses: 'responses',
  answers: 'responses',
  sessions: 'sessions',
  session: 'sessions',
  conversations: 'sessions',
  chats: 'sessions',
  interactions: 'interactions',
  // "used it less than 3 times": uses, counted in prompts as "once" and "twice" are.
  times: 'prompts',
  users: 'active_users',
  user: 'active_users',
  people: 'active_users',
  employees: 'active_users',
  persons: 'active_users',
  days: 'unsupported',
  day: 'unsupported',
  weeks: 'unsupported',
  files: 'unsupported',
  documents: 'unsupported',
  sites: 'unsupported',
  hours: 'unsupported',
};

/** What the noun after word `end` counts ("3 apps", "5 active users"), with the noun's last word; null without one. */
export function measureAfter(words: Word[], end: number): { measure: ThresholdMeasure; end: number } | null {
  const noun = words[end + 1];
  // "more than 5 active users": the people active, counted.
  if (noun?.word === 'active' && NOUN_MEASURES[words[end + 2]?.word ?? ''] === 'active_users')
    return { measure: 'active_users', end: end + 2 };
  const measure = noun ? NOUN_MEASURES[noun.word] : undefined;
  return measure === undefined ? null : { measure, end: end + 1 };
}
