import type { AskQuery } from './querySchema';

/**
 * A count asked with its people in one message ("Any Copilot activity in Loop last week? Who?", "how many used Forms
 * in November and which ones", "Is anyone in Legal using it? names pls"): the follow-up part inherits the first part's
 * filters and period, and the answer lists every person with how many there are and the first part's total.
 */

/**
 * The names asked after a first question, at the end of the message: after punctuation or "and", a "who", "which
 * ones", "names", "list them"; "if so" and "pls" around it change nothing.
 */
const NAMES_PART =
  /(?:[?.!;,:–-]\s*(?:(?:and|also|plus)\s+)?|\s+(?:and|also|plus)\s+)(?:if\s+(?:so|yes)\s*,?\s*)?(?:who(?:\s+(?:was|were|is|are)\s+(?:it|they|that|those|them))?(?:\s+exactly)?|which\s+(?:ones?|people|persons|users|ppl|of\s+them)|(?:their|the|any|with)\s+names?|names?|list\s+them|name\s+them)\s*(?:pls|please|plz|thx|thanks)?\s*[?.!]*\s*$/iu;

/** The message without its names part, or null when it has none (or nothing before it). */
export function withoutNamesPart(text: string): string | null {
  const m = NAMES_PART.exec(text);
  if (!m) return null;
  const first = text.slice(0, m.index).trim();
  return /\p{L}/u.test(first) ? first : null;
}

/** Measures whose count over people has each person's own figure beside their name. */
const COUNTED = new Set(['prompts', 'responses', 'sessions', 'interactions']);

/**
 * The first part's query with its people listed, or null when it has no people to list (a findings count, a
 * comparison): then the first part is answered and the names part said to be unanswered, as before.
 */
export function withNames(q: AskQuery): AskQuery | null {
  if (q.type !== 'measure' || q.compare || q.also?.length || q.per || q.perPerson || q.mean || q.share) return null;
  // Licence holders and first-time users are listed by name already.
  if (['new_users', 'licensed_inactive'].includes(q.measure)) return q;
  if (q.by.length === 1 && q.by[0] === 'user') return { ...q, namesToo: true };
  if (q.by.length > 0 || q.filters.people.length > 0) return null;
  // Active people are listed by their prompts, as "who used …" is.
  const measure = q.measure === 'active_users' ? 'prompts' : q.measure;
  if (!COUNTED.has(measure)) return null;
  const { limit: _limit, ...rest } = q;
  return { ...rest, measure, by: ['user'], order: 'desc', namesToo: true };
}
