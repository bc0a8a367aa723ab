/**
 * Abbreviations and chat filler admins type ("how many resp. in outlook last wk", "usage by dept. for last qtr",
 * "no. of prompts", "top users e.g. this quarter pls"), read as the words they stand for — or, for filler, as
 * nothing — before anything else reads the question: the date reader included, which knows "last quarter" but not
 * "last qtr". Pure text, applied as the question is cleaned (text.ts), before lexicon.ts's SHORTHAND.
 */

import { LEARNER_WORDING } from './learnerWording';

/**
 * "mo" is a month only after a unit's lead ("last mo", "3 mos"), never a name standing alone. The lead is looked for
 * behind the word once it is found, not before every character of the question (a lookbehind first is tried at each).
 */
const afterUnitLead = (word: string) =>
  new RegExp(String.raw`\b${word}\b(?<=\b(?:this|last|past|prev|previous|prior|next|per|a|each|every|\d{1,3})\s*${word})\.?`, 'gi'); // prettier-ignore
/** Words before "r" standing for "are" ("how r we doing"), looked for behind it (see `afterUnitLead`). */
const ASKING_R = String.raw`\b(?:how|what|who|where|which|why|when|there|these|those|we|they|you|people|users|ppl)`;

export const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  // Filler: "e.g.", "i.e.", "etc.", "pls", "plz", "thx", "asap", "fyi" carry no meaning in a question.
  [/(?<![\p{L}\p{N}])(?:e\.\s?g|i\.\s?e)\b\.?,?/giu, ' '],
  [/\b(?:etc|pls|plz|thx|thnx|asap|fyi)\b\.?,?/gi, ' '],
  // Chat asides ("lol", "btw", "tbh", "imo", "haha") say nothing of what is asked, and are never a name.
  [/\b(?:lol|lmao|rofl|btw|tbh|imo|imho|idk|tia|ty|ha(?:ha)+|he(?:he)+|hm+)\b[.!,]*/gi, ' '],
  // Chat spellings: "u", "ur", "tdy", "2day", "tmrw", "thru", "abt", "b4".
  [/\bu\b(?!\.)/gi, 'you'],
  [/\bur\b/gi, 'your'],
  // "how r we doing", "what r the top apps", "r there any …": "are", only where a verb stands (never a name's initial).
  [new RegExp(String.raw`\br\b(?<=${ASKING_R}\s+r)(?![.&'’-])`, 'gi'), 'are'],
  // "which apps r most used": after a plural noun typed in lower case (never a name's initial: "James R Smith").
  // Only before what follows "are" ("apps r most used", "users r still active"): "james r smith" keeps its initial.
  [/\br\b(?<=\b\p{Ll}{2,}s\s+r)(?=\s+(?:most|more|less|the|used|using|active|inactive|top|there|in|on|not|still|being|doing|getting|any|all|busiest|highest|lowest|least|biggest|popular|growing|falling|up|down)\b)/gu, 'are'], // prettier-ignore
  [/^(\s*)r(?=\s+(?:we|you|they|there|these|those|any|all|people|users|ppl|the|our|my|most|more)\b)/gi, '$1are'],
  [/\b(?:tdy|2day|tday)\b/gi, 'today'],
  [/\b(?:tmrw|tmr|2moro|tomoz)\b/gi, 'tomorrow'],
  [/\bthru\b/gi, 'through'],
  [/\babt\b/gi, 'about'],
  [/\bb4\b/gi, 'before'],
  // "w/o Teams", "w/ Word": without, with.
  [/(?<![\p{L}\p{N}])w\/o\b\.?/giu, 'without'],
  [/(?<![\p{L}\p{N}])b\/w\b\.?/giu, 'between'],
  [/(?<![\p{L}\p{N}])w\/(?=\s|\p{L})/giu, 'with '],
  // "no. of prompts", "num of users", "qty": a count.
  [/\bno\.\s*(?=of\b)/gi, 'number '],
  [/\b(?:num|nbr|qty)\b\.?/gi, 'number'],
  // Measures and people.
  [/\bresps?\b\.?/gi, 'responses'],
  [/\bmsgs?\b\.?/gi, 'messages'],
  [/\bconvos?\b\.?/gi, 'conversations'],
  [/\busrs?\b\.?/gi, 'users'],
  [/\bdepts\b\.?/gi, 'departments'],
  [/\bdept\b\.?/gi, 'department'],
  [/\bmgrs\b\.?/gi, 'managers'],
  [/\bmgr\b\.?/gi, 'manager'],
  // Periods: "last qtr", "qtd", "prev month", "last yr", "past 2 mos".
  // "Nov '26", "Q3 ’25": the year in full.
  [/\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|q[1-4])\s+['’](\d{2})\b/gi, '$1 20$2'],
  [/\b(?:quarter to date|qtd)\b/gi, 'this quarter'],
  [/\bqtrs\b\.?/gi, 'quarters'],
  [/\bqtr\b\.?/gi, 'quarter'],
  [/\byrs\b\.?/gi, 'years'],
  [/\byr\b\.?/gi, 'year'],
  [/\bprev\b\.?/gi, 'previous'],
  // Groupings by time written as adverbs: "month-by-month", "week-on-week", "on a daily basis", "MoM", "WoW", "m/m".
  // Not a period's unit before a grouping by it ("the last 6 months by month", "this week by day").
  [/\b(day|week|month)(?<!\b(?:\d+|last|past|this|next|previous|prior)\s+(?:day|week|month))[- ](?:by|on|over|to)[- ]\1s?\b/gi, 'by $1'], // prettier-ignore
  [/\bon\s+a\s+(daily|weekly|monthly)\s+basis\b/gi, '$1'],
  [/\b(?:MoM|MOM|M\/M)\b/g, 'by month'],
  [/\b(?:WoW|WOW|W\/W)\b/g, 'by week'],
  [/\b(?:DoD|D\/D)\b/g, 'by day'],
  [afterUnitLead('mos'), 'months'],
  [afterUnitLead('mo'), 'month'],
];

/** The question with its abbreviations spelled out and its filler left out, and learners' wording as natives say it. */
export function spellAbbreviations(text: string): string {
  const spelled = ABBREVIATIONS.reduce((out, [re, by]) => out.replace(re, by), text);
  return LEARNER_WORDING.reduce((out, [re, by]) => out.replace(re, by as string), spelled);
}
