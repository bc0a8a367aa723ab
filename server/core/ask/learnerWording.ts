/**
 * English as learners of it write it ("How much persons have used Excel since one week?"): "since" before a length of
 * time is the rolling span ending now ("seit einer Woche", "depuis un mois": the last 7 days, the last 30 days, the
 * last 3 days), never a date; "peoples" is people. Pure text, applied with the abbreviations (abbreviations.ts), before
 * the date reader and lexicon.ts's SHORTHAND ("how much people" counts them) read the question.
 */

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11',
  twelve: '12',
}; // prettier-ignore
/** One of a unit, as the period reader names the same span ("last 7 days" is read, "last 1 weeks" reads oddly). */
const ONE_UNIT: Readonly<Record<string, string>> = {
  day: 'the last 24 hours',
  week: 'the last 7 days',
  month: 'the last 30 days',
  year: 'the last 365 days',
};
const COUNT = `(one|a|an|${Object.keys(NUMBER_WORDS).join('|')}|\\d{1,3})`;
/** "since one week", "since 3 days", "since two months already": a span up to now; "since 2 weeks ago" is a date. */
const SINCE_SPAN = new RegExp(
  `\\bsince\\s+${COUNT}\\s+(day|week|month|year)s?\\b(?!\\s+(?:ago|back|before|earlier)\\b)`,
  'gi',
);
/** "since the last 2 weeks", "since past 10 days": the span itself ("since last week" is from its start: a date). */
const SINCE_LAST = new RegExp(`\\bsince\\s+(?:the\\s+)?(?:last|past)\\s+${COUNT}\\s+(day|week|month|year)s?\\b`, 'gi');
/** "since one week ago": the date a week before now, the number as the date reader knows it. */
const SINCE_AGO = new RegExp(`\\bsince\\s+(one|a|an)\\s+(day|week|month|year)\\s+(?=ago\\b)`, 'gi');

/** The span a count of units stands for ("the last 7 days", "the last 3 weeks"). */
function lastSpan(count: string, unit: string): string {
  const n = count.toLowerCase();
  const one = n === 'one' || n === 'a' || n === 'an' || n === '1';
  return one ? ONE_UNIT[unit.toLowerCase()]! : `the last ${NUMBER_WORDS[n] ?? n} ${unit.toLowerCase()}s`;
}

export const LEARNER_WORDING: ReadonlyArray<readonly [RegExp, string | ((m: string, ...g: string[]) => string)]> = [
  [SINCE_SPAN, (_m, count: string, unit: string) => `in ${lastSpan(count, unit)}`],
  [SINCE_LAST, (_m, count: string, unit: string) => `in ${lastSpan(count, unit)}`],
  [SINCE_AGO, 'since 1 $2 '],
  // "are you able to show …": can you.
  [/\bare\s+you\s+able\s+to\b/gi, 'can you'],
  [/\bpeoples\b/gi, 'people'],
  // "more of ten prompts", "less of 5 sessions": more or fewer than a number.
  [
    /\b(more|less|fewer)\s+of\s+(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)\b)/gi,
    '$1 than ',
  ],
  // "all datas of the user": data.
  [/\bdatas\b/gi, 'data'],
];
