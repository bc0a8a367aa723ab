import { describeDays } from './periods';
import type { FindingsQuery } from './querySchema';

/** How long ago a finding was detected, or last moved in triage, at the least ("older than a week"). */
export type FindingAge = NonNullable<FindingsQuery['age']>;

const NUMBER = String.raw`(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|ninety|a\s+couple\s+of)`;
const UNIT = String.raw`(days?|weeks?|months?)`;
const MORE = String.raw`(?:more\s+than|over|at\s+least|longer\s+than|beyond|past|in\s+excess\s+of)\s+`;
const AT_LEAST = `(?:${MORE})?`;
const SPAN = String.raw`${AT_LEAST}(?:the\s+last\s+)?${NUMBER}\+?\s+${UNIT}`;
/** Words of a finding's state before its age ("open for more than 2 weeks", "still open after 30 days"). */
const STATE = String.raw`(?:open|opened|unresolved|outstanding|pending|untriaged|sitting|sat|unactioned|investigating|investigation|been)`;

/** Each way of saying an age, and what it is counted from. */
const AGES: ReadonlyArray<[RegExp, FindingAge['since']]> = [
  [new RegExp(String.raw`\b(?:older\s+than|aged\s+(?:over|more\s+than))\s+${NUMBER}\s+${UNIT}(?:\s+old)?`, 'i'), 'detected'],
  [new RegExp(String.raw`(?<=\b${STATE}\s+)(?:for\s+${SPAN}|after\s+${SPAN}|${MORE}${NUMBER}\+?\s+${UNIT})(?:\s+or\s+(?:more|longer))?`, 'i'), 'detected'],
  [new RegExp(String.raw`\b${AT_LEAST}${NUMBER}\+?\s+${UNIT}\s+old\b`, 'i'), 'detected'],
  [
    new RegExp(
      String.raw`\b(?:(?:not|never)\s+(?:been\s+)?(?:touched|updated|triaged|reviewed|actioned|looked\s+at|worked\s+on)|untouched|no\s+updates?|not\s+moved)\s+(?:for|in)\s+${SPAN}`,
      'i',
    ),
    'changed',
  ],
]; // prettier-ignore

const WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fourteen: 14, thirty: 30, ninety: 90 }; // prettier-ignore
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30 };

/**
 * An age asked of findings ("unresolved findings older than a week", "open findings not touched for 14 days",
 * "findings still open after 30 days"): the days, the cut-off before `now` and what it counts from, with the text
 * blanked so that no period or grouping is read from it ("for 14 days" is no period, "a week" no weekly series).
 */
export function takeFindingAge(text: string, now: Date): { age: FindingAge; rest: string; said: string } | null {
  for (const [re, since] of AGES) {
    const m = re.exec(text);
    if (!m) continue;
    const [amount, unit] = m.slice(1).filter((g) => g !== undefined) as [string, string];
    const n = /^\d/.test(amount) ? Number(amount) : /couple/i.test(amount) ? 2 : WORDS[amount.toLowerCase()]!;
    const days = n * UNIT_DAYS[unit.toLowerCase().replace(/s$/, '')]!;
    if (days < 1 || days > 3650) return null;
    const rest = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
    return { age: { days, since, before: new Date(now.getTime() - days * 86_400_000) }, rest, said: m[0].trim() };
  }
  return null;
}

/** The findings of an age are the unresolved ones (open or under investigation) unless a status is named. */
export function withAge(q: FindingsQuery, age: FindingAge | undefined): FindingsQuery {
  if (!age) return q;
  return { ...q, age, statuses: q.statuses.length ? q.statuses : ['open', 'investigating'] };
}

/** The age as the interpretation line says it. */
export function describeAge(age: FindingAge, tz: string): string {
  const day = describeDays({ from: age.before, to: new Date(age.before.getTime() + 1), label: '' }, tz);
  return age.since === 'detected'
    ? `detected more than ${age.days} days ago (before ${day})`
    : `status unchanged for more than ${age.days} days (since before ${day})`;
}
