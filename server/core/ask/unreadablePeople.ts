import type { UserSyncErrorRow } from '../insights/types';
import { syncFactsOf } from '../insights/syncFacts';
import { unreadableNote } from './executePeople';
import type { AnswerColumn } from './answerTypes';
import type { AnswerDeps, Executed } from './executed';
import type { AskQuery, MeasureQuery, Person } from './querySchema';

/**
 * An answer about people whose Copilot history the last sync could not read (Graph's 403 on the export API): never
 * "has not used Copilot", 0 prompts or an empty list. When every person asked about was never read, the answer is
 * what is known of them (licence, department) and that their figures are unknown; otherwise the answer for what was
 * read, saying whose figures stop where (and from when) they could not be read.
 */
export async function withUnreadablePeople(
  deps: AnswerDeps,
  q: AskQuery,
  run: () => Promise<Executed>,
): Promise<Executed> {
  const people = peopleAsked(q);
  if (people.length === 0) return q.type === 'measure' ? withUnreadInTotal(deps, q, await run()) : run();
  const end = 'period' in q ? q.period?.to : undefined;
  // A period that ended before a person's history was last read is known for them.
  const asked = new Set(people.map((p) => p.userId));
  const { rows } = await syncFactsOf(deps).unreadable();
  const unread = rows.filter((u) => asked.has(u.userId) && (!u.lastReadAt || !end || u.lastReadAt < end));
  if (unread.length === 0) return run();
  const named = new Map(people.map((p) => [p.userId, p.name]));
  const sentence = unreadSentence(unread, named);
  // Licences are known whatever the sync read: that answer stands, with its activity said to be unknown.
  const ofUse = q.type === 'list' || (q.type === 'measure' && q.measure !== 'licensed_users');
  if (ofUse && unread.length === people.length && unread.every((u) => !u.lastReadAt))
    return unknownFigures(unread, named, sentence);
  const e = await run();
  return { ...e, summary: `${e.summary} ${sentence}`, notes: [...e.notes, sentence] };
}

/** The people a question is about: a list's person, the people a measure or findings are narrowed to. */
function peopleAsked(q: AskQuery): Person[] {
  if (q.type === 'list') return [q.person];
  // "Never used" leaves such holders out and says so itself.
  if (q.type === 'measure') return q.measure === 'licensed_inactive' ? [] : q.filters.people;
  if (q.type === 'findings') return q.filters.people;
  return [];
}

/** Whether a note or summary already says whose history could not be read (here, or a count's note on its holders). */
export const saysUnread = (text: string): boolean => text.includes(UNREAD);
const UNREAD = 'could not be read';

/** "Miriam Graham's Copilot interactions could not be read at the last sync (Microsoft Graph refused access), …" */
function unreadSentence(unread: UserSyncErrorRow[], named: Map<string, string>): string {
  return unread
    .map((u) => {
      const name = named.get(u.userId) ?? u.displayName ?? u.userPrincipalName ?? u.userId;
      const since = u.lastReadAt ? ` after ${day(u.lastReadAt)}, when they were last read,` : '';
      return `${name}'s Copilot interactions ${UNREAD} at the last sync (${graphSaid(u)}), so their figures${since} are unknown, not 0.`;
    })
    .join(' ');
}

const graphSaid = (u: UserSyncErrorRow) =>
  u.errorStatus === 403 ? 'Microsoft Graph refused access' : `Microsoft Graph answered ${u.errorStatus ?? u.errorCode}`;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A person's known facts beside their unknown use (the licence's start a date, the rest text). */
const KNOWN_COLUMNS: AnswerColumn[] = Object.entries({
  user: 'User',
  department: 'Department',
  jobTitle: 'Job title',
  licensedSince: 'Copilot licence since',
  figures: 'Copilot use',
  advice: 'What to do',
}).map(([key, title]) => ({ key, title, kind: key === 'licensedSince' ? 'date' : 'text' }));

/** What is known of people never read: their licence and department, and what an admin can do about it. */
function unknownFigures(unread: UserSyncErrorRow[], named: Map<string, string>, sentence: string): Executed {
  return {
    kind: 'table',
    summary: sentence,
    notes: [],
    columns: KNOWN_COLUMNS,
    rows: unread.map((u) => ({
      user: named.get(u.userId) ?? u.displayName ?? u.userId,
      department: u.department,
      jobTitle: u.jobTitle,
      licensedSince: day(u.licensedSince),
      figures: `unknown: never read (${graphSaid(u)})`,
      advice: u.advice,
    })),
    view: { path: 'sync', params: {} },
  };
}

/** Measures whose answers count licences, or say already who could not be read (adoption, averages per person). */
const SAID_OR_KNOWN = new Set<string>(['licensed_users', 'licensed_inactive', 'new_users', 'adoption']);

/**
 * A department's or the tenant's figure of use that would include people whose history the last sync could not read
 * (in the departments asked, not left out, last read before the period's end) says they are not counted.
 */
async function withUnreadInTotal(deps: AnswerDeps, q: MeasureQuery, e: Executed): Promise<Executed> {
  if (
    SAID_OR_KNOWN.has(q.measure) ||
    q.by.includes('user') ||
    q.by.includes('agent') ||
    (e.kind ?? 'table') !== 'table'
  )
    return e;
  if (e.notes.some(saysUnread)) return e;
  const { rows } = await syncFactsOf(deps).unreadable();
  if (rows.length === 0) return e;
  const { departments, exclude } = q.filters;
  const unread = rows.filter(
    (u) =>
      (!u.lastReadAt || u.lastReadAt < q.period.to) &&
      (departments.length === 0 || departments.includes(u.department ?? '')) &&
      !exclude?.departments.includes(u.department ?? ''),
  );
  if (unread.length === 0) return e;
  const note = unreadableNote(unread.length);
  return { ...e, summary: `${e.summary} ${note}`, notes: [...e.notes, note] };
}
