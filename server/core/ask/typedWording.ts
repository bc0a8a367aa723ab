import { joinSpacedRanges } from './figureRanges';

/**
 * The question as typed, made plain before any reader sees it: a dash between two numbers written as the hyphen every
 * reader of ranges takes (figureRanges.ts); "since before the 20th" read as "since the 20th" (who has not used
 * Copilot since a day: their last use was before it).
 */
export function plainTyped(text: string): string {
  return (
    joinSpacedRanges(text)
      .replace(/\bsince\s+before\b/gi, 'since')
      // "which apps does Pradeep use? break it down by prompts": the breakdown asked of the question before it.
      .replace(BREAK_IT_DOWN, ' by ')
  );
}

/** A sentence after a question that only says how to break it down ("… ? break it down by prompts"). */
const BREAK_IT_DOWN =
  /\s*\?\s*(?:and\s+)?(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:break|split|sort|rank|order)\s+(?:it|that|this|them|these)\s+(?:down\s+|out\s+)?by\s+/gi;
