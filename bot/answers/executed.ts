import type { Logger } from '../../server/logger';
import type { Principal } from '../../server/auth/principal';
import type { NameDirectory } from '../../server/core/insights/questions/nameDirectory';
import type { Store } from '../../server/store/Store';
import type { BotQuery } from '../questions/querySchema';
import type { AnswerChoice, AnswerColumn, AnswerFilter, CellValue } from './answerTypes';

/** What every question form's answer function receives. */
export interface AnswerDeps {
  store: Store;
  tenantId: string;
  now: () => Date;
  logger: Logger;
  caller: Principal;
  /** Where the question was asked (the access log records it). */
  via: 'bot' | 'tab';
  /** People by name, for resolving the person a question names. */
  names: NameDirectory;
}

export type Row = Record<string, CellValue>;

/** Which tab view shows the same data, with its URL filters. */
export interface TabView {
  path: string;
  params: Record<string, string | undefined>;
}

/** One form's answer before paging and presentation. */
export interface Executed {
  kind?: 'table' | 'not_available' | 'choice' | 'not_understood';
  summary: string;
  columns: AnswerColumn[];
  rows: Row[];
  /** Set when the core paged (keyset lists); otherwise `rows` is the whole answer and the engine pages it. */
  cursorPage?: { nextCursor: string | null; total: number };
  filters: AnswerFilter[];
  view: TabView | null;
  choices?: AnswerChoice[];
  suggestions?: string[];
}

/** Paging position handed to forms that page in the core. */
export interface Paging {
  limit: number;
  cursor?: string;
}

export type FormAnswer<Q extends BotQuery = BotQuery> = (
  deps: AnswerDeps,
  query: Q,
  paging: Paging,
) => Promise<Executed>;

const DAY_MS = 86_400_000;
export const day = (d: Date): string => d.toISOString().slice(0, 10);

/** A range as the tab's URL holds it: inclusive YYYY-MM-DD days. */
export function rangeParams(range: { from: Date; to: Date }): { from: string; to: string } {
  return { from: day(range.from), to: day(new Date(range.to.getTime() - 1)) };
}

export function rangeFilter(range: { from: Date; to: Date; label: string }): AnswerFilter {
  const to = new Date(Math.max(range.from.getTime(), range.to.getTime() - DAY_MS));
  const days = day(range.from) === day(to) ? day(range.from) : `${day(range.from)} – ${day(to)}`;
  return { label: 'Period', value: `${range.label} (${days})` };
}

export const num = (n: number): string => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

export const userColumn: AnswerColumn = { key: 'user', title: 'User', kind: 'text' };
export const displayOf = (u: { displayName: string | null; userPrincipalName: string | null; userId: string }) =>
  u.displayName ?? u.userPrincipalName ?? u.userId;
