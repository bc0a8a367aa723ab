import { lastSuccessfulRun } from '../../server/core/insights/syncStatus';
import { parseQuestion, type ParserVocabulary } from '../questions/parseQuestion';
import { botQuerySchema, type BotQuery, type ParseResult } from '../questions/querySchema';
import { SUGGESTED_QUESTIONS } from '../questions/suggestions';
import type { QuestionTranslator } from '../questions/translator';
import { ANSWER_PAGE_SIZE as PAGE_SIZE, type AnswerDisclosure, type AskAnswer } from './answerTypes';
import type { AnswerDeps, Executed, FormAnswer } from './executed';
import { decodePageToken, encodePageToken, type PageState } from './pageToken';
import {
  answerDepartments,
  answerLicensedInactive,
  answerNewUsers,
  answerTopUsers,
  answerUserApps,
  answerUserPrompts,
  answerUserSummary,
} from './peopleForms';
import { answerSessions } from './sessionForms';
import { answerRiskFindings, answerSyncStatus, answerUnknownDepartment } from './systemForms';
import {
  answerAgents,
  answerAppTrend,
  answerAppUsage,
  answerBusiestHours,
  answerDataSources,
  answerOverview,
} from './usageForms';

const FORMS: { [K in BotQuery['kind']]: FormAnswer<Extract<BotQuery, { kind: K }>> } = {
  top_users: answerTopUsers,
  app_usage: answerAppUsage,
  user_apps: answerUserApps,
  user_prompts: answerUserPrompts,
  user_summary: answerUserSummary,
  top_data_sources: answerDataSources,
  licensed_inactive: answerLicensedInactive,
  new_users: answerNewUsers,
  app_trend: answerAppTrend,
  busiest_hours: answerBusiestHours,
  overview: answerOverview,
  agents: answerAgents,
  sessions: answerSessions,
  departments: answerDepartments,
  sync_status: answerSyncStatus,
  risk_findings: answerRiskFindings,
  unknown_department: answerUnknownDepartment,
};

/**
 * What each form discloses at least. Files and sites count as people: a OneDrive address names its owner and a file
 * name can say more than a prompt. A form missing here would be a type error, so a new form must choose.
 */
const FORM_DISCLOSURE: { [K in BotQuery['kind']]: AnswerDisclosure } = {
  top_users: 'people',
  app_usage: 'figures',
  user_apps: 'people',
  user_prompts: 'content',
  user_summary: 'people',
  top_data_sources: 'people',
  licensed_inactive: 'people',
  new_users: 'people',
  app_trend: 'figures',
  busiest_hours: 'figures',
  overview: 'figures',
  agents: 'people',
  sessions: 'people',
  departments: 'figures',
  sync_status: 'figures',
  risk_findings: 'figures',
  unknown_department: 'figures',
};

/** The form's level, raised to `people` whenever the query names a person or the answer offers people to pick. */
export function disclosureOf(query: BotQuery, executed: Pick<Executed, 'choices'>): AnswerDisclosure {
  const base = FORM_DISCLOSURE[query.kind];
  if (base !== 'figures') return base;
  if ('person' in query && query.person) return 'people';
  if (executed.choices?.length) return 'people';
  return base;
}

export interface EngineDeps extends AnswerDeps {
  /** Public origin of the app (links into the tab). */
  publicUrl: string;
  vocabulary: () => Promise<ParserVocabulary>;
  translator?: QuestionTranslator | null;
}

/** Parses a question (the deterministic parser; the optional translator only for what it cannot place). */
export async function understand(deps: EngineDeps, question: string): Promise<ParseResult> {
  const vocabulary = await deps.vocabulary();
  const parsed = parseQuestion(question, { now: deps.now(), vocabulary });
  if (parsed.type !== 'unknown' || parsed.reason !== 'not_understood' || !deps.translator) return parsed;
  try {
    const candidate = await deps.translator.translate(question, {
      now: deps.now(),
      departments: vocabulary.departments,
    });
    const checked = botQuerySchema.safeParse(candidate);
    if (checked.success) return { type: 'query', query: checked.data };
  } catch (error) {
    deps.logger.warn({ err: error }, 'The question translator failed; answering with suggestions.');
  }
  return parsed;
}

/** Answers a parsed query, first page. */
export function answerQuery(deps: EngineDeps, query: BotQuery, question: string): Promise<AskAnswer> {
  return runPage(deps, { q: query, page: 1, cursor: null, question });
}

/** Answers a page token (a "next page" or "this one" button); a token we cannot read gets suggestions. */
export async function answerToken(deps: EngineDeps, token: unknown): Promise<AskAnswer> {
  const state = decodePageToken(token);
  if (!state) return notUnderstood('', 'That button has expired or was changed. Ask again:');
  return runPage(deps, state);
}

async function runPage(deps: EngineDeps, state: PageState): Promise<AskAnswer> {
  const form = FORMS[state.q.kind] as FormAnswer;
  const [executed, lastRun] = await Promise.all([
    form(deps, state.q, { limit: PAGE_SIZE, ...(state.cursor ? { cursor: state.cursor } : {}) }),
    lastSuccessfulRun(deps.store, deps.tenantId),
  ]);
  return present(deps, state, executed, lastRun?.endedAt ?? null);
}

function present(deps: EngineDeps, state: PageState, e: Executed, dataAsOf: Date | null): AskAnswer {
  let rows = e.rows;
  let total = e.rows.length;
  let next: PageState | null = null;
  if (e.cursorPage) {
    total = e.cursorPage.total;
    if (e.cursorPage.nextCursor) next = { ...state, page: state.page + 1, cursor: e.cursorPage.nextCursor };
  } else {
    const start = (state.page - 1) * PAGE_SIZE;
    rows = e.rows.slice(start, start + PAGE_SIZE);
    if (start + PAGE_SIZE < e.rows.length) next = { ...state, page: state.page + 1, cursor: null };
  }
  return {
    kind: e.kind ?? 'table',
    form: state.q.kind,
    question: state.question,
    summary: e.summary,
    columns: e.columns,
    rows,
    filters: e.filters,
    dataAsOf: dataAsOf ? dataAsOf.toISOString() : null,
    tabLink: e.view ? tabLink(deps.publicUrl, e.view.path, e.view.params) : null,
    page: state.page,
    totalRows: total,
    nextPageToken: next ? encodePageToken(next) : null,
    choices: e.choices ?? [],
    suggestions: e.suggestions ?? [],
    disclosure: disclosureOf(state.q, e),
  };
}

/** `PUBLIC_URL/tab/#/<view>?<filters>`: the tab's own deep-link format. */
export function tabLink(publicUrl: string, path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return `${publicUrl.replace(/\/+$/, '')}/tab/#/${path}${query ? `?${query}` : ''}`;
}

/** The reply to anything the engine cannot place: short, with questions it does understand. */
export function notUnderstood(question: string, summary?: string): AskAnswer {
  return {
    ...emptyAnswer(question),
    kind: 'not_understood',
    summary: summary ?? "I didn't understand that question. Here are some I can answer:",
    suggestions: [...SUGGESTED_QUESTIONS],
  };
}

/** An answer with nothing in it yet (messages, refusals). */
export function emptyAnswer(question: string): AskAnswer {
  return {
    kind: 'message',
    form: null,
    question,
    summary: '',
    columns: [],
    rows: [],
    filters: [],
    dataAsOf: null,
    tabLink: null,
    page: 1,
    totalRows: 0,
    nextPageToken: null,
    choices: [],
    suggestions: [],
    disclosure: 'figures',
  };
}
