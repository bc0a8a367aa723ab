import type { ReplyQuery } from './querySchema';

/**
 * Outcomes the product does not measure: it reads Copilot's activity (who used it, where, how often), not what the
 * use achieved. "How many hours did Copilot save the Finance team?" is declined with what can be asked instead,
 * never answered as a figure by hour of day.
 */
const OUTCOMES: readonly [label: string, pattern: RegExp][] = [
  [
    'time saved',
    /\b(?:hours?|time|minutes|days)\b(?:\s+\S+){0,5}?\s+(?:sav(?:e|ed|es|ing|ings)|freed|gained)\b|\bsav(?:e|ed|es|ing)\b(?:\s+\S+){0,5}?\s+(?:hours?|time|minutes)\b|\btime[- ]savings?\b/,
  ],
  ['productivity', /\bproductiv(?:e|ity)\b|\befficiency\b/],
  ['return on investment', /\broi\b|\breturn on (?:the |our )?investment\b|\bworth (?:it|the money)\b/],
  ['satisfaction', /\bsatisf(?:ied|action|y)\b|\bsentiment\b|\bnps\b|\bhappy with\b/],
  [
    'accuracy',
    /\baccura(?:te|cy)\b|\bhallucinat\w*|\b(?:quality|correctness) of (?:its |the |copilot'?s? )?(?:answers|responses)\b/,
  ],
];

const INSTEAD = [
  'Prompts by department last month',
  'Active users by app in the last 30 days',
  'Adoption rate last 30 days',
  'Licensed users without Copilot activity',
];

/** The decline of a question about an outcome the product does not measure, or null when it names none. */
export function outcomeReply(lower: string): ReplyQuery | null {
  const named = OUTCOMES.filter(([, pattern]) => pattern.test(lower)).map(([label]) => label);
  if (named.length === 0) return null;
  return {
    type: 'reply',
    reply: 'scope',
    text: 'outcomes',
    understood: named.join(', '),
    notUnderstood: [],
    suggestions: INSTEAD,
    people: [],
    choices: [],
  };
}

/** What the decline says: the outcome asked is not measured, and what is. */
export function outcomeSummary(named: string | undefined): string {
  return `Copilot Observatory does not measure ${named ?? 'outcomes'}: it reads how Copilot is used (who used it, in which apps and departments, how often, what it drew on) and who holds a licence, not time saved, productivity, return on investment, satisfaction or the accuracy of answers. What it can show instead:`;
}
