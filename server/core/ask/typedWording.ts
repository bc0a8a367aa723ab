import { joinSpacedRanges } from './figureRanges';

/**
 * The question as typed, made plain before any reader sees it: a dash between two numbers written as the hyphen every
 * reader of ranges takes (figureRanges.ts); "since before the 20th" read as "since the 20th" (who has not used
 * Copilot since a day: their last use was before it).
 */
export function plainTyped(text: string): string {
  return joinSpacedRanges(text).replace(/\bsince\s+before\b/gi, 'since');
}
