import { measureQuery, type Reading } from './compose';
import { consume } from './conditionWords';
import type { NamedSourceReading } from './namedSources';
import type { AskQuery } from './querySchema';
import type { Word } from './recognise';

/**
 * "Who accessed Budget.xlsx and when", "when was it last opened and by whom", "every access to the Projects site this
 * month", "who used it, with dates": a named source's accesses asked one by one (when, who, app), not counted.
 */
const ACCESS_ASKED = new RegExp(
  [
    /\bwhen\b/,
    /\b(?:dates?|timestamps?|date\s*(?:and|&)\s*times?|what times?|which days?|times of day)\b/,
    /\b(?:every|each|all(?:\s+the)?)\s+(?:single\s+)?(?:access(?:es)?|times?|uses?|usages?|references?|openings?|hits?|instances?|occasions?)\b/,
    /\b(?:access|usage|use)\s+(?:log|history|trail|timeline|records?)\b/,
    /\b(?:history|timeline|audit trail|log)\s+of\b/,
    /\blast\s+(?:opened|accessed|used|touched|referenced|read|viewed)\b/,
  ]
    .map((re) => re.source)
    .join('|'),
);
/** "how many times", "how often": a count, whatever else is said. */
const COUNT_ASKED = /\bhow\s+(?:many|often|much)\b|\bnumber of\b|\bcount\b|\btotal\b/;
/** The words of such a request, taken once it is read (no person, department or app among them). */
const ACCESS_WORDS = new Set(
  `when whom dates date timestamps timestamp time times day days every each all single access accesses uses usage
  usages references openings opening hits instances occasions log history trail audit timeline records record last
  opened accessed touched read viewed what which of`.split(/\s+/),
);

/** Whether the question asks for a named source's accesses one by one; its words are taken when it does. */
export function takeAccessList(words: Word[], lower: string, named: NamedSourceReading): boolean {
  const source = named.source ?? named.unresolved?.options[0];
  if (!source || !ACCESS_ASKED.test(lower) || COUNT_ASKED.test(lower)) return false;
  words.forEach((w, i) => {
    if (!w.used && !w.app && !w.department && ACCESS_WORDS.has(w.raw) && !w.tag?.dimNoun) consume(words, i);
  });
  return true;
}

/** The query listing each access: references to the source, no grouping (the rows are the accesses), newest first. */
export function asAccessList(answer: AskQuery | null, r: Reading, now: Date, tz: string): AskQuery {
  const base = answer?.type === 'measure' ? answer : measureQuery(r, 'references', now, tz);
  const { limit: _limit, compare: _compare, against: _against, having: _having, ...rest } = base;
  return { ...rest, measure: 'references', by: [], order: 'desc', each: true };
}
