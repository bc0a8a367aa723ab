/**
 * "Who in my team used Copilot this week and how many prompts each?", "which apps has Chris used, and how many prompts
 * in each?", "… and the number of sessions apiece": a figure for each row the first part lists — one question, its
 * rows ranked by that measure — not a second question answered with one total.
 */
const EACH_FIGURE =
  /,?\s+and\s+(?:how\s+(?:many|much)|the\s+(?:number|count)\s+of)\s+(\p{L}+(?:\s+\p{L}+){0,2}?)\s+(?:(?:in|for|per|of)\s+)?(?:each(?:\s+(?:one|of\s+them))?|apiece)(?=[\s?.!]*$)/iu;

/**
 * "Who are the biggest Copilot users in Finance and how many sessions did they have?", "… and how many prompts they
 * sent": "they" are the rows the first part lists (only when it lists: who, which, the top …), so the same figure of
 * each.
 */
const THEIR_FIGURE =
  /,?\s+and\s+how\s+many\s+(\p{L}+(?:\s+\p{L}+){0,2}?)\s+(?:(?:did|do|have|had|were)\s+(?:they|those|these|each)(?:\s+(?:have|had|send|sent|start|started|use|used|run|make|made|get|got|create|created))?|(?:they|those|these|each)\s+(?:did|do|does|had|have|has|sent|send|sends|made|make|makes|started|start|ran|run|got|used|created))(?=[\s?.!]*$)/iu;
const LISTS = /^\s*(?:who|which|what|list|show|name|top|the\s+top)\b/i;
/** "What's the number of active users and how many prompts did they send?": a count first, so two counts, no list. */
const COUNT_FIRST =
  /^\s*(?:what(?:'s|\s+(?:is|was|are|were))|show\s+me|tell\s+me|list)\s+(?:how\s+many|(?:the\s+)?(?:number|count|total)\s+of)\b/i;

/** "who used Word yesterday and how many times?": each person's uses, counted in prompts. */
const HOW_OFTEN = /,?\s+and\s+how\s+(?:many\s+times|often)(?=[\s?.!]*$)/i;
/** "… and how many people in each": the people counted per row (active users), not a row per person. */
const PEOPLE = /^(?:people|users|persons|employees|staff|colleagues)$/i;

const asMeasure = (_m: string, measure: string) => (PEOPLE.test(measure) ? ' by number of users' : ` by ${measure}`);

/** The question with "and how many X each" written as "by X", which the reader takes as the measure of each row. */
export function eachFigureAsMeasure(text: string): string {
  const each = text.replace(EACH_FIGURE, asMeasure);
  if (each !== text || !LISTS.test(text) || COUNT_FIRST.test(text)) return each;
  return text.replace(THEIR_FIGURE, asMeasure).replace(HOW_OFTEN, ' by prompts');
}
