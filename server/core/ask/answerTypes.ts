/**
 * What the question engine answers, as the bot's cards and the tab's Ask box both render it. Already in wire form
 * (dates are ISO strings) and dependency-free: the tab imports it with `import type`.
 */

export type CellValue = string | number | null;

/** Rows per answer page (a card, the Ask view). */
export const ANSWER_PAGE_SIZE = 10;

export interface AnswerColumn {
  key: string;
  title: string;
  /** How to show and align the values. */
  kind: 'text' | 'number' | 'date' | 'datetime';
}

export interface AnswerFilter {
  label: string;
  value: string;
}

/** A button under the answer: run another question (a "which one?" pick, a suggestion). */
export interface AnswerChoice {
  label: string;
  question: string;
  /** A pre-resolved query token (a picked person), so the choice runs exactly what it says. */
  queryToken?: string;
}

/**
 * What an answer shows beyond aggregate figures. Shared conversations (team channels, group chats) are read by
 * members who may not be admins, so only `figures` answers are posted there; the rest go to the asker privately.
 * - `figures`: counts and totals by app, department, day or hour; no person is named, no prompt text.
 * - `people`: names individual users (per-person rows, a person filter, a "which one?" pick, files and sites).
 * - `content`: what people asked or were answered (prompt and response text).
 */
export type AnswerDisclosure = 'figures' | 'people' | 'content';

export interface AskAnswer {
  /**
   * `table`: an answer with rows; `not_available`: the question is understood but cannot be answered (a
   * breakdown the data cannot give); `choice`: the engine needs a pick (which person?); `not_understood`:
   * asked back or declined, with suggestions; `refused`: beyond the caller's tier; `message`: a command's plain
   * reply; `reason_needed`: prompt text, shown only once the caller says why (ask again with `reasonToken` and a
   * reason); nothing of the text is in it.
   */
  kind: 'table' | 'not_available' | 'choice' | 'not_understood' | 'refused' | 'message' | 'reason_needed';
  /** The shape that answered (`measure`, `list:prompts`, `system:sync`, `reply:rephrase`…), or null. */
  form: string | null;
  question: string;
  /** One line saying how the question was read ("Prompts by department · PowerPoint · last 30 days (…)"); '' when none. */
  interpretation: string;
  /** One plain-language sentence that sums the answer up (and says what could not be applied). */
  summary: string;
  columns: AnswerColumn[];
  rows: Array<Record<string, CellValue>>;
  filters: AnswerFilter[];
  /** When the data was last brought up to date (end of the last successful sync), ISO. */
  dataAsOf: string | null;
  /** Opens the tab on the same view with the same filters. */
  tabLink: string | null;
  /** 1-based page of `rows`; `nextPageToken` fetches the next one. */
  page: number;
  totalRows: number;
  nextPageToken: string | null;
  choices: AnswerChoice[];
  suggestions: string[];
  /** What the answer discloses; anything not known to be `figures` is treated as more. */
  disclosure: AnswerDisclosure;
  /** With `reason_needed`: the token to ask again with, together with the reason (POST /api/ask, the bot's card). */
  reasonToken?: string | null;
}

/** A saved question as GET /api/saved-questions lists it. */
export interface SavedQuestionItem {
  id: string;
  name: string;
  question: string;
  createdAt: string;
  lastRunAt: string | null;
  runCount: number;
}
