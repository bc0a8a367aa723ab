/**
 * "People whose last Copilot use was more than 2 weeks ago", "last seen over a month ago", "whose last use was before
 * 1 November": a last use before a point in time is use before it and none after it — what "who stopped using Copilot
 * in the last 2 weeks" (since 1 November) asks, a condition on the people counted (quietConditions.ts). The words are
 * written as that question before the period is read, so "2 weeks ago" is no day two weeks back. "Who hasn't used
 * Copilot since October" stays the idle licences' question (licence holders without activity, each one's last use).
 */

const NUMBER_WORDS: Record<string, string> = {
  a: '1',
  an: '1',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  twelve: '12',
};
const N = String.raw`(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)`;
const UNIT = String.raw`(days?|weeks?|months?|fortnights?)`;
const MORE_THAN = String.raw`(?:more\s+than|over|longer\s+than|at\s+least|>)?\s*`;
/** What a last use is called: "last use", "last Copilot activity", "most recent Excel prompt", "last login". */
const LAST_USE = String.raw`(?:last|latest|most\s+recent)\s+(?:([\p{L}-]+)\s+)?(?:use|usage|activity|interaction|prompt|session|login|sign[-\s]?in)(?:\s+(?:of|with|in|on)\s+([\p{L}-]+))?`;
/** "whose last use was more than 2 weeks ago", "with their last activity over a month ago". */
const WHOSE_LAST_AGO = new RegExp(
  String.raw`\b(?:whose|with\s+(?:their|a|the))\s+${LAST_USE}\s+(?:was\s+|is\s+|being\s+)?${MORE_THAN}${N}\s+${UNIT}\s+ago\b`,
  'giu',
);
/** "last used Copilot more than 10 days ago", "was last active over 2 weeks ago", "last seen more than 30 days ago". */
const LAST_VERB_AGO = new RegExp(
  String.raw`\b(?:(?:was|were|is|are)\s+)?last\s+(?:used\s+(?:(?!(?:over|more|at|longer|than|around|about)\b)([\p{L}-]+)\s+)?|active\s+(?:(?:in|on)\s+([\p{L}-]+)\s+)?|seen\s+)${MORE_THAN}${N}\s+${UNIT}\s+ago\b`,
  'giu',
);
/** "whose last use was before 1 November". */
const WHOSE_LAST_BEFORE = new RegExp(
  String.raw`\b(?:whose|with\s+(?:their|a|the))\s+${LAST_USE}\s+(?:was\s+|is\s+)?(?:before|earlier\s+than|prior\s+to)\b`,
  'giu',
);
/** The app (or Copilot) a last use was of: a word that is no pronoun or article, else Copilot. */
const usedIn = (word: string | undefined) =>
  !word || /^(?:it|them|their|his|her|the|a|copilot|ms|m365)$/i.test(word) ? 'copilot' : word;
const numberOf = (n: string) => NUMBER_WORDS[n.toLowerCase()] ?? n;
/** "a fortnight" is two weeks, said in the units the period reader knows. */
const spanOf = (n: string, unit: string) =>
  /^fortnight/i.test(unit) ? `${2 * Number(numberOf(n))} weeks` : `${numberOf(n)} ${unit}`;

/** The question with a last use before a point written as use that stopped there; unchanged otherwise. */
export function lastUseAsStopped(text: string): string {
  return text
    .replace(
      WHOSE_LAST_AGO,
      (_m, kind: string | undefined, of: string | undefined, n: string, unit: string) =>
        `who stopped using ${usedIn(of ?? kind)} in the last ${spanOf(n, unit)}`,
    )
    .replace(
      LAST_VERB_AGO,
      // "last seen more than 30 days ago" alone asks who.
      (_m, used: string | undefined, active: string | undefined, n: string, unit: string, at: number) =>
        `${at === 0 ? 'who ' : ''}stopped using ${usedIn(used ?? active)} in the last ${spanOf(n, unit)}`,
    )
    .replace(
      WHOSE_LAST_BEFORE,
      (_m, kind: string | undefined, of: string | undefined) => `who stopped using ${usedIn(of ?? kind)} since`,
    );
}
