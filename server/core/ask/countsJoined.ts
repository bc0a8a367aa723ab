import type { AskQuery, Filters, MeasureQuery } from './querySchema';
import { combinable } from './severalMeasures';

/**
 * "How many users were active and how many sessions did they have?", "how many people used Copilot last week, and how
 * many prompts did they send": two counts asked one after the other, each its own clause. Each clause is read on its
 * own and the two answered together (severalMeasures.ts) over the period and filters either names — never the second
 * alone with the first dropped.
 */

/** A count asked: "how many", "the number of", "count of", "total". */
const COUNT = String.raw`(?:how\s+many|(?:the\s+)?(?:number|count|total)\s+of|total)`;
/** A period said before the first count ("in the last 48 hours how many prompts … and how many people"): both's. */
const PERIOD_LEAD = String.raw`(?:(?:in|over|during|for)\s+(?:the\s+)?(?:last|past|previous|this)\s+(?:\d{1,3}\s+)?[a-z]+,?\s+)?`;
/** Words before the first count that ask for it ("what's the number of …", "tell me how many …"). */
const LEAD = String.raw`(?:(?:what(?:'s|\s+is|\s+was|\s+are|\s+were)|tell\s+me|give\s+me|show\s+me|please|pls)\s+)?(?:(?:roughly|approximately|approx|about|around|ballpark|quickly|just)\s+)?`;
/**
 * The first clause starts with a count; the second follows "and" (after a comma or not) with a count of its own, not of
 * a part of the first ("and how many of them used Teams" counts some of those people: a question of its own).
 */
const TWO_COUNTS = new RegExp(String.raw`^(\s*${PERIOD_LEAD}${LEAD}${COUNT}\s+\S.*?)\s*,?\s+(?:and|plus)\s+(?:also\s+)?(?:(?:by|from)\s+)?(${COUNT}\s+(?!(?:of\s+)?(?:them|those|these)\b)\S.*)$`, 'iu'); // prettier-ignore

/** The two clauses of a message that asks two counts, or null when it does not. */
export function twoCounts(text: string): [string, string] | null {
  const m = TWO_COUNTS.exec(text.trim());
  return m ? [m[1]!, m[2]!] : null;
}

/**
 * "How many users were active last week and how many of them used Teams": a second count of a part of the first's
 * rows. The part is read as the first clause with the second's words after it ("… active last week used Teams").
 */
const COUNT_AND_PART = new RegExp(String.raw`^(\s*${LEAD}${COUNT}\s+\S.*?)\s*,?\s+(?:and|plus)\s+(?:also\s+)?(how\s+many\s+(?:of\s+)?(?:them|those|these)\b(?:\s+(?:people|users))?\s+(\S.*))$`, 'iu'); // prettier-ignore

/**
 * A message that asks a count and a part of it: the whole's clause, the part read as that clause with the second's
 * words after it, and the second question as asked; null when it does not.
 */
export function countAndPart(text: string): { whole: string; part: string; asked: string } | null {
  const m = COUNT_AND_PART.exec(text.trim());
  return m ? { whole: m[1]!, part: `${m[1]!} ${m[3]!}`, asked: m[2]! } : null;
}

/**
 * What both clauses share: equal, or named in the first only ("they" are the people it counts); with `later`, named in
 * the second only too (a period at the end of the message is both's).
 */
function shared<T>(a: T, b: T, empty: (x: T) => boolean, same: (x: T, y: T) => boolean, later = false): T | undefined {
  if (empty(b) || same(a, b)) return a;
  return later && empty(a) ? b : undefined;
}

const sameJson = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
const noFilter = (f: Filters) => Object.values(f).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));

/** Plain counts only: a ranking, comparison, condition or ratio in either clause is no list of measures. */
const plain = (q: MeasureQuery) =>
  !q.compare && !q.having && !q.who && !q.per && !q.perPerson && !q.mean && !q.share && !q.also && !q.distinct;

/**
 * The two clauses' readings as one question of two measures, or null when they are not two plain counts over the same
 * rows, period and filters. A period named in one clause only is both's; a filter or grouping named in the first only
 * is the second's too, but one named in the second only would narrow a count the first asked of everyone.
 */
export function joinCounts(first: AskQuery, second: AskQuery): MeasureQuery | null {
  if (first.type !== 'measure' || second.type !== 'measure' || !plain(first) || !plain(second)) return null;
  if (first.measure === second.measure || !combinable([first.measure, second.measure])) return null;
  const by = shared(first.by, second.by, (b) => !b.length, sameJson);
  const filters = shared(first.filters, second.filters, noFilter, sameJson);
  const period = shared(first.period, second.period, (p) => !!p.default, sameJson, true);
  if (!by || !filters || !period || first.limit !== undefined || second.limit !== undefined) return null;
  // The slips read past and the words set aside in either clause are said once.
  const aside = [...new Set([...(first.aside ?? []), ...(second.aside ?? [])])].slice(0, 6);
  const spelled = [...(first.spelled ?? []), ...(second.spelled ?? [])].slice(0, 8);
  const notes = { ...(aside.length ? { aside } : {}), ...(spelled.length ? { spelled } : {}) };
  return { ...first, by, filters, period, also: [second.measure], ...notes };
}

/** The values of one filter named in the part and not in the whole, when that is the only difference between them. */
function partFilter(whole: Filters, part: Filters): 'app' | 'department' | null {
  const { apps: a, departments: d, ...rest } = part;
  const { apps: wa, departments: wd, ...wholeRest } = whole;
  if (!sameJson(rest, wholeRest)) return null;
  const added = (w: string[] | undefined, p: string[] | undefined) => !w?.length && !!p?.length;
  const same = (w: string[] | undefined, p: string[] | undefined) => sameJson(w ?? [], p ?? []);
  if (added(wa, a) && same(wd, d)) return 'app';
  if (added(wd, d) && same(wa, a)) return 'department';
  return null;
}

/**
 * The whole count and its part as one answer: the part's figure beside the whole's and its share of it (executeShare),
 * or null when the part is not the same count narrowed to apps or departments the whole did not name.
 */
export function joinPart(whole: AskQuery, part: AskQuery): MeasureQuery | null {
  if (whole.type !== 'measure' || part.type !== 'measure' || !plain(whole) || !plain(part)) return null;
  if (whole.measure !== part.measure || whole.by.length || part.by.length || !sameJson(whole.period, part.period))
    return null;
  if (whole.limit !== undefined || part.limit !== undefined) return null;
  const of = partFilter(whole.filters, part.filters);
  return of ? { ...part, share: true, shareOf: of } : null;
}
