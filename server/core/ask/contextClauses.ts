import type { NamedPerson } from '../insights/questions/nameDirectory';
import { findPeriod } from './periods';
import type { AskQuery, ListQuery, MeasureQuery, PeriodValue } from './querySchema';
import { departmentReference, departmentsIn } from './contextGroups';

/** What reading one piece of text gives (understand.ts's reader, passed in so this module does not import it). */
type ReadOne = (text: string) => Promise<AskQuery | null>;

/** The answer to a message with context around its question, or null where the context must be asked about. */
export interface InContext {
  query: MeasureQuery | ListQuery;
}

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
  people: readonly NamedPerson[],
  readOne: ReadOne,
  clock: { now: Date; timeZone: string; departments?: readonly string[] },
): Promise<InContext | null> {
  const clauses = splitClauses(text);
  if (clauses.length < 2) return null;
  const departments = clock.departments ?? [];
  const read = await Promise.all(
    clauses.map(async (clause, i) => {
      const before = clauses.slice(0, i).join(' ');
      const person = onlyPersonIn(before, people);
      const pronoun = person ? PRONOUN.exec(clause)?.[0] : undefined;
      const group = pronoun ? null : departmentReference(clause, departmentsIn(before, departments));
      const resolved = group ? group.resolved : person && pronoun ? withPronouns(clause, person) : clause;
      const q = await readOne(resolved);
      const named = group ?? (pronoun ? { pronoun, name: person!.displayName } : null);
      return { clause, resolved, person: named, q: answerable(q) };
    }),
  );
  const complete = read.filter((c) => c.q !== null);
  if (complete.length !== 1) return null;
  const asked = complete[0]!;
  const context = read.filter((c) => c !== asked).map((c) => c.clause);
  const contextText = context.join(' ');
  if (LEFT_OUT.test(contextText)) return null;
  const question = asked.q!;
  const named = personsIn(contextText, people);
  if (named.some((p) => !peopleOf(question).includes(p.userId))) return null;
  // A department the context names is the question's filter or the message is asked about, never dropped.
  if (departmentsIn(contextText, departments).some((d) => !departmentsOf(question).includes(d))) return null;
  // A ticket's number ("#4471", "INC0012345") is no date.
  const dated = contextText.toLowerCase().replace(TICKET_NUMBER, (m) => ' '.repeat(m.length));
  const lent = findPeriod(dated, clock.now, clock.timeZone);
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
  const note = {
    text: contextText.slice(0, 200),
    ...(asked.person ? { pronoun: asked.person.pronoun.toLowerCase(), person: asked.person.name.slice(0, 120) } : {}),
  };
  return { query: { ...q, context: note } };
}

/** Sentences, and a clause after a comma that starts a question ("…is missing, do we see any activity for him?"). */
export function splitClauses(text: string): string[] {
  return text
    .split(
      /(?<=[.!?;])\s+|,\s+(?=(?:do|does|did|can|could|is|are|was|were|has|have|when|how|what|who|which|where|any)\b)/i,
    )
    .map((c) => c.trim())
    .filter((c) => /\p{L}/u.test(c));
}

const TICKET_NUMBER =
  /#\s*\d[\w-]*|\b(?:inc|req|ritm|chg|sr|task)\d+\b|\b(?:ticket|case|incident|request)\s+(?:no\.?\s*)?\d[\w-]*/gi;

/** Something left out in the context ("not in Teams", "except Sales"): it would narrow the question, so it is asked. */
const LEFT_OUT =
  /\b(?:not (?:in|from|counting|including)|but not|other than|apart from|aside from|except|excluding|exclude|leave out|leaving out|without|outside|ignoring|minus)\b/i;

function answerable(q: AskQuery | null): MeasureQuery | ListQuery | null {
  return q && (q.type === 'measure' || q.type === 'list') ? q : null;
}

function peopleOf(q: MeasureQuery | ListQuery): string[] {
  return q.type === 'list' ? [q.person.userId] : q.filters.people.map((p) => p.userId);
}

function departmentsOf(q: MeasureQuery | ListQuery): string[] {
  return q.type === 'list' ? [] : q.filters.departments;
}

const periodOf = (q: MeasureQuery | ListQuery): PeriodValue | undefined => q.period;

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
