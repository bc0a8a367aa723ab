import { defaultPeriod } from './compose';
import { departmentsIn } from './contextGroups';
import type { AskQuery, MeasureQuery } from './querySchema';

/** What a department's figure is set beside: the whole tenant's, or everyone else's. */
export type Versus = NonNullable<MeasureQuery['versus']>;

/** Each side as the line and the answer name it (the whole is everyone, people without a department included). */
export const VERSUS_LABELS: Record<Versus, string> = {
  whole: 'all departments',
  rest: 'the rest of the company',
  department_rest: 'the rest of their department',
};

// "Compare Sales with the whole company": the word after the first side, once "compare" has opened the question.
const SET_BESIDE = String.raw`(?:vs\.?|versus|compare(?:s|d)?\s+(?:to|with)|against|relative\s+to|next\s+to|(?<=\bcompar(?:e|es|ing)\s.{1,60}?)(?:with|to))`;
const WHOLE_NOUN = String.raw`(?:company|org|organi[sz]ation|tenant|business|firm|enterprise)`;
/**
 * "the rest of the company", "everyone else", "all other departments", "the others"; "the rest" alone only at the end
 * ("Engineering prompts over the rest of the month" is no comparison).
 */
const REST = String.raw`(?:the\s+)?(?:rest\s+of\s+(?:the\s+|our\s+)?(?:${WHOLE_NOUN}|departments|us|everyone|staff)|rest(?=\s*[?.!]*\s*$)|everyone\s+else|everybody\s+else|(?:all\s+|every\s+)?other\s+(?:departments?|teams)|the\s+others)`;

/** "prompts per user": beside the whole, each side's figure per active user, not a list of each side's people. */
const PER_USER = /\bper\s+(?:user|person|head|employee|capita|member|active\s+user)\b/i;

/** Measures whose answer reads every licence holder whatever departments are left out: beside the whole only. */
const WHOLE_ONLY = new Set(['adoption', 'licensed_users', 'licensed_inactive', 'new_users']);
/** "the company average", "the whole company", "all departments", "the average department", "company-wide". */
const WHOLE = String.raw`(?:the\s+|our\s+)?(?:(?:whole|entire|overall)\s+)?(?:${WHOLE_NOUN}(?:[\s-]+(?:average|avg|overall|wide|as\s+a\s+whole|norm))?|(?:average|avg|typical)\s+(?:department|team)|average|norm|all\s+(?:the\s+)?departments|every\s+department|everyone|everybody)`;
/** "above or below", "better or worse than": the comparison itself, with no word of which way. */
const ABOVE_BELOW = String.raw`(?:above|below|over|under|better|worse|higher|lower|ahead\s+of|behind)(?:\s+or\s+(?:above|below|over|under|better|worse|higher|lower|behind))?(?:\s+than)?`;

/** "the rest of his department", "others in her team", "his colleagues in the department". */
const DEPARTMENT_REST = String.raw`(?:the\s+)?(?:rest\s+of|others\s+in|other\s+people\s+in|colleagues\s+in|peers\s+in|everyone\s+else\s+in)\s+(?:his|her|their|the|my)\s+(?:department|dept|team|org)`;

/** A word SET_BESIDE or ABOVE_BELOW needs ("compar" for "compared to" and "comparing … with"). */
const SETS_BESIDE =
  /\b(?:vs|versus|compar|against|relative|next|above|below|over|under|better|worse|higher|lower|ahead|behind)/i;

const PHRASES: ReadonlyArray<[RegExp, Versus]> = [
  [new RegExp(String.raw`\s*\b(?:${SET_BESIDE}|${ABOVE_BELOW})\s+${DEPARTMENT_REST}\b`, 'i'), 'department_rest'],
  [new RegExp(String.raw`\s*\b(?:${SET_BESIDE}|${ABOVE_BELOW})\s+${REST}\b`, 'i'), 'rest'],
  [new RegExp(String.raw`\s*\b(?:${SET_BESIDE}|${ABOVE_BELOW})\s+${WHOLE}\b`, 'i'), 'whole'],
];

/**
 * "Marketing adoption vs company average", "IT vs the rest of the company", "is Sales above or below the average
 * department": a department's figure set beside the whole tenant's, or the rest's. Only with a department named; the
 * phrase is taken from the question (so no person, period or second value is read from it) and said back.
 */
export function takeVersus(
  question: string,
  departments: readonly string[],
): { versus: Versus; said: string; rest: string; adoption: boolean; perUser: boolean } | null {
  // Every phrase holds one of these words: most questions hold none, and the phrases are long to try.
  if (!SETS_BESIDE.test(question)) return null;
  for (const [re, versus] of PHRASES) {
    const m = re.exec(question);
    if (!m) continue;
    // One person compared is read as people compared are (by prompts unless a measure is named), not as their profile.
    const gap = versus === 'department_rest' ? ' compared ' : ' ';
    const rest = `${question.slice(0, m.index)}${gap}${question.slice(m.index + m[0].length)}`;
    // A department is needed beside the company; one person beside their department's others (withVersus).
    // Any case ("sales vs the rest"): the reading must still hold the department for the comparison to stand (withVersus).
    if (versus !== 'department_rest' && !departmentsIn(rest, departments).length && !namedInAnyCase(rest, departments))
      return null;
    // "How does Marketing compare …", "is Sales above …": the question's opening, with nothing left to ask.
    return {
      versus,
      said: m[0].trim(),
      adoption: /\badoption\b/i.test(question),
      perUser: PER_USER.test(question),
      rest: rest.replace(/^\s*(?:how\s+(?:does|do|is|are)|is|are|does|do)\s+/i, ''),
    };
  }
  return null;
}

/** Whether a department is named in the text in any case ("sales"). */
function namedInAnyCase(text: string, departments: readonly string[]): boolean {
  return departments.some((d) => {
    const name = d
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+');
    return !!name && new RegExp(`(?<![\\p{L}\\p{N}])${name}(?![\\p{L}\\p{N}])`, 'iu').test(text);
  });
}

/**
 * The measure query with the named departments' figure set beside the whole's or the rest's. A reading it cannot
 * apply to (no department kept, grouped by department, another comparison) is asked back with the words, never
 * answered without them.
 */
export function withVersus(
  read: AskQuery,
  taken: { versus: Versus; said: string; adoption: boolean; perUser?: boolean } | null,
  now: Date,
  tz: string,
): AskQuery {
  if (!taken || read.type === 'reply') return read;
  const person = taken.versus === 'department_rest' ? personMeasure(read, now, tz) : read;
  // "Sales vs the company on prompts per user": each side's prompts per active user.
  const perUser = taken.perUser && person.type === 'measure' && person.by.length === 1 && person.by[0] === 'user';
  const q: AskQuery = perUser ? { ...person, by: [], perPerson: true, order: 'desc' } : person;
  const applies =
    q.type === 'measure' &&
    (taken.versus === 'department_rest'
      ? q.filters.people.length === 1 && !q.filters.departments.length
      : q.filters.departments.length > 0 && !q.filters.people.length) &&
    !q.by.includes('department') &&
    !q.compare &&
    !q.share &&
    !q.also?.length;
  // "Marketing adoption vs the company": the share of licence holders active on each side, not their counts.
  const measure = taken.adoption && q.type === 'measure' && q.measure === 'active_users' ? 'adoption' : undefined;
  // The rest is the whole with the department left out: only measures whose answer leaves out excluded departments
  // (adoption and the licence counts read every holder) can give it, never the whole again under its name.
  const restCounted = taken.versus !== 'rest' || !WHOLE_ONLY.has(measure ?? (q.type === 'measure' ? q.measure : ''));
  if (applies && restCounted) return { ...q, ...(measure ? { measure } : {}), versus: taken.versus };
  return { type: 'reply', reply: 'rephrase', notUnderstood: [taken.said.slice(0, 60)], suggestions: [], people: [], choices: [] }; // prettier-ignore
}

/**
 * "How does Diego compare …", "Diego's sessions vs …": one person's profile or list, as a figure to compare — the
 * prompts or sessions named, else their use (interactions) as for any figure with no measure named; over the period
 * asked or the measure's default.
 */
function personMeasure(q: AskQuery, now: Date, tz: string): AskQuery {
  if (q.type !== 'list') return q;
  const measure = q.list === 'sessions' ? 'sessions' : q.list === 'prompts' ? 'prompts' : 'interactions';
  return {
    type: 'measure',
    measure,
    by: [],
    filters: { apps: q.apps, departments: [], people: [q.person] },
    period: q.period ?? defaultPeriod(measure, now, tz),
    order: 'natural',
    ...(q.context ? { context: q.context } : {}),
    ...(q.spelled ? { spelled: q.spelled } : {}),
  };
}
