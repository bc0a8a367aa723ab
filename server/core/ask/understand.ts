import { ratioOf, withRatio } from './ratio';
import { readOverview } from './overview';
import { resolveUser } from '../insights/questions/resolveUser';
import { derivedFrom, type NameDirectory, type NamedPerson } from '../insights/questions/nameDirectory';
import { parseCommand, type BotCommand } from './commands';
import { listQuery, measureOf, measureQuery, read, type Reading } from './compose';
import { personDepartmentQuery } from './personDepartment';
import { APP_WORDS, CHANGE_VERBS, FILLER, SHORTHAND, WORDS, type Cue } from './lexicon';
import { allTime, findPeriod, sameDaysEarlier, unitBefore, type Period } from './periods';
import { takeUnitBefore } from './unitBefore';
import { eachFigureAsMeasure } from './eachFigure';
import { changeBetweenAsComparison } from './changeBetween';
import type { AskQuery, Clock, Measure, Person, ReplyQuery } from './querySchema';
import { takeClock, weekendsWithin } from './clockFilters';
import { DICTIONARY, correctedWords, knownWord, numberWord, recognise, tokenize, type Word } from './recognise';
import { correctTypos, type Spelling } from './typos';
import { askFor, suggestionsFor } from './suggestions';
import { combinable, filesCounted, inAskedOrder, usersCounted, usersListed } from './severalMeasures';
import { MAX_QUESTION_CHARS, cleanQuestion, editDistance, spellMonths } from './text';
import { describeQuery } from './interpretation';
import { findingsQueryOf } from './composeFindings';
import { takeFindingAge, withAge, type FindingAge } from './findingAge';
import { RISK_WORDS, recogniseRisk } from './riskLexicon';
import { takeThreshold, type FoundThreshold } from './thresholds';
import { FIGURE_RANGE } from './figureRanges';
import { plainTyped } from './typedWording';
import { NEGATION_WORDS, takeExclusions } from './negation';
import { CALENDAR_WORDS } from './calendarWords';
import { HISTORY_START } from './historyStart';
import { NEVER_NAMES, isPersonName, readsAsFullName } from './personNames';
import { ASKS, SECOND_QUESTION, questionInContext, splitClauses } from './contextClauses';
import { departmentsIn } from './contextGroups';
import { takeDistinct, type DistinctOf } from './distinctSources';
import type { HolderCount } from './executeHolders';
import {
  hypotheticalWord,
  otherMeasureCondition,
  peopleText,
  takePeopleCues,
  withPeopleCues,
} from './peopleConditions';
import type { SourceCatalog } from '../insights/sourceFilter';
import { catalogOfOneQuestion, takeNamedSource, TYPED_FILE, type NamedSourceReading } from './namedSources';
import { applyNamedSource } from './namedSourceQuery';
import { asAccessList, takeAccessList } from './accessList';
import { quietPeriod, takeQuietWords } from './quietConditions';
import { readGovernance, readMoney } from './governance';
import { readDepartmentAliases } from './departmentAliases';
import {
  ACTION_REQUEST,
  CLOCK_QUESTION,
  hasDomainWord,
  PURPOSE_ASKED,
  PURPOSE_SUGGESTIONS,
  STICKINESS,
  STICKINESS_SUGGESTIONS,
  DURATION_ASKED,
  DURATION_SUGGESTIONS,
  smallTalkOf,
} from './outOfScope';
import { resolvePronouns, type Resolved } from './pronouns';
import { withNames, withoutNamesPart } from './namesFollowUp';
import { listsPeople, withoutDepartmentColumn } from './departmentColumn';
import { lastUseBeside } from './lastUseBeside';
import { sharedSurnamesNamed } from './sharedSurnames';
import { clockSidesAsked } from './clockSides';
import { countAndPart, joinCounts, joinPart, twoCounts } from './countsJoined';
import { checkedClaim, FAULT_WORDS, RECORD_SOURCE } from './ticketWording';
import { takeVersus, withVersus } from './versusWhole';
import { changeAsked } from './changeRequests';
import type { TenantApp } from '../insights/questions/unrecognisedApps';

/** What understanding needs: the clock, the time zone, and the tenant's own departments and people. */
export interface UnderstandContext {
  now: Date;
  timeZone: string;
  departments: readonly string[];
  names: NameDirectory;
  /** The tenant's apps outside the catalogue ("SharePoint (unrecognised)"), named by their words. */
  apps?: readonly TenantApp[];
  /** The tenant's data sources and sites by name ("Coho Winery Budget.xlsx", "the Projects site"), when known. */
  sources?: SourceCatalog;
}

/** What a question turned into: a query (answers, lists, system intents, replies), a bot command, or nothing. */
export type ParseResult =
  | { type: 'query'; query: AskQuery }
  | { type: 'command'; command: BotCommand }
  | { type: 'unknown'; reason: 'empty' | 'too_long' };

/** Words that join two measures into one question ("prompts and data sources", "sessions vs files"). */
const JOINERS = new Set(['and', 'vs', 'versus', 'plus']);
/** A comparison asked for ("compare", "comparing", "comparison"). */
const COMPARED = /\bcompar(?:e|es|ing|ison)\b/i;
/** Measures a data-source answer would drop if they were joined to it. */
const COUNTED_BESIDE_SOURCES = new Set(['prompts', 'responses', 'sessions', 'interactions']);

/**
 * Turns an admin's question into a query: deterministic, offline, the same for the bot and the tab. Period first
 * (periods.ts), then apps, departments, measures and dimensions by word (recognise.ts), then people among the
 * words left — and only where the directory has them. Whatever is left that carries meaning is not guessed at: the
 * answer says what was understood and what was not.
 */
export async function parseQuestion(typedText: string, given: UnderstandContext): Promise<ParseResult> {
  const asked = spanAgainstNow(plainTyped(typedText), given.now, given.timeZone)
    // "…, and how serious are they?": the findings' severities, a breakdown asked, not a second question set aside.
    .replace(HOW_SERIOUS, ' by severity');
  // "Marketing vs the company average": the department's figure beside the whole's, the phrase read apart.
  const versus = takeVersus(asked, given.departments);
  // "compare the two Haddads": the people of that surname, by name.
  const named = sharedSurnamesNamed(versus?.rest ?? asked, await given.names.people());
  const typed = changeBetweenAsComparison(eachFigureAsMeasure(named));
  // The source catalog is read at most once per question and lookup, however many readings look for a name in it.
  const ctx = given.sources ? { ...given, sources: catalogOfOneQuestion(given.sources) } : given;
  // "she", "his" standing for the one person the message names are that person; with several named, asked which.
  // A command keeps its words as typed: "save their prompts: …" names a saved question, no one's prompts.
  const pronoun = parseCommand(typed.trim()) ? null : resolvePronouns(typed, await ctx.names.people(), knownWord);
  if (pronoun && 'people' in pronoun)
    return query(
      reply('rephrase', {
        notUnderstood: [`"${pronoun.pronoun}": ${pronoun.people.slice(0, 3).join(' or ')}?`.slice(0, 60)],
        suggestions: pronoun.people
          .slice(0, 4)
          .map((name) => typed.replace(new RegExp(`\\b${pronoun.pronoun}\\b`, 'gi'), name).slice(0, 500)),
      }),
    );
  const read = await parseInContext(typed, ctx, pronoun);
  const answered = read.type === 'query' ? withVersus(read.query, versus, ctx.now, ctx.timeZone) : null;
  // "compare the teams": a comparison with one thing and nothing beside it (no second value, period, whole or
  // breakdown) is asked about, never answered as the one figure.
  if (
    answered?.type === 'measure' &&
    COMPARED.test(asked) &&
    !answered.compare &&
    !answered.versus &&
    !answered.shareOf &&
    !answered.by.length &&
    !answered.unmatched?.length
  )
    // prettier-ignore
    return query(
      reply('rephrase', {
        notUnderstood: ['compare … with what?'],
        understood: describeQuery(answered, ctx.timeZone).slice(0, 300),
        suggestions: [`${asked.trim()} with the month before`, `${asked.trim()} by department`, `${asked.trim()} by app`].map((s) => s.slice(0, 500)), // prettier-ignore
      }),
    );
  return withPronoun(answered ? query(answered) : read, pronoun);
}

/** Whom a pronoun was read as, said in the interpretation line beside any context. */
function withPronoun(result: ParseResult, said: Resolved | null): ParseResult {
  if (!said || result.type !== 'query') return result;
  const q = result.query;
  if (q.type === 'reply') return result;
  const context = { text: '', pronoun: said.pronoun, person: said.person.slice(0, 120), ...q.context };
  return query({ ...q, context });
}

async function parseInContext(text: string, ctx: UnderstandContext, referent: Resolved | null): Promise<ParseResult> {
  // "Any Copilot activity in Loop last week? Who?": the count and its people, the second part on the first's filters.
  const first = referent ? null : withoutNamesPart(text);
  if (first) {
    const counted = await parseInContext(first, ctx, null);
    const named = counted.type === 'query' ? withNames(counted.query) : null;
    if (named) return query(named);
  }
  // "How many users were active and how many sessions did they have?": both counts, each clause read on its own.
  const counts = referent ? null : twoCounts(text);
  if (counts) {
    const [a, b] = await Promise.all(counts.map((clause) => parseOne(clause, ctx)));
    const joined = a?.type === 'query' && b?.type === 'query' ? joinCounts(a.query, b.query) : null;
    if (joined) return query(joined);
  }
  // "How many users were active last week and how many of them used Teams?": the part beside the whole, both said;
  // a part that is no narrowing of the whole ("… how many of them sent more than 10 prompts") answered after it.
  const part = referent ? null : countAndPart(text);
  if (part) {
    const [a, b] = await Promise.all([parseOne(part.whole, ctx), parseOne(part.part, ctx)]);
    const joined = a.type === 'query' && b.type === 'query' ? joinPart(a.query, b.query) : null;
    if (joined) return query(joined);
    // "… licences are assigned and how many of them are sitting unused": the idle count is said against the holders.
    const idleOfHolders = b.type === 'query' && b.query.type === 'measure' && b.query.measure === 'licensed_inactive';
    // "… licensed users do we have, and how many of them were active last month": the active among the holders, both.
    const activeOfHolders = b.type === 'query' && b.query.type === 'measure' && b.query.measure === 'adoption';
    if (activeOfHolders && a.type === 'query' && a.query.type === 'measure' && a.query.measure === 'licensed_users')
      return b;
    if (a.type === 'query' && a.query.type === 'measure' && !a.query.context && !idleOfHolders)
      return query({ ...a.query, context: { text: '', unanswered: [part.asked.slice(0, 200)] } });
  }
  // "Licensed users with no activity, with their departments": a column of the list of people, not a count per department.
  const columned = referent ? null : withoutDepartmentColumn(text);
  if (columned) {
    const listed = await parseOne(columned, ctx);
    if (listed.type === 'query' && listsPeople(listed.query)) return listed;
  }
  // "When did Ben last use Copilot and how many prompts did he send this month?": the count, then the last use.
  const lastUse = lastUseBeside(referent ? referent.text : text);
  if (lastUse) {
    const counted = await parseOne(lastUse, ctx);
    const q = counted.type === 'query' ? counted.query : null;
    if (q?.type === 'measure' && q.filters.people.length === 1 && !q.context?.unanswered) {
      const unanswered = [`when did ${q.filters.people[0]!.name} last use Copilot`];
      return query({ ...q, context: { text: '', ...q.context, unanswered } });
    }
  }
  // "Usage during work hours vs after hours": the figure inside working hours and outside them, side by side.
  const sides = referent ? null : clockSidesAsked(text);
  if (sides) {
    const r = await parseOne(sides, ctx);
    const q = r.type === 'query' ? r.query : null;
    if (q?.type === 'measure' && q.filters.clock && !q.filters.clock.outside) return query({ ...q, clockSides: true });
  }
  const whole = await parseOne(referent ? referent.text : text, ctx);
  const readOne = async (clause: string) => {
    // An overview word in a clause beside the question frames it ("numbers for the exec deck: how many …").
    const one = await parseOne(clause, ctx, false);
    return one.type === 'query' ? one.query : null;
  };
  const inContext = () => questionInContext(text, ctx.names.people(), readOne, ctx, referent);
  if (whole.type !== 'query') return whole;
  // "the sync it have errors? which user": the users it could not read are the failing sync's answer, one question.
  const failingAsked = (c: string) => c.split(/\s+/).length <= 4 && SYNC_FAILING.test(c.toLowerCase());
  if (whole.query.type === 'system' && whole.query.system === 'sync' && whole.query.failing)
    if (splitClauses(text).slice(1).every(failingAsked)) return whole;
  if (whole.query.type !== 'reply') {
    // "Fiona Peterson: when did she last use Copilot, and which apps did she use?": read whole, one of the two
    // questions would be lost; the first is answered and the other said, never dropped silently.
    if (!SECOND_QUESTION.test(text) || splitClauses(text).filter((c) => ASKS.test(c)).length < 2) return whole;
    const several = await inContext();
    return several && 'query' in several && several.query.context?.unanswered ? query(several.query) : whole;
  }
  // A question after a description of the problem (a ticket): the question answered, the rest said to be context.
  // A statement before the question can read as out of scope on its own ("I'm building the exec slide", "the CFO is
  // asking about licence value"): the question after it is still answered; a second question never is context.
  const scoped = whole.query.reply === 'scope' && !whole.query.text;
  // "Can you translate for me in German: '…adoption is growing…'": the task asked is the request, not context for the
  // words it quotes.
  if (scoped && ACTION_REQUEST.test(text)) return whole;
  if (!scoped && (whole.query.reply !== 'rephrase' || !whole.query.notUnderstood.length)) return whole;
  const found = await inContext();
  if (!found) return whole;
  if ('query' in found) return scoped && /\?/.test(found.query.context?.text ?? '?') ? whole : query(found.query);
  // "This is for the Finance review. How many prompts …": Finance's figure or everyone's, asked with both offered.
  const plain = found.clause.replace(/[\s?.!;,:]+$/, '');
  return query(
    reply('rephrase', {
      notUnderstood: [`${found.department.slice(0, 30)}: its figures or everyone's?`],
      understood: describeQuery(found.question, ctx.timeZone).slice(0, 300),
      suggestions: [`${plain} in ${found.department}`, plain].map((s) => s.slice(0, 500)),
    }),
  );
}

/**
 * One reading of the whole text (parseQuestion's, before any context is set apart), with the slips it read past and
 * the words that do not change the figures set aside, both said in its line.
 */
async function parseOne(asked: string, ctx: UnderstandContext, overviews = true): Promise<ParseResult> {
  // "Fiona says she never used it, can you confirm?": the claim is what is asked; who said it and the request aside.
  const claim = checkedClaim(asked);
  const text = claim?.text ?? asked;
  const aside: string[] = claim ? [claim.said] : [];
  const requester = (w: string) => {
    aside.push(saidShort(w.replace(/[\s:,.—–-]+$/, '')));
    return ' '.repeat(w.length);
  };
  // "Finance wants to know: …" names the department asked about; "Lee Gu asked: why can't I see my history?" the
  // person: kept, not set aside.
  const namedAsker = (w: string, at: number) =>
    departmentsIn(w, ctx.departments).length || /\b(?:i|my|me|mine|myself)\b/i.test(text.slice(at + w.length))
      ? w
      : requester(w);
  const kept = text
    .replace(NAMED_REQUESTER, namedAsker)
    .replace(REQUESTER, requester)
    .replace(VALUE_ASIDE, (w) => {
      aside.push(w.trim().toLowerCase());
      return 'using'.padEnd(w.length);
    })
    // REASON is long to try at every character: only a question holding one of its words is.
    .replace(REASON_HINT.test(text) ? REASON : NOTHING, (w) => {
      // "This is for the Sales review": a department named there is read (and asked about), never set aside.
      if (departmentsIn(w, ctx.departments).length) return w;
      aside.push(reasonSaid(w));
      return ' '.repeat(w.length);
    })
    .replace(NEVER_AGAIN, (w) => (USES.test(text) ? ' ever'.padEnd(w.length) : w))
    // "Word vs Excel in terms of sessions": the measure the values are set side by side on, as "by sessions".
    .replace(/\bin\s+terms\s+of\b/gi, (w) => 'by'.padEnd(w.length))
    .replace(SET_ASIDE, (w) => {
      if (/^quickly$/i.test(w) && SPEED_OF_CLOSING.test(text)) return w;
      if (!aside.includes(w.toLowerCase())) aside.push(w.toLowerCase());
      return ' '.repeat(w.length);
    });
  // "Numbers for the board", "exec summary": the headline measures side by side, the audience set aside (overview.ts).
  // A bot command keeps its words ("remove weekly report" deletes that saved question, no overview of the week).
  const overview =
    overviews && !parseCommand(kept.trim())
      ? readOverview(kept, (s) => departmentsIn(s, ctx.departments).length > 0)
      : null;
  aside.push(...(overview?.aside ?? []));
  const spelled: Spelling[] = [];
  const parsed = withSpelling(await readText(overview?.text ?? kept, ctx, spelled), spelled);
  if (!aside.length || parsed.type !== 'query') return parsed;
  const q = parsed.query;
  if (q.type === 'reply' || (q.type === 'system' && (q.system === 'help' || q.system === 'risk'))) return parsed;
  return query({ ...q, aside: aside.slice(0, 6) });
}

/**
 * Who wants the answer, at the start of the message or a sentence ("Megan's manager asked:", "her boss wants to know
 * whether …"): the requester, not a constraint, so set aside and said.
 */
const REQUESTER =
  /(?:^|(?<=[.!?;]\s))\s*(?:[\p{L}'’-]+\s+){0,3}?(?:manager|boss|supervisor|line manager|team lead|director|hrbp|hr business partner)\s+(?:wants|wanted|would like|needs|needed|asked|asks|is asking|was asking|wonders|wondered)(?:\s+to\s+know)?(?:\s+(?:if|whether))?\s*[:,—–-]?\s*/giu;
/** "Ben Stewart asked: …", "Lina Olsen wants to know." — a capitalised name before a question, said apart from it. */
const NAMED_REQUESTER =
  /^\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}\s+(?:asked|asks|is asking|was asking|wants to know|would like to know|needs to know|wonders)\s*[:.—–-]\s*/u;
/** A requester said in the line: whole words, at most about 30 characters ("Ben Stewart's line manager asked"). */
function saidShort(words: string): string {
  const trimmed = words.trim();
  if (trimmed.length <= 30) return trimmed;
  const cut = trimmed.slice(0, 31).replace(/\s+\S*$/, '');
  return `${cut || trimmed.slice(0, 30)} …`;
}
/**
 * "Is Ivan getting value out of Copilot", "Does Megan get much value from it": value is no figure the product keeps;
 * a named person's use is what answers it, so the words are set aside (said) and the use read. After a capitalised
 * word only: "are we getting value from Copilot" names no one.
 */
const GET_VALUE = String.raw`(?:getting|get|gets|got|seeing|see|sees|derive|derives|deriving)`;
// The capitalised word is looked for behind the verb once it is found (a lookbehind first is tried at every character).
const VALUE_ASIDE = new RegExp(
  String.raw`${GET_VALUE}(?<=\p{Lu}[\p{L}'’-]*\s+(?:(?:really|actually|even)\s+)?${GET_VALUE})\s+(?:any\s+|real\s+|much\s+|enough\s+|some\s+)?value\s+(?:out\s+of|from|with)\b`,
  'gu',
);
/**
 * Why the asker wants the figures, as a sentence of its own or a clause after the question ("Thinking about
 * reassigning licences", "asking because we renew licences", "need it for a ticket", "context: audit next week"): a
 * reason changes nothing counted, so it is set aside and said, never read as a topic or a filter. A clause that
 * starts a sentence and a question follows it in the same sentence ("Considering only Sales, how many …") is no reason.
 */
const REASON =
  /(?:^|(?<=[.!?;]\s*)|\s+[-—–]\s+|,\s*)\s*(?:(?:i'?m|i\s+am|we'?re|we\s+are|just|mainly|mostly)\s+)?(?:thinking\s+(?:about|of)|considering|planning\s+(?:to|on)|looking\s+to|trying\s+to\s+decide|asking\s+(?:because|since|as)|because\s+(?:we|i)\s+(?:want|need|plan|are|am)|need(?:ed)?\s+(?:it|this|these|them|the\s+numbers?|the\s+figures?)\s+for|it'?s\s+for|this\s+is\s+for|(?:context|background|reason|purpose|why)\s*:)(?:[^.?!,;:\-—–]|-(?=\S))*(?=[.?!]|$)[.?!]*/giu;

/** A word every REASON holds. */
const REASON_HINT =
  /\b(?:thinking|considering|planning|looking|trying|asking|because|need(?:ed)?|context|background|reason|purpose|why)\b|\b(?:it'?s|is)\s+for\b/i;
/** Matches nothing: a replacement not worth trying. */
const NOTHING = /(?!)/g;

/** What a reason set aside is said as: its first words. */
function reasonSaid(reason: string): string {
  const said = reason.replace(/^[\s,.!?;:—–-]+|[\s.!?]+$/g, '').toLowerCase();
  return said.length <= 30 ? said : `${said.slice(0, 28).replace(/\s+\S*$/, '')} …`;
}
/**
 * "Who tried Copilot once and never came back": once over the whole synced history, read as "once ever" (never using
 * it again is what once in all of it says).
 */
const NEVER_AGAIN =
  /\s*\b(?:and\s+)?(?:then\s+)?(?:(?:never|didn'?t|did\s+not|haven'?t|have\s+not|hasn'?t|has\s+not)\s+(?:(?:came|come|been|gone|went|returned?)\s+back|returned?)(?:\s+(?:to\s+it|since|again))?|never\s+(?:again|returned|since|used\s+it\s+again|touched\s+it\s+again))\b/gi;
/**
 * Hedges, courtesy and urgency ("roughly", "approximately", "kindly", "quickly", "urgent"): every figure is exact and
 * as fast either way, so they change nothing asked; "about", "around" and "exactly" are not among them (a topic, a
 * date, a condition's number).
 */
const SET_ASIDE =
  /\b(?:roughly|approximately|approx|ballpark|kindly(?:\s+to(?=\s))?|quickly|quick|honestly|frankly|basically|urgently|urgent)\b/gi;
/** "How quickly are findings closed": a speed of closing asked, the time to close (findingResolution.ts), kept. */
const SPEED_OF_CLOSING = /\bhow\s+quickly\b.*\b(?:clos|resolv|fix|triag|dismiss|handl|remediat|clear)\w*/i;

interface DepartmentVocabulary {
  /** Words never corrected into keywords: departments', risk and negation words. */
  keep: ReadonlySet<string>;
  /** The spelling corrector's dictionary: the parser's words and the departments'. */
  dictionary: readonly string[];
}

/**
 * Built once per department list (the engine's vocabulary keeps one for minutes), not per question: with the risk
 * lexicon these sets were most of reading a short question.
 */
const vocabularies = new WeakMap<readonly string[], DepartmentVocabulary>();

function departmentVocabulary(departments: readonly string[]): DepartmentVocabulary {
  let v = vocabularies.get(departments);
  if (!v) {
    const deptWords = departments.flatMap((d) => d.toLowerCase().split(/\s+/));
    const keep = new Set([...deptWords, ...RISK_WORDS, ...NEGATION_WORDS]);
    v = { keep, dictionary: [...DICTIONARY, ...deptWords] };
    vocabularies.set(departments, v);
  }
  return v;
}

async function readText(text: string, ctx: UnderstandContext, spelled: Spelling[]): Promise<ParseResult> {
  if (text.length > MAX_QUESTION_CHARS) return { type: 'unknown', reason: 'too_long' };
  // "# of" and "&" read as words ("by category & severity" groups by both).
  const cleaned = cleanQuestion(
    text
      // Teams may send "&gt;", "&amp;" escaped: the characters typed, before "&" is read as a word.
      .replace(
        /&(gt|lt|amp);/gi,
        (_m, e: string) => ({ gt: '>', lt: '<', amp: '&' })[e.toLowerCase() as 'gt' | 'lt' | 'amp'],
      )
      .replace(/#\s*of\b/gi, 'number of')
      .replace(/\s*&\s*/g, ' and ')
      // A report's column headers pasted ("Prompts | Department | Last month"): a dimension between bars groups by it.
      .replace(
        /\|\s*(departments?|apps?|users?|people|persons|days?|weeks?|months?|sites?|agents?)\s*(?=\||$)/gi,
        ' by $1 ',
      ),
  );
  if (!cleaned) return { type: 'unknown', reason: 'empty' };
  const people = await ctx.names.people();
  const { nameWords, nameParts } = derivedFrom(people, fullNamesOf);
  // "eng", "mktg", "R&D": the tenant's own department, or asked which when it could be several.
  const aliased = readDepartmentAliases(cleaned, ctx.departments, nameWords);
  if ('ambiguous' in aliased) return query(aliased.ambiguous);
  const shorthand = peopleText(SHORTHAND.reduce((text, [re, by]) => text.replace(re, by), aliased.text));
  const { keep, dictionary } = departmentVocabulary(ctx.departments);
  const slips = correctTypos(shorthand, (w) => nameWords.has(w) || keep.has(w) || knownWord(w));
  spelled.push(...slips.spelled);
  const expanded = spellMonths(slips.text, (w) => nameWords.has(w))
    .replace(/’/g, "'")
    // "we're pulling", "I've got", "they'll": the pronoun and its verb, both words the reader knows.
    .replace(/\b(we|you|they)'re\b/gi, '$1 are')
    .replace(/\b(i|we|you|they)'ve\b/gi, '$1 have')
    .replace(/\bi'm\b/gi, 'i am')
    .replace(
      /\b(i|we|you|they|he|she|it)'(ll|d)\b/gi,
      (_, who: string, verb: string) => `${who} ${verb === 'll' ? 'will' : 'would'}`,
    )
    // "didnt", "doesnt" typed without the apostrophe read the same.
    .replace(/\b(are|is|do|does|did|have|has|was|were|had|could|would|should)n'?t\b/gi, '$1 not')
    .replace(/\bcan't\b/gi, 'can not')
    .replace(/\bwon't\b/gi, 'will not')
    .replace(/%/g, ' percent ')
    // "more than 1,000 prompts": a number with thousands separators is one number.
    .replace(/\b\d{1,3}(?:,\d{3})+\b/g, (n) => n.replace(/,/g, ''))
    // "prompts over 8 weeks", "across 3 months": a span of time, the last N of them ("on over 5 days" counts days).
    .replace(SPAN, 'in the last $1 $2')
    // "no Copilot activity", "zero prompts", "0 sessions": nothing used, as "no activity" reads.
    .replace(NOTHING_USED, 'no activity')
    // "users who have only one session", "who only ever had a single session": a count each person has, exactly that.
    .replace(ONLY_HAD, (_m, first?: string, then?: string, n = '') => `${first ?? then ?? ''} exactly ${countOf(n)}`)
    // "how long since Grace last used it", "how much time has passed since …": when she last used it (the answer's
    // first row), never a duration.
    .replace(SINCE_LAST, 'when did ')
    // "Irvin's first Copilot use?", "who first used Copilot in November": when they started using it.
    .replace(FIRST_USE, 'started using')
    // "whose first activity was in November": who started using it then.
    .replace(/\bwhose\s+started\s+using\s+(?:was|were|came|happened|fell)\b/gi, 'who started using')
    // "when did Lee send her first prompt", "who sent their first prompt this month": the start of their use too; "what
    // was Lee's first prompt" asks for its text, and is left to be asked about.
    .replace(FIRST_PROMPT, (m: string, at: number, all: string) => (WHEN_OR_WHO.test(all) ? 'started using' : m))
    // "who used Copilot before but not in the last 30 days": use that stopped, as "stopped using … in the last 30 days".
    .replace(USED_BEFORE_NOT, (_m, what?: string) => `stopped using ${what ?? ''}`)
    // "they're asking for the prompts in Word": a request for the figures, not a question of what was asked of Copilot.
    .replace(ASKING_FOR, ' ')
    // "…, and if so how many prompts": the condition of a second question on the first, which is answered anyway.
    .replace(/\b(?:and\s+)?if\s+(?:so|yes)\b,?/gi, ' ')
    // "has not once used", "not a single time", "never once": never, not a count of one.
    .replace(/\b(?:not\s+(?:even\s+)?once|not\s+a\s+single\s+time|never\s+(?:even\s+)?once|never\s+ever)\b/gi, 'never')
    // "For our quarterly review, I need …": what the figure is for, not part of the question — unless it names a
    // department ("for the Finance review"), which is then read (and asked about where the question does not refer
    // to it: contextClauses.ts), never dropped with it.
    .replace(PURPOSE, (purpose) => (departmentsIn(purpose, ctx.departments).length ? purpose : ' '))
    // "… for my report to the CIO", "I need numbers for the exec deck: …": the same, anywhere.
    .replace(PURPOSE_LATER, (purpose) => (departmentsIn(purpose, ctx.departments).length ? purpose : ' '))
    .replace(LEAD_IN, (lead) =>
      namesAFilter(lead, ctx.departments) ? lead : periodWordsOf(lead, ctx.now, ctx.timeZone),
    )
    // A ticket's number and fields ("INC0012345:", "Ticket #4471 -", "Requester: Sales ops.", "Request:").
    .replace(TICKET, ' ')
    .replace(TICKET_FIELDS, ' ')
    .replace(TICKET_LABELS, ' ')
    // "according to the access log": the product's own record, where every answer comes from.
    .replace(RECORD_SOURCE, (m) => ' '.repeat(m.length))
    // "yesterday vs the same day last week": the period asked, a week earlier (sameDaysEarlier below).
    .replace(new RegExp(SAME_DAYS_EARLIER.source, 'gi'), ' vs ')
    // "top 3 apps by ppl", "departments by users": apps ranked by how many people use them, not a row per person.
    .replace(
      /\b(apps|applications|departments|depts|teams)\s+by\s+(?:people|users|persons|user count|headcount)\b/gi,
      '$1 by number of users',
    )
    // A fortnight is two weeks (British admins write it; the date parser does not know it).
    .replace(/\b(?:(?:the|this)\s+)?(past|last|previous)\s+fortnight\b/gi, '$1 2 weeks')
    // "for the week before this one": last week.
    .replace(/\bthe\s+(week|month|quarter|year)\s+before\s+this(?:\s+(?:one|\1))?\b/gi, 'last $1')
    // "this week vs the week before": the calendar week before, as "vs last week" (a day before is the day's own rule).
    .replace(
      /\b(vs\.?|versus|compared (?:to|with)|against|than)\s+the\s+(week|month|quarter|year)\s+before\b/gi,
      '$1 the previous $2',
    );
  const lower = expanded.toLowerCase();
  // Tested on the text before its rewrites (which replace the words), with a typed ’ read as ' as they read it.
  const usedBefore = USED_BEFORE_NOT_ONCE.test(slips.text.replace(/’/g, "'"));
  // A file or source the tenant holds ("Data Retention Policy Overview.pptx", "the Sync Status Review deck") is read
  // before any keyword its words hold (retention, risk, sync, settings): it is that source, never an intent.
  const early = await heldSource(lower, expanded, ctx);
  const unsourced = early?.rest ?? lower;
  const request = unsourced.replace(/^[^\p{L}]+/u, '');
  // "remove the Copilot license from Lee" is a change request, not the saved-question command "remove <name>".
  if (CHANGE_VERBS.test(request) && CHANGE_OBJECTS.test(request)) return query(reply('change'));
  // "GDPR request: delete all of Ryan's Copilot history", "Urgent - remove Lee's licence": a label before the verb.
  const unlabelled = text.toLowerCase().replace(/^\s*[^:?!.]{1,40}?(?::|\s[-—–])\s*/u, '');
  if (unlabelled !== text.toLowerCase() && CHANGE_VERBS.test(unlabelled) && CHANGE_OBJECTS.test(unlabelled))
    return query(reply('change'));
  // "Eli's licence should be cancelled", "I need Grace's access revoked": a change asked without its verb first.
  if (changeAsked(request)) return query(reply('change'));
  // "book me a meeting", "set up a call", "summarise my emails": an assistant's work, not a question about Copilot's use.
  if (ACTION_REQUEST.test(request)) return query(reply('scope'));
  if (PURPOSE_ASKED.test(request)) return query(reply('scope', { text: 'purpose', suggestions: PURPOSE_SUGGESTIONS }));
  if (STICKINESS.test(request))
    return query(reply('scope', { text: 'stickiness', suggestions: STICKINESS_SUGGESTIONS }));
  // "How much time since Grace last used it", "hours of the day", "by hour": a moment or the hour of the day, no duration.
  if (DURATION_ASKED.test(request) && !MOMENT_OR_HOUR.test(request))
    return query(reply('scope', { text: 'duration', suggestions: DURATION_SUGGESTIONS }));
  const command = parseCommand(cleaned);
  // "delete Mark Mensah from the system": someone removed from the records is a change, not a saved question's name.
  if (command?.command === 'delete_saved' && REMOVES_SOMEONE.test(command.name)) return query(reply('change'));
  if (command) return { type: 'command', command };
  if (CHANGE_VERBS.test(request) && (CHANGE_OBJECTS.test(request) || !SOFT_CHANGE.test(request)))
    return query(reply('change'));
  // "who opened Nathan's conversations", "how long is prompt text kept": the product's own records (governance.ts).
  // The product's own records (access log, retention, tiers) hold no file: a question naming one is about its use.
  // "which users' Copilot history could not be read in the last sync": the sync's per-user errors, not the access log.
  if (NOT_READ.test(lower) && /\b(?:sync\w*|history|histories|data|interactions?|users?|accounts?)\b/.test(lower))
    return query({ type: 'system', system: 'sync', failing: true });
  const governed = early ? null : await readGovernance(lower, expanded, ctx);
  if (governed) return query(governed);
  const money = readMoney(unsourced, ctx.now, ctx.timeZone);
  if (money) return query(money);
  const periods: Period[] = [];
  // "active on more than 5 days" counts days per person, it names no period: hidden from the period reader.
  // "between midnight and 5am UTC", "after hours", "on weekends": a filter on each interaction's time, not a period.
  const clocked = takeClock(weekendsWithin(unsourced, ctx.now, ctx.timeZone), ctx.timeZone, ctx.now);
  // "open findings not touched for 14 days": an age of findings, not a period of the interactions.
  const aged = takeFindingAge(clocked?.rest ?? unsourced, ctx.now);
  // "users with 5 to 10 prompts": a range of a figure (figureRanges.ts), no period either.
  let rest = (aged?.rest ?? clocked?.rest ?? unsourced)
    .replace(DAYS_COUNTED, (m) => m.replace(/\S/g, '\u0000'))
    .replace(FIGURE_RANGE, (m) => m.replace(/\S/g, '\u0000'));
  // "June Park prompts", "how active is may chen": a full name of the directory names no month.
  rest = hideFullNames(rest, people);
  const before = takeUnitBefore(rest, ctx.now, ctx.timeZone);
  if (before) rest = before.rest;
  for (let i = 0; i < 2; i++) {
    const found = findPeriod(rest, ctx.now, ctx.timeZone);
    if (!found) break;
    // The same days named twice ("Thanksgiving week, 23 to 29 November") are one period, not two compared.
    const same = periods.some((p) => +p.from === +found.period.from && +p.to === +found.period.to);
    if (!same) periods.push(found.period);
    rest = found.rest;
  }
  // "any Outlook activity from him at all?": with no period named, "at all" asks of all synced history, as "ever" does.
  if (!periods.length && /\bat\s+all\b/.test(rest)) periods.push(allTime(ctx.now, ctx.timeZone));
  const earlier = SAME_DAYS_EARLIER.exec(shorthand);
  if (earlier && periods.length === 1 && !periods[0]!.default) {
    const unit = (earlier[1] ?? earlier[2] ?? earlier[3])!.toLowerCase() as 'week' | 'month' | 'quarter' | 'year';
    periods.push(sameDaysEarlier(periods[0]!, unit, ctx.timeZone, `the same days a ${unit} earlier`));
  }
  if (before && periods.length === 1 && !periods[0]!.default) {
    periods.push(unitBefore(periods[0]!, before.unit, ctx.now, ctx.timeZone));
    const [from, to] = before.span;
    rest = rest.slice(0, from) + ' '.repeat(to - from) + rest.slice(to);
  }
  // "Word usage compared to last month": last month is what this month is compared against.
  const against = AGAINST.exec(lower);
  if (against && periods.length === 1 && !periods[0]!.default) {
    const current = findPeriod(`this ${against[1]}`, ctx.now, ctx.timeZone);
    if (current) periods.unshift(current.period);
  }
  // "in October but not in November": the negated period is a condition on people (peopleConditions.ts), not compared.
  const negated = quietPeriod(lower, periods, ctx.now, ctx.timeZone);
  periods.splice(0, periods.length, ...negated.periods);
  // A data source, file or site named ("Coho Winery Budget.xlsx", "the Finance SharePoint site"): never a person.
  const namedSource = early ?? (await takeNamedSource(rest, expanded, ctx.sources, ctx.departments));
  rest = early ? rest : namedSource.rest;
  // The same blanks over the text as typed, so capitals survive for names and "IT".
  const typed = expanded
    .split('')
    .map((ch, i) => (rest[i] === ' ' && lower[i] !== ' ' ? ' ' : ch))
    .join('');
  const words = tokenize(typed, { has: (w) => nameWords.has(w) || keep.has(w) }, dictionary, nameWords, nameParts);
  const found = markFullNames(words, people);
  // Risk words first: "open", "high" and "prompt" mean something else in a usage question.
  const risky = recogniseRisk(words);
  recognise(words, ctx.departments, ctx.apps);
  spelled.push(...correctedWords(words));
  // "licenses we are paying for", "seats we pay for": what is paid for is the licences themselves.
  if (words.some((w) => w.tag?.cue === 'license'))
    for (const [j, w] of words.entries()) if (!w.used && PAID.has(w.word)) words[j] = { ...w, used: true };
  const siteNames = takeSiteNames(words);
  const exclusions = takeExclusions(words);
  const distinct = takeDistinct(words);
  // "more than 3 apps": a condition on each row, not a top 3 and no comparison.
  // "only in Teams", "on at least 3 different days", "whose usage dropped": conditions on the people counted.
  const conditions = takePeopleCues(words, lower, risky ? null : takeThreshold(words));
  // "used Copilot before but not this month": active at any time before it, not only in the month before.
  if (conditions.cues.stopped && usedBefore) conditions.cues.anyTimeBefore = true;
  if (negated.quiet) {
    conditions.cues.quiet = negated.quiet;
    takeQuietWords(words);
  }
  const threshold = conditions.threshold;
  const unknownDepartment = unknownDepartmentOf(words, ctx.departments, lower, nameWords);
  if (unknownDepartment) return query(unknownDepartment);
  const system = systemIntent(read(words, [], periods), lower);
  if (system) {
    // "did the last sync read her ok?" about Henrietta: her profile, which says whether her history could be read.
    const plain = system.type === 'system' && system.system === 'sync' && !system.failing && !system.history;
    const someone = plain ? await findPeople(words, ctx, found) : null;
    if (someone && 'people' in someone && someone.people.length === 1)
      return query({ type: 'list', list: 'profile', person: someone.people[0]!, apps: [] });
    return query(system);
  }
  const persons = await findPeople(words, ctx, found);
  const composeFor = (people: Person[]): AskQuery | null => {
    const reading = read(words, people, periods);
    if (risky) return withAge(findingsQueryOf(reading, ctx.now, ctx.timeZone).query, aged?.age);
    const measure = measureOf(reading) ?? thresholdMeasure(threshold);
    const answer =
      listQuery(reading, measure, ctx.now, ctx.timeZone) ??
      (measure ? measureQuery(reading, measure, ctx.now, ctx.timeZone) : null);
    const thresholded = threshold ? withThreshold(answer, threshold, reading, ctx.timeZone) : answer;
    // The person picked keeps every filter the question named: a source or site, and conditions on people too.
    const sourced = applyNamedSource(thresholded, namedSource, reading, ctx.now, ctx.timeZone).answer;
    const cued = withPeopleCues(sourced, conditions.cues, ctx.now, ctx.timeZone).answer;
    return clocked ? withClock(cued, clocked.clock) : cued;
  };
  if ('reply' in persons) {
    // Each person offered ("which one?", "did you mean?") carries the question answered for them.
    const [from, to] = persons.run;
    for (let j = from; j <= to; j++) words[j] = { ...words[j]!, used: true };
    const rest = await findPeople(words, ctx, found);
    const others = 'reply' in rest ? [] : rest.people;
    const people = persons.reply.people.map((c) => ({ ...c, query: composeFor([...others, c.person]) }));
    return query({ ...persons.reply, people: people.filter((c) => c.query !== null) });
  }
  // "thanks!", "who are you", "what time is it": no word of the domain at all (no measure, app, person, department,
  // source, period, Copilot or licence word) is out of scope, said with what can be asked, never a lookup or ranking.
  // One word alone ("flurbish", "monthly") is asked back with the word, as it may be a slip or a name.
  const bare = !persons.people.length && !risky && !periods.length && !clocked && !namedSource.source && !threshold;
  const talk = smallTalkOf(text);
  if (
    CLOCK_QUESTION.test(text) ||
    // "same again": a follow-up with no other word, asked as one (below), not declined as small talk.
    (bare && !namedSource.unresolved && !hasDomainWord(words) && (talk || words.length > 1) && !FOLLOW_UP.test(request))
  )
    return query(reply('scope', talk ? { text: talk } : {}));
  // "Who accessed Budget.xlsx and when": the named source's accesses one by one (accessList.ts).
  const accesses = takeAccessList(words, lower, namedSource);
  const r = read(words, persons.people, periods);
  if (risky) return query(riskQuery(r, words, ctx, aged?.age));
  // "What department does Joni belong to?": that person's profile, which names it.
  const department = !namedSource.source && !clocked && !threshold ? personDepartmentQuery(r) : null;
  if (department) return query(department);
  // "Alex's prompts not in Teams": a list cannot leave an app or department out, so it is asked about, not dropped.
  const leftOut = (a: AskQuery | null) => (a && a.type !== 'measure' ? exclusions.phrases : []);
  const leftover = words.filter((w) => !w.used && w.num === undefined && !FILLER.has(w.word) && !FILLER.has(w.raw));
  const numbers = words.filter((w) => w.num !== undefined && w.num !== r.limit);
  // "compare adele and megan", Adele in no directory: Megan's figures, saying plainly that no one is called "adele".
  const unmatched = await unmatchedNames(r, leftover, ctx);
  // Two people compared are compared by prompts unless a measure is named; so are the ones left.
  const unnamed = !r.measures.length && !['usage', 'users', 'who', 'license'].some((c) => r.cues.has(c as Cue));
  const measure = unmatched.length && unnamed ? 'prompts' : (measureOf(r) ?? thresholdMeasure(threshold));
  // "prompts and responses by app", "responses vs prompts": one measure at a time, each offered, rather than some
  // silently dropped.
  const measuresNamed = r.measures.filter((m) => m !== 'source_users' && m !== 'references');
  // "active users and prompts per app": the people counted are one item of the list, not whom it is about.
  const ranked = r.cues.has('rank') || r.cues.has('rank_asc') || r.limit !== undefined;
  const usersItem = !ranked && !r.cues.has('who') && !r.dims.includes('user') && !r.people.length && usersListed(lower);
  const named: Measure[] = usersItem && measuresNamed.length && !measuresNamed.includes('active_users') ? ['active_users', ...measuresNamed] : measuresNamed; // prettier-ignore
  // "prompts and data sources by app": sources are counted, so the prompts joined to them would be dropped ("files
  // that show up most in prompts" joins nothing: it counts the files).
  const joined = r.words.some((w) => JOINERS.has(w.raw.toLowerCase())) || (named.length > 0 && /,/.test(lower));
  const beside = named.filter((m) => COUNTED_BESIDE_SOURCES.has(m) || m === 'active_users');
  const sourcesCounted = measure === 'references' || measure === 'source_users';
  const counted = inAskedOrder(sourcesCounted && joined && beside.length ? [...beside, measure] : named, lower);
  // "prompts per session", "responses per prompt": one measure over the other, on the same filters (ratio.ts).
  const ratio = ratioOf(words, counted);
  // "prompts and sessions by app": each measure answered beside the others; one that cannot be is offered on its own.
  const several = counted.length > 1 && !ratio && combinable(counted) ? counted : null;
  if (counted.length > 1 && !ratio && !several)
    return query(reply('rephrase', { several: counted, suggestions: counted.map((m) => askFor(m, r)) }));
  // "What are people asking Copilot about?": topics across people are not something the engine summarises.
  // "What did the top user ask?" is no ranking either: only "who asked the most" ranks people by prompts.
  if (r.cues.has('ask') && r.people.length === 0 && !r.cues.has('count') && !r.cues.has('who'))
    return query(reply('scope'));
  const list = unmatched.length || several ? null : listQuery(r, measure, ctx.now, ctx.timeZone);
  const measured = ratio
    ? withRatio(measureQuery(r, ratio.of, ctx.now, ctx.timeZone), ratio.per)
    : several
      ? { ...usersCounted(measureQuery(r, several[0]!, ctx.now, ctx.timeZone), usersItem), also: several.slice(1), ...filesCounted(r, several) } // prettier-ignore
      : measure
        ? measureQuery(r, measure, ctx.now, ctx.timeZone)
        : null;
  const plain: AskQuery | null = list ?? (measured && unmatched.length ? { ...measured, unmatched } : measured);
  const thresholded = distinctCounted(
    threshold ? withThreshold(plain, threshold, r, ctx.timeZone) : plain,
    distinct ?? (sitesCounted(words).length ? { of: 'sites' } : null),
  );
  // "When did Joni last use Copilot in Excel?": a time asked, not a count: the person's sessions, newest first.
  const whenLast = WHEN_LAST.test(lower) && !accesses;
  const sourced = applyNamedSource(
    accesses
      ? asAccessList(thresholded, r, ctx.now, ctx.timeZone)
      : whenLast
        ? lastUse(thresholded, ctx)
        : personEver(thresholded, lower, ctx),
    namedSource,
    r,
    ctx.now,
    ctx.timeZone,
  );
  const conditioned = withPeopleCues(sourced.answer, conditions.cues, ctx.now, ctx.timeZone);
  const ever = agentsEver(
    recentUse(thresholdEver(neverEver(conditioned.answer, lower, ctx), lower, ctx), lower, ctx),
    r,
    ctx,
  );
  const answer = usersOnly(clocked ? withClock(ever, clocked.clock) : ever, lower);
  // "the Finance SharePoint site": one site's sources are not a filter (sites are a grouping), so asked, never read as
  // the department of the same name.
  // "users whose usage dropped": a condition on each person that no answer without a row per person applies.
  const whose =
    /\bwhose\b/.test(lower) &&
    answer?.type === 'measure' &&
    !answer.by.includes('user') &&
    !answer.having &&
    !answer.who;
  // "our department usage", "my team's prompts": the asker's own department, which no message carries: asked which.
  const ownTeam =
    answer?.type === 'measure' && !answer.filters.departments.length && !answer.by.includes('department')
      ? OWN_TEAM.exec(lower)?.[0]
      : undefined;
  // "and for sales?", "same but last month": a follow-up to a question each message does not carry, asked back.
  const followUp = FOLLOW_UP.exec(request)?.[0];
  // "excluding non-users": words the answer applied (only people with activity), not left to be asked about.
  const activeSaid = answer?.type === 'measure' && answer.activeOnly ? USERS_ONLY.exec(lower)?.[0].split(/\s+/) : [];
  const unclear = [
    ...sourced.unclear,
    ...conditioned.unclear,
    ...(followUp ? [`${followUp.trim()} … (a follow-up: ask the whole question)`] : []),
    ...(whenLast && answer?.type !== 'list' ? ['when … last'] : []),
    ...(aged ? [aged.said] : []),
    // A list of prompts or sessions, findings: no answer but a measure takes hours or weekdays, so it is asked about.
    ...(clocked && answer && answer.type !== 'measure' && answer.type !== 'reply' ? [clocked.said] : []),
    ...siteNames,
    ...(whose ? ['whose …'] : []),
    ...(ownTeam ? [`${ownTeam}: which department?`] : []),
    ...leftover
      .filter((w) => !unmatched.some((name) => name.split(' ').includes(w.raw)))
      .filter((w) => !followUp?.split(/\s+/).includes(w.raw) && !hypotheticalWord(w, answer))
      .filter((w) => !activeSaid?.includes(w.raw) && !ownTeam?.split(/\s+/).includes(w.raw))
      .filter((w) => !(several && JOINERS.has(w.raw)))
      .map((w) => w.raw),
    ...numbers.map((w) => w.raw),
    ...leftOut(answer),
  ];
  // "OneDrive vs SharePoint": OneDrive's files are SharePoint addresses and one filter covers both, so the two are not
  // set side by side: asked, rather than answered as one list of both.
  const hosts = new Set(words.filter((w) => w.tag?.host).map((w) => (w.raw === 'onedrive' ? w.raw : 'sharepoint')));
  if (hosts.size > 1 && r.cues.has('compare')) unclear.push([...hosts].join(' vs '));
  // "which departments reach the most sites": distinct sites per row are not counted (references are), so asked.
  if (answer?.type === 'measure' && !answer.distinct && answer.by.some((d) => d !== 'site'))
    unclear.push(...sitesCounted(words));
  // "different documents" that no answer counts as distinct sources is asked about, not dropped.
  if (distinct && !(answer?.type === 'measure' && answer.distinct)) unclear.push(distinct.text);
  // "per licensed user" that no answer divides by its licence holders is asked about, not dropped.
  if (answer?.type === 'measure' && !answer.perLicensed)
    unclear.push(...words.filter((w) => w.tag?.cue === 'per_licence').map(() => 'per licensed user'));
  // "who only uses Copilot Chat": use of one app and of no other is not told apart by any answer: asked, not dropped.
  if (
    answer?.type === 'measure' &&
    answer.filters.apps.length &&
    !threshold &&
    !conditions.cues.soleApp &&
    ONLY_APP.test(lower)
  )
    unclear.push('only (no other app)');
  // "average" that no answer divides by its people ("average daily users") is asked about, not dropped.
  if (answer?.type === 'measure' && !answer.perPerson && !answer.mean && !answer.per)
    unclear.push(...words.filter((w) => w.tag?.cue === 'average').map((w) => w.raw));
  // "which agents are used most": a ranking with nothing to rank (agents are counted, not listed) is asked about.
  if (answer?.type === 'measure' && answer.measure === 'agents' && answer.by.length === 0 && !r.cues.has('count'))
    unclear.push(...words.filter((w) => w.tag?.cue === 'rank' || w.tag?.cue === 'rank_asc').map((w) => w.raw));
  // Which source was meant, or none is called so: asked with the sources to pick from.
  if (answer?.type === 'reply' && (answer.reply === 'no_source' || !unclear.length)) return query(answer);
  if (!answer || unclear.length > 0) {
    const asked = rephrase(answer, unclear, r, ctx.timeZone);
    // "how's my department doing": the same question for the tenant's departments, one button each.
    if (ownTeam && ctx.departments.length)
      asked.suggestions = ctx.departments
        .slice(0, 3)
        .map((d) => text.replace(new RegExp(OWN_TEAM.source, 'i'), `the ${d} department`).slice(0, 200));
    return query(asked);
  }
  return query(answer);
}

/** A measure kept to the hours or weekdays asked (executeMeasure says where it cannot be applied). */
function withClock(answer: AskQuery | null, clock: Clock): AskQuery | null {
  return answer?.type === 'measure' ? { ...answer, filters: { ...answer.filters, clock } } : answer;
}

/**
 * The source a question names, read before its keywords when the tenant holds it (or several sources answer to it),
 * or when it is typed as a file ("Risk Register.xlsx") that none is called: else null, and the name is looked for
 * after the periods as before (a capitalised run no source has stays words to read).
 */
async function heldSource(lower: string, typed: string, ctx: UnderstandContext): Promise<NamedSourceReading | null> {
  if (!ctx.sources) return null;
  const found = await takeNamedSource(lower, typed, ctx.sources, ctx.departments);
  const unresolved = found.unresolved;
  const held = found.source || unresolved?.reply === 'which_source';
  return held || (unresolved && TYPED_FILE.test(unresolved.text)) ? found : null;
}

/** The start of a follow-up that refers to an earlier question ("and for Sales?", "same but by week", "now just …"). */
const FOLLOW_UP =
  /^(?:(?:and|also|ok|okay|then)\s+(?:for|in|by|what|how|same|now|just|only|the\s+same)\b|same\b(?:\s+(?:but|for|again|as))?|now\s+(?:just|only|for|by|split|break|show|the\s+same)\b)/;

const PURPOSE =
  /^\s*for\s+(?:our|my|the|a|an|this|next)\s+(?:[\p{L}-]+\s+){0,3}(?:review|report|meeting|presentation|audit|deck|update|board|briefing|call|newsletter|slides?|pack)\b\s*[,:;-]?/iu;
const PURPOSE_NOUNS =
  '(?:review|report|meeting|presentation|audit|deck|update|board|briefing|call|newsletter|slides?|qbr|pack|hold|investigation)';
const PURPOSE_LATER = new RegExp(
  `\\s*\\bfor\\s+(?:our|my|the|a|an|this|next)\\s+(?:[\\p{L}-]+\\s+){0,3}${PURPOSE_NOUNS}\\b(?:\\s+(?:to|for|with)\\s+(?:the\\s+|our\\s+|my\\s+)?[\\p{L}-]+)?`,
  'giu',
);
/** A lead-in before a colon saying what is needed and what for ("Exec summary please:", "I need numbers for the deck:"). */
const LEAD_IN = new RegExp(
  `^[^:?]{0,80}\\b(?:need|needs|want|please|pls|${PURPOSE_NOUNS})\\b[^:?]{0,60}:\\s+(?=\\S)`,
  'iu',
);
/**
 * The period a lead-in names ("Monthly report for November:", "Q3 review pack:"), its other words blanked: the period
 * is the question's, while "monthly" or "report" there say what the figures are for, not a grouping.
 */
function periodWordsOf(lead: string, now: Date, timeZone: string): string {
  const lower = lead.toLowerCase();
  const found = findPeriod(lower, now, timeZone);
  if (!found) return ' ';
  const words = [...lower].map((ch, i) => (found.rest[i] === ch ? ' ' : ch)).join('');
  return ` ${words.replace(/\s+/g, ' ').trim()} `;
}

/** Whether a lead-in names what the answer is about (a department, an app, a measure): then it is kept and read. */
function namesAFilter(lead: string, departments: readonly string[]): boolean {
  const said = new Set(lead.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const tagged = [...said].some((w) => {
    const tag = WORDS.get(w);
    return APP_WORDS.includes(w) || !!tag?.measure || tag?.cue === 'users' || tag?.cue === 'license';
  });
  return (
    tagged ||
    departments.some((d) =>
      d
        .toLowerCase()
        .split(/\s+/)
        .every((part) => said.has(part)),
    )
  );
}
const SPAN =
  /(?<!\b(?:on|for|during|in)\s+)\b(?:over|across|throughout|spanning)\s+(?:a\s+period\s+of\s+)?(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(days|weeks|months)\b(?!\s+(?:of|ago)\b)/gi;
const NOTHING_USED =
  /\b(?:no|zero|0)\s+(?:copilot\s+|m365\s+copilot\s+)?(?:activity|activities|usage|use|prompts|sessions|interactions|engagement)\b/gi;
/**
 * "have only one session", "only ever had a single prompt", "with just two sessions": what each person has, exactly
 * that many (thresholds.ts reads "exactly"). "Only 3 apps" alone stays a cut-off ("top 3 only"), not a condition.
 */
const ONLY_HAD =
  /\b(?:(?:only|just)\s+(?:ever\s+)?(have|has|had|having|made|sent|got|used|started|opened)|(have|has|had|having|with|made|sent|got)\s+(?:only|just)(?:\s+ever)?(?:\s+(?:had|made|sent|got|used))?)\s+(a\s+single|single|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,4})\b/gi;
/** A count as digits: "a single" and "one" are 1 (number words as the reader knows them). */
const countOf = (n: string) => String(/single/i.test(n) ? 1 : (numberWord(n.toLowerCase()) ?? n));
/** "first used", "first Copilot use", "first activity": the start of someone's use (read as "started using"). */
const FIRST_USE =
  /\bfirst\s+(?:(?:used?|using|tried|touched|started\s+using|began\s+using)\b|(?:(?:copilot|m365\s+copilot|microsoft\s+365\s+copilot)\s+)?(?:use|usage|activity)\b(?!\s+(?:of|by|in|on)\s+(?:the\s+)?(?:apps?|departments?|teams?|files?)\b))/gi;
/** "is asking for the number of prompts": someone asking the admin for figures, set aside before "ask" is read. */
const ASKING_FOR =
  /\b(?:(?:is|are|was|were|am|keeps?|kept)\s+)?(?:ask|asks|asked|asking)\s+(?:me\s+|us\s+|again\s+)?for\s+(?=(?:the\s+|a\s+|an\s+|our\s+|some\s+)?(?:number|numbers|figures?|counts?|list|stats|statistics|report|breakdown|data|prompts?|sessions?|interactions?|responses?|usage|adoption)\b)/gi;
/** "send her first prompt", "their first Copilot question": the first prompt sent (read as "started using"). */
const FIRST_PROMPT =
  /\b(?:(?:send|sent|sends|make|made|makes|ask|asked|asks|submit|submitted|type|typed|write|wrote)\s+)?(?:(?:his|her|their|the|a)\s+)?(?:very\s+)?first\s+(?:(?:copilot|m365\s+copilot|microsoft\s+365\s+copilot)\s+)?(?:prompts?|questions?|interactions?)\b/gi;
/** A question of when (or who), not of what. */
const WHEN_OR_WHO = /^\s*(?:when|since\s+when|who|which\s+(?:users?|people|persons?))\b/i;
/** "vs the previous 30 days", "compared with the 8 weeks before": a span set beside the same span up to now. */
const SPAN_COUNT = String.raw`(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty|ninety)`;
const AGAINST_SPAN = new RegExp(
  String.raw`\b(?:vs\.?|versus|compared\s+(?:to|with)|against)\s+(?:the\s+)?(?:(?:previous|prior|preceding)\s+${SPAN_COUNT}\s+(days|weeks|months)|${SPAN_COUNT}\s+(days|weeks|months)\s+before)\b`,
  'gi',
);
const HOW_SERIOUS =
  /\s*,?\s*(?:and\s+)?(?:how\s+(?:serious|severe|bad|critical|dangerous)\s+(?:are|is|were|was)\s+(?:they|these|those|it|them|the\s+findings|the\s+alerts)|(?:what|which)\s+(?:is|are)\s+(?:their|the)\s+severit(?:y|ies)|what\s+severit(?:y|ies)(?:\s+(?:are|is)\s+(?:they|it))?)(?=\s*[?.!]*\s*$)/i;

/**
 * "did usage go up or down vs the previous 30 days": with no period named before it, the same span up to now is what is
 * set beside it (as "in the last 30 days vs the previous 30 days" reads), read before the question is split at "vs".
 */
function spanAgainstNow(text: string, now: Date, tz: string): string {
  // A message too long to read is refused later; its periods are not looked for once per "vs" in it.
  if (text.length > MAX_QUESTION_CHARS) return text;
  return text.replace(AGAINST_SPAN, (m: string, n1?: string, u1?: string, n2?: string, u2?: string, at = 0) =>
    findPeriod(text.slice(0, at).toLowerCase(), now, tz) ? m : `in the last ${n1 ?? n2} ${u1 ?? u2} ${m}`,
  );
}

/** "used Copilot before but not …", "were active previously but have not used it …": the words before the period. */
const USED_BEFORE_NOT =
  /\b(?:(?:has|have|had)\s+)?(?:used|been\s+active|was\s+active|were\s+active|active)\s+((?:m365\s+|microsoft\s+365\s+)?copilot\s+|it\s+)?(?:before|previously|earlier|in\s+the\s+past)\s*,?\s*(?:but|and|yet)\s+(?:(?:(?:has|have|had|did|do|does|is|are|was|were)\s+)?not|(?:has|have|had|did|do|does|is|are|was|were)n'?t|never|no\s+longer)(?:\s+(?:used|been\s+active|touched|been\s+using|using)(?:\s+(?:it|copilot))?)?\s+/gi;
/** The same, tested once (not global: `test` keeps no position between questions). */
const USED_BEFORE_NOT_ONCE = new RegExp(USED_BEFORE_NOT.source, 'i');
const TICKET =
  /^\s*(?:(?:re|fw|fwd)\s*:\s*)*(?:(?:ticket|case|incident|request)\s*(?:#\s*|no\.?\s*)?[\w-]*\d[\w-]*|(?:inc|req|ritm|chg|sr|task)\d+|ticket)\s*[:\-–—]?\s*/iu;
const TICKET_FIELDS =
  /\b(?:requester|requested by|reported by|submitted by|opened by|caller|assignee|assigned to|priority|category)\s*:\s*[^.\n;?]*[.\n;]/giu;
const TICKET_LABELS =
  /\b(?:request|subject|summary|description|details|question|issue|triage|alert|escalate|escalation|urgent|fyi|context|background|note)\s*:/giu;
/** "the same day last week", "the same period last month", "the same days a year ago": the period asked, a unit earlier. */
const SAME_DAYS_EARLIER =
  /\b(?:the\s+)?same\s+(?:day|days|dates|time|period|stretch|point)\s+(?:(?:of\s+|in\s+)?(?:last|the\s+previous|previous|the\s+prior|prior)\s+(week|month|quarter|year)|the\s+(week|month|quarter|year)\s+before|(?:a|one)\s+(week|month|quarter|year)\s+(?:ago|earlier|before))\b/i;
/** "the most sites", "how many SharePoint sites": sites counted, as "most sites". */
function sitesCounted(words: Word[]): string[] {
  return words.flatMap((w, i) => {
    if (w.tag?.cue !== 'sites') return [];
    let j = i - 1;
    while (j >= 0 && (words[j]!.tag?.host || words[j]!.tag?.kind)) j--;
    const before = words[j]?.raw ?? '';
    return ['most', 'many', 'fewest', 'more', 'fewer', 'least'].includes(before) ? [`${before} ${w.raw}`] : [];
  });
}
const PAID = new Set(['pay', 'paying', 'paid', 'pays']);

/**
 * "the Finance SharePoint site", "on the Legal site": a department's name before "site" names a site, not the
 * department; its words are taken from the department filter and returned to be asked about.
 */
function takeSiteNames(words: Word[]): string[] {
  const names: string[] = [];
  words.forEach((w, i) => {
    if (!w.department) return;
    let j = i + 1;
    while (words[j]?.department === w.department) j++;
    while (words[j]?.tag?.host) j++;
    if (words[j]?.tag?.cue !== 'sites') return;
    for (let k = i; k < j; k++) if (words[k]!.department) words[k] = { ...words[k]!, department: undefined };
    if (!names.includes(`${w.department} site`)) names.push(`${w.department} site`);
  });
  return names;
}

/**
 * "how many different documents", "the most SharePoint sites" by department: sources (or sites) counted once each
 * rather than their references — on a data-source answer not already by source (or site); anything else unchanged.
 */
function distinctCounted(
  answer: AskQuery | null,
  asked: { of: DistinctOf; usersFirst?: boolean } | null,
): AskQuery | null {
  if (!asked || answer?.type !== 'measure') return answer;
  const sourceUsers = answer.measure === 'source_users' && !asked.usersFirst;
  if (answer.measure !== 'references' && !sourceUsers) return answer;
  if (answer.by.includes(asked.of === 'sites' ? 'site' : 'source')) return answer;
  return { ...answer, measure: 'references', distinct: asked.of };
}

/** "only uses Teams", "uses nothing but Word", "no other app": one app used and no other. */
const ONLY_APP =
  /\b(?:only|just|exclusively|solely)\s+(?:use[sd]?|using)\b|\b(?:use[sd]?|using)\s+(?:only|just|exclusively|solely|nothing but)\b|\bnothing but\b|\bno other apps?\b/;

/** "How long since … last …", "how much time has passed since … last …": a last use asked as the time since it. */
const SINCE_LAST =
  /^\s*how\s+(?:long|much\s+time)\s+(?:(?:has\s+it\s+been|is\s+it|has\s+passed|has\s+gone\s+by)\s+)?since\s+(?=[^?]*\blast\b)/i;
/** "when did … last use", "when was … last active": the time of a person's last use. */
const WHEN_LAST =
  /^\s*(?:(?:for|about|re|regarding)\s+[^,?:]{1,60}[,:]\s*)?when\s+(?:did|was|has|have|is)\b[^?]*\blast\b(?!\s+(?:\d+\s+)?(?:weeks?|months?|quarters?|years?|days?|hours?|night|weekend|fortnight|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)/;

/**
 * A person's last use: their sessions newest first (the first row is the last use), in the apps asked and the period
 * asked, else all synced history; null (asked back) for anything else than one person's figure.
 */
function lastUse(answer: AskQuery | null, ctx: UnderstandContext): AskQuery | null {
  // "… and in which app?", "which day": each session row says its app and day, the first the last use.
  const shown = answer?.type === 'measure' && answer.by.every((d) => d === 'app' || d === 'day');
  if (answer?.type !== 'measure' || answer.filters.people.length !== 1 || !shown || answer.compare) return answer;
  const period = answer.period.default ? allTime(ctx.now, ctx.timeZone) : answer.period;
  return { type: 'list', list: 'sessions', person: answer.filters.people[0]!, apps: answer.filters.apps, period };
}

/** "people who used Teams but never Word": with no period named, "never" looks over all synced history. */
function neverEver(answer: AskQuery | null, lower: string, ctx: UnderstandContext): AskQuery | null {
  if (answer?.type !== 'measure' || !answer.who?.notApps || !answer.period.default || !/\bnever\b/.test(lower))
    return answer;
  return { ...answer, period: allTime(ctx.now, ctx.timeZone) };
}

/** "users who have more than 50 prompts", "who tried Copilot only once or twice": a person's count so far. */
const SO_FAR =
  /\b(?:users?|people|persons?|employees|staff|who|which|everyone|anyone)\s+(?:have|has|had|got)\b|\btried\b|\b(?:only|just)\s+(?:ever\s+)?(?:used|touched|opened)\b|\bused\s+(?:[\p{L}'-]+\s+){0,3}?(?:only\s+|just\s+)?(?:once|twice|thrice)\b/u;

/**
 * "The list of agents of Lina Olsen": a person's agents are every app they have used Copilot in (the Agents
 * inventory), so with no period named, over all synced history, not the default 30 days.
 */
function agentsEver(answer: AskQuery | null, r: Reading, ctx: UnderstandContext): AskQuery | null {
  if (answer?.type !== 'measure' || !answer.period.default || answer.filters.people.length !== 1) return answer;
  if (answer.by.join() !== 'app' || !r.words.some((w) => w.tag?.measure === 'agents')) return answer;
  return { ...answer, period: allTime(ctx.now, ctx.timeZone) };
}

/** "only ones who actually used it", "excluding non-users": the people with activity, not the licence holders at 0. */
const USERS_ONLY =
  /\b(?:only|just)\s+(?:the\s+)?(?:ones|those|people|users|persons|employees)\s+(?:who|that)\s+(?:(?:actually|really|have|has)\s+)*(?:used|use|tried|touched)\b|\b(?:who|that)\s+(?:actually|really)\s+used\s+(?:it|copilot)\b|\bexclud\w*\s+(?:the\s+)?(?:non[-\s]?users|zeros?|(?:people|users|those|ones)\s+with\s+(?:none|zero|no\s+\w+))\b|\b(?:ignor\w*|without)\s+(?:the\s+)?(?:non[-\s]?users|zeros)\b/;

/** A lowest-first ranking of people that keeps only those with activity when the question says so. */
function usersOnly(answer: AskQuery | null, lower: string): AskQuery | null {
  if (answer?.type !== 'measure' || answer.order !== 'asc' || answer.by.join() !== 'user' || answer.having)
    return answer;
  return USERS_ONLY.test(lower) ? { ...answer, activeOnly: true } : answer;
}

/** A condition on each person's count asked as what they have (or tried) with no period named: all synced history. */
function thresholdEver(answer: AskQuery | null, lower: string, ctx: UnderstandContext): AskQuery | null {
  if (answer?.type !== 'measure' || !answer.having || answer.having.of || !answer.period.default) return answer;
  if (answer.by.join() !== 'user' || !SO_FAR.test(lower)) return answer;
  return { ...answer, period: allTime(ctx.now, ctx.timeZone) };
}

/** "who used Excel most recently", "who was the last person to use Loop", "who last used Planner". */
const RECENT =
  /\bmost\s+recent(?:ly)?\b(?!\s+(?:activity|use|usage|login|log-?in|sign[\s-]?in|interaction|session|prompt)s?\b)|\blast\s+(?:person|people|user|users|one|ones|employee|colleague)\s+(?:to|who|that)\b|^\s*who\s+(?:has\s+|had\s+)?last\s+used\b|^\s*who\s+used\s+[^?]*?\blast\s*\??\s*$/;

/** The asker's own department or team, not named. */
const OWN_TEAM =
  /\b(?:our|my)\s+(?:own\s+)?(?:department|dept|team|division|unit|org|organisation|organization)(?:'s)?\b/;

const RANKED_BY_FIGURE =
  /\b(?:top\s+\d+|by\s+(?:prompts?|sessions?|interactions?|responses?|usage|activity|use)|most\s+(?:active|prompts?|sessions?|used|use|usage))\b/;

/** People by their last use, latest first (executeRecent.ts), over all synced history when no period is named. */
function recentUse(answer: AskQuery | null, lower: string, ctx: UnderstandContext): AskQuery | null {
  if (answer?.type !== 'measure' || !RECENT.test(lower) || answer.compare) return answer;
  // "the last users that used Teams": the people counted are the people listed, by their last use (as "who").
  const counted =
    answer.measure === 'active_users' && !answer.by.length && !answer.having && !/\bhow\s+many\b/.test(lower);
  if (answer.by.join() !== 'user' && !counted) return answer;
  // "top 10 users by prompts … most recently": a ranking by a figure asked, which stays one.
  if (RANKED_BY_FIGURE.test(lower)) return answer;
  const period = answer.period.default ? allTime(ctx.now, ctx.timeZone) : answer.period;
  const listed = counted ? { measure: 'prompts' as const, by: ['user' as const] } : {};
  return { ...answer, ...listed, recent: true, order: 'desc', period };
}

/** "which apps has Lee used", "has Diego tried Copilot in Excel": a person's use so far, not in the last 30 days. */
const HAS_USED = /\b(?:has|have)\s+(?:(?!but\b|never\b)[\p{L}'-]+\s+){0,6}?(?:used|tried|touched|opened)\b/u;

/** A person's figure asked in the perfect ("has … used") with no period named: over all synced history, said so. */
function personEver(answer: AskQuery | null, lower: string, ctx: UnderstandContext): AskQuery | null {
  if (answer?.type !== 'measure' || !answer.period.default || !answer.filters.people.length || answer.compare)
    return answer;
  return HAS_USED.test(lower) ? { ...answer, period: allTime(ctx.now, ctx.timeZone) } : answer;
}

const DAYS_COUNTED =
  /\b(?:on|for|during)\s+(?:more than|at least|over|fewer than|less than|under|at most|exactly)\s+\d+\s+(?:separate\s+|different\s+)?(?:days?|weeks?)\b/g;

/** "sessions that had more than 5 prompts", "conversations with over 10": a condition said of each session. */
const SESSION_CONDITION =
  /\b(?:sessions?|conversations?|chats?|threads?)\s+(?:(?:that\s+|which\s+|where\s+)?(?:had|have|has|with|having|containing|contained|ran|lasted|of)|where|in\s+which)\b/;

/** "which apps have over 100 prompts": the threshold's noun is the measure when nothing else names one. */
const thresholdMeasure = (t: FoundThreshold | null) => (t?.measure && t.measure !== 'unsupported' ? t.measure : null);

/** Licence holders, and what a condition beside them can count per holder. */
const LICENCE_HOLDERS = new Set(['licensed_users', 'licensed_inactive']);
/** "Active users", "people active", "who were active": only those with activity are meant. */
const ACTIVE_SAID = /\bactive\b/;
/** People with a figure ("users with", "people who have", "staff having"): a row per person. */
const PEOPLE_WITH =
  /\b(?:users?|people|persons?|employees|staff|colleagues|folks)\s+(?:with|having|(?:who|that)\s+(?:have|had|made|got|sent))\b/;
const HOLDER_COUNTS = new Set(['prompts', 'responses', 'interactions']);
/** "once", "twice", "3 times": a number of uses, counted in prompts. */
const USES = /\b(?:once|twice|thrice|times?)\b/i;

/** Counts of people, licences and sources: a per-row condition on them has nothing to count per row. */
const NO_THRESHOLD = new Set(['licensed_inactive', 'licensed_users', 'new_users', 'source_users']);

/**
 * Applies "more than 3 apps" to the answer: the noun's measure (a person's apps are their agents), per person when
 * nothing else is grouped, every row that meets it (no top N unless asked). Asked back, with the words, when it
 * cannot be applied — a list, two groupings, or a noun nothing counts per row — rather than answered without it.
 */
function withThreshold(answer: AskQuery | null, t: FoundThreshold, r: Reading, tz: string): AskQuery | null {
  if (!answer || answer.type !== 'measure') return answer && rephrase(answer, [t.text], r, tz);
  // "how many sessions had more than 5 prompts": a condition on each session, which no row here is: asked back, never
  // read as the sessions of people with more than 5 prompts.
  if (t.measure && t.measure !== 'sessions' && SESSION_CONDITION.test(r.words.map((w) => w.raw).join(' ')))
    return rephrase(answer, [t.text], r, tz);
  // "prompts by department, only departments with more than 5 active users": a condition on another measure.
  const other = otherMeasureCondition(answer, t, r);
  if (other) return other;
  // "users who used Copilot only once": what a person did, counted in prompts.
  const fallback =
    answer.measure === 'active_users' && !answer.by.some((d) => d !== 'user') ? 'prompts' : answer.measure;
  const measure = t.measure ?? fallback;
  // "who got a licence but only tried it once": the licence holders whose count meets it (no activity counts 0).
  // "how many licence holders used Copilot more than 10 times last month": a condition on each holder, not adoption.
  if ((LICENCE_HOLDERS.has(answer.measure) || answer.measure === 'adoption') && !answer.by.length && !answer.compare) {
    // A bare number ("licensed users with more than 3") names nothing to count: asked back, not taken as prompts.
    const counted = t.measure ?? (USES.test(t.text) ? 'prompts' : null);
    if (!counted || !HOLDER_COUNTS.has(counted)) return rephrase(answer, [t.text], r, tz);
    return { ...answer, measure: 'licensed_users', having: t.having, holderCount: counted as HolderCount };
  }
  // "users with more than 3 file references": the people are the rows, not the sources a count of references ranks.
  const peopleRows =
    PEOPLE_WITH.test(r.words.map((w) => w.raw).join(' ')) &&
    answer.by.length === 1 &&
    (answer.by[0] === 'source' || answer.by[0] === 'site') &&
    !r.dims.includes(answer.by[0]);
  const by = answer.by.length === 0 || peopleRows ? ['user' as const] : answer.by;
  if (measure === 'unsupported' || NO_THRESHOLD.has(measure) || by.length > 1 || answer.compare)
    return rephrase(answer, [t.text], r, tz);
  if (measure === 'active_users' && by[0] === 'user') return rephrase(answer, [t.text], r, tz);
  const { limit: _limit, ...rest } = answer;
  // "active users with fewer than 5 prompts": those active, never the licence holders with none.
  const activeOnly = answer.measure === 'active_users' && measure !== 'active_users' && ACTIVE_SAID.test(r.words.map((w) => w.raw).join(' ')); // prettier-ignore
  return {
    ...rest,
    measure,
    by,
    having: t.having,
    ...(r.limit !== undefined ? { limit: r.limit } : {}),
    ...(activeOnly ? { activeOnly: true as const } : {}),
  };
}

/**
 * Verbs that also ask to see more ("extend that to the last 6 months", "upgrade to top 20", "restore the default view",
 * "take off the weekends"): a change only with what a change is made to (a licence, access, users).
 */
const MOMENT_OR_HOUR =
  /\btime\s+(?:has\s+(?:passed|gone\s+by)\s+)?since\b|\bhours?\s+of\s+(?:the\s+)?day\b|\bby\s+(?:the\s+)?hour\b|\bper\s+hour\b|\bhourly\b/;
const SOFT_CHANGE = /^(?:\S+\s+){0,6}?(?:extend|renew|transfer|upgrade|downgrade|restore|provision|take)\b/;
const CHANGE_OBJECTS =
  /\b(licen[cs]es?|licen[cs]ed|copilot|access|users?|prompts?|data|departments?|seats?|accounts?|permissions?|everyone|sync)\b/;

const AGAINST =
  /\b(?:compare[sd]?\s+(?:it\s+|that\s+)?(?:to|with)|vs\.?|versus|than|against)\s+(?:the\s+)?(?:last|previous|prior)\s+(week|month|quarter|year)\b/;

const query = (q: AskQuery): ParseResult => ({ type: 'query', query: q });

/** The slips read past, kept on the answer's query so its interpretation line says them. */
function withSpelling(result: ParseResult, spelled: Spelling[]): ParseResult {
  if (!spelled.length || result.type !== 'query') return result;
  const q = result.query;
  if (q.type !== 'measure' && q.type !== 'list' && q.type !== 'findings') return result;
  return query({ ...q, spelled: spelled.slice(0, 8) });
}

function reply(kind: ReplyQuery['reply'], extra: Partial<ReplyQuery> = {}): ReplyQuery {
  return { type: 'reply', reply: kind, notUnderstood: [], suggestions: [], people: [], choices: [], ...extra };
}

const wordsOf = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean);

/** A full name of several words: its person, its place in the directory's order, its words. */
interface FullName {
  p: NamedPerson;
  order: number;
  parts: string[];
}

/** Every word of the directory's names, and its names of two words or more by their first word. */
function fullNamesOf(people: readonly NamedPerson[]) {
  const nameWords = new Set<string>();
  const byFirst = new Map<string, FullName[]>();
  const nameParts = { first: new Set<string>(), last: new Set<string>() };
  people.forEach((p, order) => {
    const parts = wordsOf(p.displayName);
    for (const part of parts) nameWords.add(part);
    if (parts.length < 2) return;
    nameParts.first.add(parts[0]!);
    nameParts.last.add(parts[parts.length - 1]!);
    const list = byFirst.get(parts[0]!) ?? [];
    list.push({ p, order, parts });
    byFirst.set(parts[0]!, list);
  });
  return { nameWords, byFirst, nameParts };
}

/**
 * Full display names typed out ("Grace Abbott") are people before any word is read as a keyword. Where names
 * overlap in the text, the one first in the directory takes its words (then the earlier place).
 */
function markFullNames(words: Word[], people: NamedPerson[]): Map<number, NamedPerson> {
  const { byFirst } = derivedFrom(people, fullNamesOf);
  const typedAt = (name: FullName, i: number) => name.parts.every((part, j) => words[i + j]?.raw === part);
  const hits = words
    .flatMap((w, i) => (byFirst.get(w.raw) ?? []).filter((name) => typedAt(name, i)).map((name) => ({ name, i })))
    .sort((a, b) => a.name.order - b.name.order || a.i - b.i);
  const found = new Map<number, NamedPerson>();
  for (const { name, i } of hits) {
    if (name.parts.some((_, j) => words[i + j]!.used)) continue;
    for (let j = 0; j < name.parts.length; j++) words[i + j] = { ...words[i + j]!, used: true };
    found.set(i, name.p);
  }
  return found;
}

/** The text with each full name of the directory typed in it hidden from the date reader, at the same places. */
function hideFullNames(text: string, people: readonly NamedPerson[]): string {
  const { byFirst } = derivedFrom(people, fullNamesOf);
  const words = [...text.matchAll(/[\p{L}\p{N}'-]+/gu)];
  let hidden = text;
  words.forEach((w, i) => {
    const named = (byFirst.get(w[0].toLowerCase()) ?? []).find((name) =>
      name.parts.every((part, j) => words[i + j]?.[0].toLowerCase() === part),
    );
    if (!named) return;
    const last = words[i + named.parts.length - 1]!;
    const [from, to] = [w.index, last.index + last[0].length];
    hidden = hidden.slice(0, from) + hidden.slice(from, to).replace(/\S/g, '\u0000') + hidden.slice(to);
  });
  return hidden;
}

const TEAM_NOUNS = new Set(['team', 'department', 'dept', 'division', 'org', 'group', 'unit']);
const DEPARTMENT_LEAD = new Set(['in', 'from', 'for', 'of']);

/** "in Narnia department", "the Wizards team": a department the directory does not have. */
function unknownDepartmentOf(
  words: Word[],
  departments: readonly string[],
  lower: string,
  nameWords: ReadonlySet<string>,
): ReplyQuery | null {
  const at = words.findIndex(
    (w, i) => TEAM_NOUNS.has(w.word) && i > 0 && !words[i - 1]!.used && !words[i - 1]!.department,
  );
  // "wasted in HR", "users from QA": a short name in capitals after "in"/"from" is a department's.
  const acronym = words.findIndex(
    (w, i) => w.upper && !w.used && /^\p{L}{2,4}$/u.test(w.raw) && DEPARTMENT_LEAD.has(words[i - 1]?.word ?? ''),
  );
  // A group word ("people in X") is looked for only where neither is found.
  const name = at > 0 ? words[at - 1] : acronym >= 0 ? words[acronym] : words[groupWordAt(words, nameWords)];
  if (!name) return null;
  // "our own team": the asker's own department, asked which (OWN_TEAM), not one called "Own".
  if (FILLER.has(name.word) || name.num !== undefined || name.tag || name.word === 'own') return null;
  const typedName = name.upper ? name.raw.toUpperCase() : name.raw.charAt(0).toUpperCase() + name.raw.slice(1);
  const nearest = [...departments]
    .sort((a, b) => editDistance(name.raw, a.toLowerCase(), 20) - editDistance(name.raw, b.toLowerCase(), 20))
    .slice(0, 6);
  const pattern = new RegExp(`\\b${name.raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  return reply('unknown_department', {
    text: typedName,
    suggestions: nearest.map((d) => lower.replace(pattern, d)),
  });
}

/** People as a group of some kind ("people in X", "anyone from X", "X staff"): the group is a department. */
const GROUP_MEMBERS = new Set(['people', 'users', 'user', 'staff', 'employees', 'persons', 'folks', 'colleagues', 'members', 'personnel', 'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody', 'nobody', 'ppl']); // prettier-ignore
const GROUP_AFTER = new Set(['staff', 'folks', 'people', 'employees', 'personnel', 'colleagues', 'members', 'users']);

/**
 * A word that context makes a department though the tenant has none of that name ("How many people in Procurement",
 * "anyone from procurement", "Procurement staff"): not a word of the reader's, an app, a department or part of a
 * person's name (a person found stays a person). After the group word it may be in lower case when no reader knows it;
 * before one ("Procurement folks") it is capitalised, as "power users", "casual users" are not.
 */
function groupWordAt(words: Word[], nameWords: ReadonlySet<string>): number {
  const free = (w: Word | undefined): w is Word =>
    !!w &&
    !w.used &&
    !w.tag &&
    !w.app &&
    !w.department &&
    w.num === undefined &&
    !FILLER.has(w.word) &&
    !nameWords.has(w.raw) &&
    !w.possessive;
  // Several words no reader knows ("users in zorblax and quuxly") are asked back together, none taken for a department;
  // the group word itself ("personnel", "members") is the cue, not one of them.
  if (words.filter((w) => free(w) && !knownWord(w.raw) && !GROUP_MEMBERS.has(w.word)).length > 1) return -1;
  return words.findIndex((w, i) => {
    if (!free(w)) return false;
    const lead = words[i - 1]?.word ?? '';
    const member = words[i - 2]?.word ?? '';
    const after = GROUP_MEMBERS.has(member) && DEPARTMENT_LEAD.has(lead) && (w.capital || !knownWord(w.raw));
    const before = w.capital && (i > 0 || !knownWord(w.raw)) && GROUP_AFTER.has(words[i + 1]?.word ?? '');
    return after || before;
  });
}

const TOPIC_BEFORE = new Set(['about', 'regarding', 'mentioning', 'mention', 'mentioned', 'containing', 'concerning']);
const ARTICLES = new Set(['the', 'a', 'an', 'our', 'any', 'their', 'some']);
const STRONG_BEFORE = new Set(['did', 'does', 'is', 'has', 'was', 'about', 'whom', 'for']);
const WEAK_BEFORE = new Set(['by', 'of', 'from', 'with']);
const PERSON_AFTER = new Set([
  'ask',
  'asked',
  'asks',
  'asking',
  'use',
  'uses',
  'used',
  'using',
  'send',
  'sent',
  'prompts',
  'sessions',
  'activity',
  'usage',
  'busiest',
  'been',
]);

/**
 * People among the words nothing else claimed: a run of one to three words the directory resolves. A run it does
 * not resolve is "nobody called …" only where the question treats it as a person (a capitalised name, "did X ask",
 * "X's", near names in the directory); otherwise it is a word not understood, never a person.
 */
async function findPeople(
  words: Word[],
  ctx: UnderstandContext,
  full: Map<number, NamedPerson>,
): Promise<{ people: Person[] } | { reply: ReplyQuery; run: [number, number] }> {
  const people: Person[] = [...full.values()].map(toPerson);
  for (let i = 0; i < words.length; i++) {
    if (!isCandidate(words[i]!)) continue;
    let end = i;
    while (end + 1 < words.length && end - i < 2 && isCandidate(words[end + 1]!)) end++;
    // "the Fourth Coffee Playbook", "Coho Winery Budget.xlsx": a thing's name (after "the", or before a file's
    // extension) is no one's; its words stay not understood.
    const titled = words[i - 1]?.raw === 'the' && words[i]!.capital && !words[i]!.upper;
    // Stryker disable next-line StringLiteral: last word of the question: any fallback with no extension is the same
    if (titled || FILE_NAME.test(words[end + 1]?.raw ?? '')) {
      i = end;
      continue;
    }
    // "Olsen getting on", "Joni, Ivan and Angela": a run nobody is called ends where a name the directory has does.
    const { resolved, last } = await nameRun(words, i, end, ctx);
    end = last;
    const run = words.slice(i, end + 1);
    // "compare October with November": a calendar word nobody in the directory is called is no one's name.
    if (resolved.status === 'none' && run.some((w) => CALENDAR_WORDS.has(w.raw.toLowerCase()))) {
      i = end;
      continue;
    }
    const text = run.map((w) => w.raw).join(' ');
    // Stryker disable next-line StringLiteral: the cue lists hold only words, so any fallback text is in none of them
    const prev = words[i - 1]?.raw ?? '';
    // Stryker disable next-line StringLiteral: as above, for PERSON_AFTER
    const next = words[end + 1]?.raw ?? '';
    // "mentioning the merger": the word before, past articles.
    const before = words
      .slice(0, i)
      .reverse()
      .find((w) => !ARTICLES.has(w.raw));
    // Stryker disable next-line StringLiteral: as above, for TOPIC_BEFORE (on a statement: not applied inside a chain)
    const lead = before?.raw ?? '';
    const capital = run.some((w) => w.capital && !w.upper) && i > 0;
    // The question is nothing but the name (and filler words): "alex wilber".
    const alone = words.every((w, j) => (j >= i && j <= end) || FILLER.has(w.word));
    // "is missing", "did sales": a lower-case word after "is"/"did" is a person only if it reads as a name (the
    // directory's, a near one, or a name people have), so a word nobody is called stays a word not understood.
    const named =
      capital ||
      // Stryker disable next-line MethodExpression,ArrowFunction: only `strong` reads it, and holds a possessive itself
      run.some((w) => w.possessive) ||
      resolved.status !== 'none' ||
      resolved.suggestions.length > 0 ||
      run.every((w) => isPersonName(w.raw));
    const strong =
      (STRONG_BEFORE.has(prev) && named) ||
      run.some((w) => w.possessive) ||
      (capital && (WEAK_BEFORE.has(prev) || PERSON_AFTER.has(next) || run.length > 1)) ||
      // "Megan prompts last week": a name people have opening the question, before a word said of a person.
      (i === 0 && PERSON_AFTER.has(next) && run.every((w) => isPersonName(w.raw)));
    if (
      resolved.status === 'found' &&
      (alone || strong || capital || PERSON_AFTER.has(next) || WEAK_BEFORE.has(prev) || text.length >= 4)
    ) {
      people.push(toPerson(resolved.user));
      for (let j = i; j <= end; j++) words[j] = { ...words[j]!, used: true };
    } else if (
      resolved.status === 'ambiguous' &&
      // "Joni, Olsen and Ivan": a capitalised name listed beside people found is one of them too.
      (alone || strong || PERSON_AFTER.has(next) || (capital && people.length > 0))
    ) {
      return {
        reply: reply('which_person', {
          text,
          people: resolved.candidates.map((c) => ({ person: toPerson(c), label: labelOf(c), query: null })),
        }),
        run: [i, end],
      };
    } else if (resolved.status === 'none' && TOPIC_BEFORE.has(lead) && !capital && !run.some((w) => w.possessive)) {
      // "who asked Copilot about salaries": a subject, not a person nobody is called.
      // Stryker disable next-line ArrayDeclaration: a topic reply offers no one, so no choice's query reads the run
      return { reply: reply('topic', { text }), run: [i, end] };
    } else if (
      resolved.status === 'none' &&
      (strong || (alone && resolved.suggestions.length > 0) || readsAsFullName(run.map((w) => w.raw)))
    ) {
      // "grady archie prompts by app": a full name the directory lacks (no licence, no use) is a person nobody is
      // called, as a capitalised one is; words typed by mistake are no one's name and stay not understood.
      return {
        reply: reply('nobody', {
          text,
          people: resolved.suggestions.map((c) => ({ person: toPerson(c), label: labelOf(c), query: null })),
        }),
        run: [i, end],
      };
    }
    i = end;
  }
  return { people: dedupe(people) };
}

/**
 * The directory's reading of the candidate words `i`..`end`; where nobody is called all of them, the longest shorter
 * run someone is called, when the word after it is no name people have ("getting") or starts a name of its own
 * ("ivan" after "joni"). A full name the directory lacks ("grady archie") keeps all its words.
 */
async function nameRun(words: Word[], i: number, end: number, ctx: UnderstandContext) {
  const resolveAt = (last: number) =>
    resolveUser(
      ctx.names,
      words
        .slice(i, last + 1)
        .map((w) => w.raw)
        .join(' '),
    );
  const whole = await resolveAt(end);
  if (whole.status !== 'none') return { resolved: whole, last: end };
  for (let last = end - 1; last >= i; last--) {
    const resolved = await resolveAt(last);
    if (resolved.status === 'none') continue;
    const after = words[last + 1]!.raw;
    if (!isPersonName(after) || (await resolveUser(ctx.names, after)).status !== 'none') return { resolved, last };
  }
  return { resolved: whole, last: end };
}

/**
 * Words set beside a person being compared ("compare adele and megan") that nobody in the directory is called: each
 * run of them, when every word left over is such a word; else none (the question is asked about instead).
 */
async function unmatchedNames(r: Reading, leftover: Word[], ctx: UnderstandContext): Promise<string[]> {
  if (!r.cues.has('compare') || r.people.length === 0 || leftover.length === 0 || leftover.length > 3) return [];
  for (const w of leftover) if (!isCandidate(w) || (await resolveUser(ctx.names, w.raw)).status !== 'none') return [];
  const runs: string[] = [];
  // Stryker disable next-line UnaryOperator: the first word starts a run whatever it is, as `runs` is still empty
  let previous = -2;
  for (const w of leftover) {
    const at = r.words.indexOf(w);
    if (at === previous + 1 && runs.length) runs[runs.length - 1] += ` ${w.raw}`;
    else runs.push(w.raw);
    previous = at;
  }
  return runs;
}

/** Pronouns stand for someone the question does not name: never a person looked up (nor near one), never dropped. */
const PRONOUNS = new Set(['he', 'him', 'his', 'she', 'her', 'hers', 'himself', 'herself', 'someone', 'somebody']);

/** A file's name ("Coho Winery Budget.xlsx") is no one's name. */
const FILE_NAME = /\.(?:docx?|xlsx?|pptx?|pdf|loop|one|txt|csv|vsdx|msg|eml)$/i;

const isCandidate = (w: Word) =>
  !w.used &&
  !FILE_NAME.test(w.raw) &&
  !PRONOUNS.has(w.raw) &&
  // "regarding salaries": the word that makes the next one a topic is no part of a name.
  !TOPIC_BEFORE.has(w.raw) &&
  !NEVER_NAMES.has(w.raw) &&
  !FAULT_WORDS.has(w.raw) &&
  w.num === undefined &&
  !FILLER.has(w.word) &&
  !FILLER.has(w.raw) &&
  /^\p{L}[\p{L}.'-]*$/u.test(w.raw);

const toPerson = (u: { userId: string; displayName: string | null; userPrincipalName: string | null }): Person => ({
  userId: u.userId,
  name: (u.displayName ?? u.userPrincipalName ?? u.userId).trim().slice(0, 120),
});
const labelOf = (u: {
  displayName: string | null;
  userPrincipalName: string | null;
  department: string | null;
  userId: string;
}) =>
  `${(u.displayName ?? u.userPrincipalName ?? u.userId).trim()}${u.department ? ` (${u.department})` : ''}`.slice(
    0,
    160,
  );
const dedupe = (list: Person[]) => [...new Map(list.map((p) => [p.userId, p])).values()];

/** Money words: the product knows no prices, and says so with what it can count instead (licences and their use). */
const PRICE_SUGGESTIONS = ['Adoption rate last 30 days', 'Licensed users without Copilot activity', 'Adoption by department last 30 days']; // prettier-ignore
const PRICE_WORDS = new Set(['cost', 'costs', 'price', 'prices', 'pricing', 'roi', 'spending', 'budget', 'billing', 'invoice', 'invoices', 'money', 'fee', 'fees']); // prettier-ignore

/** History the sync could not read ("could not be read", "unreadable", "failed to read"), asked about. */
const NOT_READ =
  /\b(?:(?:could|can|was|were|is|are|has|have|had|did|does|do)\s+not\s+(?:be\s+|been\s+)?read|cannot\s+(?:be\s+)?read|unreadable|(?:failed|unable)\s+to\s+(?:be\s+)?read)\b/;

/** A sync question about who failed or why ("which user errored", "what went wrong", "failures"): names them. */
const SYNC_FAILING =
  /\b(?:who|whom|whose|which\s+(?:users?|people|persons?|accounts?|mailbox(?:es)?|ones?)|why|what\s+went\s+wrong|what\s+(?:(?:was|were|is|are)\s+the\s+)?(?:errors?|problems?|issues?|reasons?|causes?)|(?:users?|people|accounts?)\s+(?:with|that|who|whose|it)\b|(?:failed|failing|unreadable)\s+(?:users?|people|accounts?)|(?:by|per|for\s+each)\s+(?:users?|person)|unreadable|forbidden|details?)\b|\b40[134]\b/;

function systemIntent(r: Reading, lower: string): AskQuery | null {
  const has = (c: Parameters<Reading['cues']['has']>[0]) => r.cues.has(c);
  const mailFlow = has('mail_flow') && (r.kinds.includes('email') || r.kinds.includes('meeting')) && !has('ask');
  if (has('scope') && r.words.some((w) => PRICE_WORDS.has(w.word))) return reply('scope', { text: 'prices', suggestions: PRICE_SUGGESTIONS }); // prettier-ignore
  if (has('scope') || mailFlow) return reply('scope');
  if (has('help')) return { type: 'system', system: 'help' };
  if (HISTORY_START.test(lower)) return { type: 'system', system: 'sync', history: true };
  if (has('sync')) return { type: 'system', system: 'sync', ...(SYNC_FAILING.test(lower) ? { failing: true } : {}) };
  return null;
}

/** A risk question's findings query, or asked back with the words a findings answer cannot apply. */
function riskQuery(r: Reading, words: Word[], ctx: UnderstandContext, age?: FindingAge): AskQuery {
  const read = findingsQueryOf(r, ctx.now, ctx.timeZone);
  const [findings, unclear] = [withAge(read.query, age), read.unclear];
  const leftover = words.filter(
    (w) => !w.used && (w.num === undefined ? !FILLER.has(w.word) && !FILLER.has(w.raw) : w.num !== r.limit),
  );
  const all = [...leftover.map((w) => w.raw), ...unclear];
  return all.length > 0 ? rephrase(findings, all, r, ctx.timeZone) : findings;
}

/**
 * "delete Mark Mensah from the system", "delete user Lee Gu", "delete Mark's account": taken out of the organisation's
 * records, not a saved question's name (a bare name stays one: an admin may name a saved question after a person).
 */
const REMOVES_SOMEONE =
  /\bfrom\s+(?:the\s+|our\s+)?(?:system|tenant|directory|company|organi[sz]ation|org|copilot|licen[cs](?:e|es|ing)|azure|entra|ad|m365|office|365)\b|^(?:the\s+)?(?:user|account|person|employee|member)\s+\S|['’]s?\s+(?:account|licen[cs]e|access|data|history|user)\b/i;

/** Asked back: what was understood, the words that were not, and questions close to it that can be answered. */
function rephrase(answer: AskQuery | null, unclear: string[], r: Reading, tz: string): ReplyQuery {
  return reply('rephrase', {
    notUnderstood: unclear.slice(0, 10).map((w) => w.slice(0, 60)),
    ...(answer && answer.type !== 'reply' ? { understood: describeQuery(answer, tz).slice(0, 300) } : {}),
    suggestions: suggestionsFor(answer, r),
  });
}
