import type { Principal } from '../../auth/principal';
import type { Logger } from '../../logger';
import type { Store } from '../../store/Store';
import type { NameDirectory } from '../insights/questions/nameDirectory';
import type { SyncFacts } from '../insights/syncFacts';
import type { Pseudonymizer } from '../privacy/pseudonyms';
import type { RetentionSettings } from '../privacy/retention';
import type { AnswerChoice, AnswerColumn, CellValue } from './answerTypes';

/** What answering needs: the store, the caller (prompt text is audited per viewer), the clock and time zone. */
export interface AnswerDeps {
  store: Store;
  tenantId: string;
  now: () => Date;
  logger: Logger;
  caller: Principal;
  /** Where the question was asked (the access log records it). */
  via: 'bot' | 'tab';
  /** People by name, for resolving the people a question names. */
  names: NameDirectory;
  /** IANA zone of days and hours (TIME_ZONE). */
  timeZone: string;
  /** Departments with fewer licensed users are merged in adoption answers (MIN_GROUP_SIZE; 5 when not given). */
  minGroupSize?: number;
  /** Why the caller reads prompt text (5–500 characters, checked), kept in the access log; asked for first. */
  reason?: string;
  /** Set for a Viewer's answers: people are shown as these keyed pseudonyms (the engine sets it, see engine.ts). */
  pseudonyms?: Pseudonymizer;
  /** The first synced day and the last sync's end, shared by the questions of a few seconds (else read per answer). */
  syncFacts?: SyncFacts;
  /** How far back the first full sync read (BACKFILL_DAYS): where the synced history starts, as GET /api/synced-window. */
  backfillDays?: number;
  /** How long each kind of data is kept (the validated RETENTION settings), for questions about retention. */
  retention?: RetentionSettings;
  /** The rows the answer's page shows (index of the first, how many), for an answer that reads only those. */
  answerPage?: { start: number; size: number };
}

export type Row = Record<string, CellValue>;

/** Which tab view shows the same data, with its URL filters. */
export interface TabView {
  path: string;
  params: Record<string, string | undefined>;
}

/** One answer before paging and presentation. */
export interface Executed {
  kind?: 'table' | 'not_available' | 'choice' | 'not_understood';
  summary: string;
  columns: AnswerColumn[];
  rows: Row[];
  /** Said beside the figures: what could not be applied, the synced window, ties at the cut-off. */
  notes: string[];
  view?: TabView | null;
  choices?: AnswerChoice[];
  suggestions?: string[];
  /** Read for the page only: `rows` are the answer's rows from index `from`, of `total` in all (else all of them). */
  paged?: { from: number; total: number };
}

/** The first two columns of a list of people: who, and their department. */
export const PERSON_COLUMNS: readonly AnswerColumn[] = [
  { key: 'user', title: 'User', kind: 'text' },
  { key: 'department', title: 'Department', kind: 'text' },
];

/** "20 Nov 2026, 11:42 UTC": an instant in the configured zone, named. */
export const moment = (at: Date, timeZone: string): string =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at)} ${timeZone}`;

export const num = (n: number): string => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
