/**
 * "Who in my team used Copilot this week and how many prompts each?", "which apps has Chris used, and how many prompts
 * in each?", "… and the number of sessions apiece": a figure for each row the first part lists — one question, its
 * rows ranked by that measure — not a second question answered with one total.
 */
const EACH_FIGURE =
  /,?\s+and\s+(?:how\s+(?:many|much)|the\s+(?:number|count)\s+of)\s+(\p{L}+(?:\s+\p{L}+){0,2}?)\s+(?:(?:in|for|per|of)\s+)?(?:each(?:\s+(?:one|of\s+them))?|apiece)(?=[\s?.!]*$)/iu;

/** The question with "and how many X each" written as "by X", which the reader takes as the measure of each row. */
export function eachFigureAsMeasure(text: string): string {
  return text.replace(EACH_FIGURE, ' by $1');
}
