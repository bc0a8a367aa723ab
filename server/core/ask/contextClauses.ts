import type { NamedPerson } from '../insights/questions/nameDirectory';
import { findPeriod } from './periods';
import type { AskQuery, FindingsQuery, ListQuery, MeasureQuery, PeriodValue, SystemQuery } from './querySchema';
import { departmentReference, departmentsIn } from './contextGroups';
import { pronounIn, writePronouns, type Resolved } from './pronouns';
import { APP_ALIASES, appName } from './lexicon';
import { spellMonths } from './text';
import { readOnFirstsSubject } from './firstsSubject';

/** What reading one piece of text gives (understand.ts's reader, passed in so this module does not import it). */
type ReadOne = (text: string) => Promise<AskQuery | null>;

/** A question the context can stand around: an answer, findings, the access log, privacy or the sync's status. */
type Answerable = MeasureQuery | ListQuery | FindingsQuery | SystemQuery;

/**
 * The answer to a message with context around its question, or, where the context names a department the question
 * does not refer to, that department and the question (asked: its figures, or everyone's); null where the context must
 * be asked about otherwise.
 */
export type InContext = { query: Answerable } | { department: string; question: Answerable; clause: string };

/**
 * A ticket or a message whose question follows a description of the problem ("user reports Copilot not working in
 * Excel. When did Pradeep Gupta last use Copilot in Excel?"): when the message has several sentences or clauses and
 * exactly one of them is a question the engine reads fully, that question is answered, and the interpretation line
 * says which words were taken as context. "him", "her", "his" stand for the one person the message named before them.
 * The context may lend the question its period when the question names none; it is asked about instead (null) when
 * it would change the meaning: another person, another period, or something left out ("not in Teams").
 */
export async function questionInContext(
  text: string,
  directory: readonly NamedPerson[] | Promise<readonly NamedPerson[]>,
  readOne: ReadOne,
  clock: { now: Date; timeZone: string; departments?: readonly string[] },
  referent?: Pick<Resolved, 'person' | 'plural'> | null,
): Promise<InContext | null> {
  const clauses = splitClauses(text);
  if (clauses.length < 2) return null;
  const people = await directory;
  const departments = clock.departments ?? [];
  const read = await Promise.all(
    clauses.map(async (clause, i) => {
      const before = clauses.slice(0, i).join(' ');
      // The one person the whole message names (pronouns.ts), else the one named before this clause.
      const person = referent ? { displayName: referent.person } : onlyPersonIn(before, people);
      const pronoun = referent ? pronounIn(clause, referent) : person ? PRONOUN.exec(clause)?.[0] : undefined;
      const group = pronoun ? null : departmentReference(clause, departmentsIn(before, departments));
      const written = referent ? writePronouns(clause, referent) : person && withPronouns(clause, person);
      const resolved = group ? group.resolved : pronoun && written ? written : clause;
      // "did the sync fail? and how many prompts last week": the joining word is no follow-up to a conversation.
      const q = await readOne(i > 0 ? resolved.replace(/^(?:and|also|plus)\s+(?:also\s+)?/i, '') : resolved);
      const named = group ?? (pronoun ? { pronoun, name: person!.displayName } : null);
      return { clause, resolved, person: named, q: answerable(q) };
    }),
  );
  // "How many findings are open and which are high?": "which are high" is read on the findings.
  await readOnFirstsSubject(read, async (t) => answerable(await readOne(t)));
  const complete = read.filter((c) => c.q !== null);
  // "When did she last use it, and how many prompts did she send?": the first question answered, the others said.
  const questions = complete.filter((c) => ASKS.test(c.clause));
  const several = questions.length > 1 && SECOND_QUESTION.test(text);
  // "Ticket from Rosa Olsen: … When did she last use it?": a label or statement that reads on its own (a person's
  // name) is context around the one clause that asks.
  const oneAsked = complete.length > 1 && questions.length === 1 ? questions[0]! : null;
  if (complete.length !== 1 && !several && !oneAsked) return null;
  let asked = several ? questions[0]! : (oneAsked ?? complete[0]!);
  let unanswered = several ? questions.slice(1) : [];
  // "has anyone opened other people's conversations? show the access log": a question asked twice is answered once;
  // "which licences are wasted? list users with a licence but no activity in the last 30 days": the second is the
  // first with its period, which is the one answered.
  for (const other of unanswered) {
    if (sameAsked(asked.q, other.q)) unanswered = unanswered.filter((c) => c !== other);
    else if (periodAdded(asked.q, other.q)) {
      unanswered = unanswered.filter((c) => c !== other);
      asked = other;
    }
  }
  const context = read.filter((c) => c !== asked && !unanswered.includes(c)).map((c) => c.clause);
  const contextText = context.join(' ');
  if (LEFT_OUT.test(contextText)) return null;
  const question = asked.q!;
  // "who are our power users - people with more than 50 prompts": a condition the context sets narrows the answer, so
  // it is asked about, never set aside.
  const conditioned = (q: Answerable | null) => q?.type === 'measure' && !!(q.having || q.who);
  if (!conditioned(question) && (CONDITION.test(contextText) || read.some((c) => c !== asked && conditioned(c.q))))
    return null;
  const named = personsIn(contextText, people);
  if (named.some((p) => !peopleOf(question).includes(p.userId))) return null;
  // A department the context names is the question's filter or the message is asked about, never dropped.
  // "I'm the HR partner for the Support department": the asker's own role is no filter when the question names one.
  const roles = departmentsOf(question).length ? rolesIn(contextText, departments) : [];
  const unreferred = departmentsIn(contextText, departments).filter(
    (d) => !departmentsOf(question).includes(d) && !roles.includes(d),
  );
  if (unreferred.length === 1 && question.type === 'measure')
    return { department: unreferred[0]!, question, clause: asked.resolved };
  if (unreferred.length) return null;
  // A ticket's number ("#4471", "INC0012345") is no date, nor is a deadline ("the slide for Monday", "due Friday").
  const dated = contextText
    .toLowerCase()
    .replace(TICKET_NUMBER, (m) => ' '.repeat(m.length))
    .replace(DEADLINE, (m) => ' '.repeat(m.length));
  // "exec summary nov pls - users prompts sessions": a month's abbreviation in the context is that month.
  const lent = findPeriod(
    spellMonths(dated, () => false),
    clock.now,
    clock.timeZone,
  );
  let q = question;
  if (lent) {
    const own = periodOf(question);
    if (own && !own.default) {
      if (!samePeriod(own, lent.period)) return null;
    } else {
      // The question names no period: read it again with the context's words for one ("from last week").
      const words = periodWords(dated, lent.rest);
      const again = answerable(await readOne(`${asked.resolved.replace(/[\s?.!;,:]+$/, '')} ${words}`));
      if (!again || !samePeriod(periodOf(again), lent.period)) return null;
      q = again;
    }
  }
  // "she can't find Copilot in Outlook. Has she used it there?": "there" is the one app the context names.
  const lentApp = appsIn(contextText).filter((a) => !appsOf(q).includes(a));
  if (lentApp.length === 1 && !appsOf(q).length && THERE.test(asked.clause)) {
    const again = answerable(await readOne(`${asked.resolved.replace(/[\s?.!;,:]+$/, '')} in ${appName(lentApp[0]!)}`));
    if (!again || !appsOf(again).includes(lentApp[0]!)) return null;
    q = again;
  }
  // The context as typed, separators kept ("Ticket #4471 - user reports …"), less those before the question.
  const cut = [asked, ...unanswered].map((c) => c.clause);
  const typed = cut.reduce((t, clause) => {
    const at = t.indexOf(clause);
    return at < 0 ? t : `${t.slice(0, at)} ${t.slice(at + clause.length)}`;
  }, text);
  const note = {
    text: typed
      .replace(/\s+/g, ' ')
      .replace(/(?:[\s,:;—–-]|\b(?:but|so|and|then)\b)+$/i, '')
      .trim()
      .slice(0, 200),
    ...(asked.person ? { pronoun: asked.person.pronoun.toLowerCase(), person: asked.person.name.slice(0, 120) } : {}),
    ...(unanswered.length ? { unanswered: unanswered.slice(0, 3).map((c) => c.resolved.trim().slice(0, 200)) } : {}),
  };
  return { query: { ...q, context: note } };
}

/**
 * Sentences; what follows a colon or a spaced dash ("Quick one for the QBR: which app…", "FYI from the CIO — top 5
 * users…"); and a clause after a comma that starts a question or a request ("…is missing, do we see any activity for
 * him?", "Not urgent, but which department…", "As part of our programme, I need the number of…").
 */
export function splitClauses(text: string): string[] {
  return text
    .split(CLAUSE_BREAK)
    .map((c) => c.trim())
    .filter((c) => /\p{L}/u.test(c));
}

const QUESTION_START = String.raw`(?:do|does|did|can|could|would|is|are|was|were|has|have|when|how|what|who|which|where|any|i need|i'd like|i would like|we need|please|show|give|list|tell)\b`;
/**
 * "…this week and who's the most active?": a second question joined by "and" alone, "who", "which" or "what" and more
 * after it ("… and how many sessions" is one question of several measures).
 */
const AND_ASKED = String.raw`\s+and\s+(?=(?:who|which|what)(?:'s)?\s+\p{L})`;
const CLAUSE_BREAK = new RegExp(
  String.raw`(?<=[.!?;])\s+|(?<=[\p{L}\d)]:)\s+|\s+(?:—|–|-{1,2})\s+|,\s+(?:(?:but|so|and|then)\s+)?(?=${QUESTION_START})|${AND_ASKED}`,
  'iu',
);

/** Departments the asker names as their own role ("I'm the HR partner", "as the IT admin", "HR lead here"). */
function rolesIn(text: string, departments: readonly string[]): string[] {
  return departments.filter((d) => {
    const name = d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const role = String.raw`${name}\s+(?:business\s+)?(?:partner|manager|lead|head|director|admin|administrator|rep|representative|analyst|liaison|contact|officer|person|generalist|team\s+lead)`;
    return new RegExp(
      String.raw`\b(?:i'?m|i\s+am|as|speaking\s+as|this\s+is)\s+(?:the|a|an|your|our)?\s*${role}\b|\b${role}\s+here\b`,
      'i',
    ).test(text);
  });
}

/**
 * A clause that asks something: a question mark, a question's or a request's first word ("and" before it or not), or
 * a question word after where it is asked about ("In sales which apps are used most").
 */
export const ASKS = new RegExp(
  String.raw`\?\s*$|^(?:(?:and|also|plus)\s+)?${QUESTION_START}|^(?:in|for|within|among|across)\s+(?:\S+\s+){1,3}?(?:which|who|what|how)\b`,
  'iu',
);
/**
 * A second question asked beside the first ("…? How many …", "…, and which apps …"), not one question's lead-in
 * ("overall risk exposure - how many open findings"), nor an abbreviation's full stop ("resp. did").
 */
export const SECOND_QUESTION = new RegExp(
  String.raw`\?\s+(?:and\s+|also\s+)?${QUESTION_START}|,\s*(?:and|also|plus)\s+(?:also\s+)?${QUESTION_START}|${AND_ASKED}`,
  'iu',
);

/** A query without what only says how it was read (the words set aside, slips, context) and, with `period`, its period. */
function essence(q: Answerable | null, period = true): string {
  if (!q) return '';
  const { aside: _a, spelled: _s, context: _c, ...rest } = q as Answerable & { aside?: unknown; spelled?: unknown };
  const { period: _p, ...undated } = rest as typeof rest & { period?: unknown };
  return JSON.stringify(period ? rest : undated);
}
const sameAsked = (a: Answerable | null, b: Answerable | null) => !!a && essence(a) === essence(b);
/** The second is the first with a period named where the first had the default. */
const periodAdded = (a: Answerable | null, b: Answerable | null) =>
  !!a && !!b && essence(a, false) === essence(b, false) && !!periodOf(a)?.default && !periodOf(b)?.default;

/** A condition on a figure ("more than 50 prompts", "at least 3", "between 5 and 10"). */
const CONDITION =
  /\b(?:(?:more|fewer|less|higher|lower|greater)\s+than|over|under|above|below|at\s+least|at\s+most|between)\s+\d/i;

const TICKET_NUMBER =
  /#\s*\d[\w-]*|\b(?:inc|req|ritm|chg|sr|task)\d+\b|\b(?:ticket|case|incident|request)\s+(?:no\.?\s*)?\d[\w-]*/gi;

/** When the figures are needed by: a day ahead, never the period they cover. */
const DEADLINE =
  /\b(?:for|by|due|ahead of)\s+(?:next\s+|this\s+|the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|eod|eow|end of (?:the )?(?:day|week))(?:'s)?\b/gi;

/** Something left out in the context ("not in Teams", "except Sales"): it would narrow the question, so it is asked. */
const LEFT_OUT =
  /\b(?:not (?:in|from|counting|including)|but not|other than|apart from|aside from|except|excluding|exclude|leave out|leaving out|without|outside|ignoring|minus)\b/i;

/** A question read fully: an answer, findings, or a system question other than help (which every message can be). */
function answerable(q: AskQuery | null): Answerable | null {
  if (!q || q.type === 'reply') return null;
  return q.type !== 'system' || (q.system !== 'help' && q.system !== 'risk') ? q : null;
}

function peopleOf(q: Answerable): string[] {
  if (q.type === 'list') return [q.person.userId];
  if (q.type === 'system') return q.person && q.person !== 'me' ? [q.person.userId] : [];
  return q.filters.people.map((p) => p.userId);
}

function appsOf(q: Answerable): string[] {
  if (q.type === 'list') return q.apps ?? [];
  return q.type === 'measure' ? q.filters.apps : [];
}

/** The apps a text names, by the lexicon's names for them. */
function appsIn(text: string): string[] {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return [...new Set(APP_ALIASES.filter(([alias]) => lower.includes(` ${alias} `)).map(([, key]) => key))];
}

/** "there", "in it" standing for a place named before ("is there", "there are" are no place). */
const THERE = /(?<!\b(?:is|are|was|were|be|been)\s+)\bthere\b(?!\s+(?:is|are|was|were|been)\b)/i;

function departmentsOf(q: Answerable): string[] {
  return q.type === 'measure' || q.type === 'findings' ? q.filters.departments : [];
}

const periodOf = (q: Answerable): PeriodValue | undefined => q.period;

const samePeriod = (a: PeriodValue | undefined, b: PeriodValue) =>
  !!a && a.from.getTime() === b.from.getTime() && a.to.getTime() === b.to.getTime();

/** The words the period reader took: those blanked in what it left. */
function periodWords(text: string, rest: string): string {
  return text
    .split('')
    .map((ch, i) => (rest[i] === ' ' && ch !== ' ' ? ch : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The directory's people whose full name (two words or more) the text spells out. */
function personsIn(text: string, people: readonly NamedPerson[]): NamedPerson[] {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}'-]+/gu, ' ')} `;
  return people.filter((p) => {
    const name = (p.displayName ?? '').toLowerCase().trim();
    return name.includes(' ') && lower.includes(` ${name} `);
  });
}

/** The one person the text names, if it names exactly one. */
function onlyPersonIn(text: string, people: readonly NamedPerson[]): (NamedPerson & { displayName: string }) | null {
  const found = personsIn(text, people);
  return found.length === 1 ? (found[0] as NamedPerson & { displayName: string }) : null;
}

const PRONOUN = /\b(him|her|his|hers|he|she)\b/i;
const PRONOUNS = /\b(him|her|his|hers|he|she)\b/gi;

/** "any activity for him" with Diego Siciliani named before: "any activity for Diego Siciliani". */
function withPronouns(clause: string, person: { displayName: string }): string {
  return clause.replace(PRONOUNS, (p) => (/^(his|hers)$/i.test(p) ? `${person.displayName}'s` : person.displayName));
}
