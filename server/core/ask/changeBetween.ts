const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const UNIT = String.raw`(?:${MONTH}|q[1-4]|(?:last|this|previous)\s+(?:week|month|quarter))`;
/** "from October to November", "between Q2 and Q3", "from last month to this month": two periods, first to second. */
const SPAN = new RegExp(String.raw`\b(?:from|between)\s+(${UNIT})\s+(?:to|and|until|till|through|into)\s+(${UNIT})\b`, 'iu'); // prettier-ignore
/** Words of a change from one period to the next: the two are compared, not read as one range. */
const CHANGE =
  /\b(?:grew|grow(?:n|th|ing|s)?|rose|ris(?:e|en|es|ing)|increas(?:e|ed|es|ing)|jump(?:ed|s)?|climb(?:ed|s)?|dropp?(?:ed|s)?|fell|fall(?:en|s)?|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|shr[ai]nk|chang(?:e|ed|es|ing)|improv(?:e|ed|es|ing))\b/iu;

/**
 * "Which app grew the most from October to November?": a change from one period to the other, October against
 * November — not October and November as one range compared with the two months before. Without a word of change
 * ("prompts from October to November") the span stays one range.
 */
export function changeBetweenAsComparison(text: string): string {
  return CHANGE.test(text) ? text.replace(SPAN, '$1 vs $2') : text;
}
