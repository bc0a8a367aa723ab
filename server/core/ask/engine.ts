import { syncFactsOf } from '../insights/syncFacts';
import { ANSWER_PAGE_SIZE as PAGE_SIZE, type AnswerFilter, type AskAnswer } from './answerTypes';
import { disclosureOf, needsReason, pseudonymisable, tierForQuery } from './disclosure';
import { cleanReason, reasonFits } from '../privacy/accessReason';
import { tierAtLeast, TIER_DESCRIPTIONS, type Tier } from '../privacy/tiers';
import type { Pseudonymizer } from '../privacy/pseudonyms';
import type { AnswerDeps, Executed } from './executed';
import { answerFindings } from './executeFindings';
import { answerList } from './executeLists';
import { answerMeasure } from './executeMeasure';
import { answerSeveral } from './severalMeasures';
import { answerReply, answerSystem } from './executeReplies';
import {
  CATEGORY_LABELS,
  describePeriod,
  describeQuery,
  FINDING_KIND_LABELS,
  HOST_LABELS,
  STATUS_LABELS,
} from './interpretation';
import { appName } from './lexicon';
import { decodePageToken, encodePageToken, type PageState } from './pageToken';
import { askQuerySchema, type AskQuery, type Filters, type FindingsQuery } from './querySchema';
import { SUGGESTED_QUESTIONS } from './suggestions';
import { parseQuestion, type ParseResult } from './understand';
import { outcomeReply } from './outcomeMeasures';
import { createSourceCatalog, type SourceCatalog } from '../insights/sourceFilter';
import type { TenantApp } from '../insights/questions/unrecognisedApps';
import { labelOf } from './namedSourceQuery';
import { describeClock } from './clockFilters';
import { rowsNotIn } from './executeRowsNotIn';
import { onFirstsTerms, partSentence, widest } from './otherParts';
import { saysUnread, withUnreadablePeople } from './unreadablePeople';

/** The engine's dependencies for one caller: answering's, plus the tab's address and the tenant's departments. */
export interface EngineDeps extends AnswerDeps {
  /** Public origin of the app (links into the tab). */
  publicUrl: string;
  /** The tenant's departments, and its apps outside the catalogue when known ("SharePoint (unrecognised)"). */
  vocabulary: () => Promise<{ departments: readonly string[]; apps?: readonly TenantApp[] }>;
  /** The Viewer tier's keyed pseudonyms; without them a Viewer gets no per-person answer at all. */
  viewerPseudonyms?: Pseudonymizer;
  /** The tenant's data sources and sites by name, kept for a few minutes; without it, read when a question names one. */
  sources?: SourceCatalog;
}

/** Reads a question (commands included) with the tenant's departments and people. */
export async function understand(deps: EngineDeps, question: string): Promise<ParseResult> {
  // An outcome the product does not measure ("how many hours did Copilot save"): declined before any other reading.
  const outcome = question.length <= 500 ? outcomeReply(question.toLowerCase()) : null;
  if (outcome) return { type: 'query', query: outcome };
  const { departments, apps = [] } = await deps.vocabulary();
  const sources = deps.sources ?? createSourceCatalog(deps.store, deps.tenantId, 0);
  return parseQuestion(question, { now: deps.now(), timeZone: deps.timeZone, departments, apps, names: deps.names, sources }); // prettier-ignore
}

/**
 * The one entry point of the tab's Ask box (and of the evaluation): the same reading and answers as the bot, which
 * adds only its commands (subscribe, saved questions) around `understand` and `answerQuery`.
 */
export async function ask(deps: EngineDeps, question: string): Promise<AskAnswer> {
  const parsed = await understand(deps, question);
  if (parsed.type === 'query') return answerQuery(deps, parsed.query, question);
  if (parsed.type === 'unknown') return unreadable(question, parsed.reason);
  if (parsed.command.command === 'help') return answerQuery(deps, { type: 'system', system: 'help' }, question);
  if (parsed.command.command === 'status') return answerQuery(deps, { type: 'system', system: 'sync' }, question);
  return {
    ...emptyAnswer(question),
    summary:
      'Commands like "subscribe" and saved-question commands belong to the Teams bot; here, ask a question or use the saved questions list.',
  };
}

/** The reply to an empty or over-long question (the bot and the tab say the same). */
export function unreadable(question: string, reason: 'empty' | 'too_long'): AskAnswer {
  return notUnderstood(
    question.slice(0, 200),
    reason === 'too_long'
      ? 'That question is too long (500 characters at most). Try one of these:'
      : 'Ask about Copilot use, for example:',
  );
}

/** Answers a query, first page. */
export function answerQuery(deps: EngineDeps, query: AskQuery, question: string): Promise<AskAnswer> {
  return runPage(deps, { q: query, page: 1, question: question.slice(0, 500) });
}

/** Answers a page token (a "next page" or "this one" button); a token we cannot read gets suggestions. */
export async function answerToken(deps: EngineDeps, token: unknown): Promise<AskAnswer> {
  const state = decodePageToken(token);
  if (!state) return notUnderstood('', 'That button has expired or was changed. Ask again:');
  return runPage(deps, state);
}

async function execute(deps: EngineDeps, state: PageState): Promise<Executed> {
  return withUnreadablePeople(deps, state.q, () => executeRead(deps, state));
}

async function executeRead(deps: EngineDeps, state: PageState): Promise<Executed> {
  const q = state.q;
  if (q.type === 'measure') return q.also?.length ? answerSeveral(deps, q, answerMeasure) : answerMeasure(deps, q);
  if (q.type === 'list') return answerList(deps, q);
  if (q.type === 'findings') return answerFindings(deps, q);
  if (q.type === 'system') return answerSystem(deps, q);
  return answerReply(q, state.question, q.reply === 'unknown_department' ? (await deps.vocabulary()).departments : []);
}

/**
 * The caller's tier decides what an answer may show (core/privacy/tiers.ts): below the query's tier it is refused,
 * except that a Viewer's ranking by person is answered with pseudonyms in place of people.
 */
function withinTier(deps: EngineDeps, q: AskQuery): { deps: EngineDeps; pseudonymous: boolean } | Tier {
  const needed = tierForQuery(q);
  if (tierAtLeast(deps.caller.tier, needed)) return { deps, pseudonymous: false };
  if (deps.caller.tier === 'Viewer' && deps.viewerPseudonyms && pseudonymisable(q))
    return { deps: { ...deps, pseudonyms: deps.viewerPseudonyms }, pseudonymous: true };
  return needed;
}

/** The answer to a question beyond the caller's tier: which role it needs and what they can ask instead. */
function refusedForTier(question: string, needed: Tier, has: Tier | null): AskAnswer {
  const article = has === 'Viewer' ? 'a' : 'an';
  return {
    ...emptyAnswer(question),
    kind: 'refused',
    summary: `That needs the ${needed} role of Copilot Observatory (${TIER_DESCRIPTIONS[needed]}); you are ${has ? `${article} ${has}` : 'not a user of it'}, so I answer with ${has ? TIER_DESCRIPTIONS[has] : 'nothing'}. Ask your administrator if you need more.`,
    suggestions: has === 'Viewer' ? VIEWER_SUGGESTIONS : [...SUGGESTED_QUESTIONS],
  };
}

const VIEWER_SUGGESTIONS = [
  'Active users by department this month',
  'Prompts by app last week',
  'Top 5 users this week',
];

async function runPage(deps: EngineDeps, state: PageState): Promise<AskAnswer> {
  const allowed = withinTier(deps, state.q);
  if (typeof allowed === 'string') return refusedForTier(state.question, allowed, deps.caller.tier);
  if (!needsReason(state.q)) return runAllowedPage(allowed.deps, { ...state, reason: undefined }, allowed.pseudonymous);
  // The reason given with this request, else the one a next-page token carries (checked again: tokens come back
  // from clients); without one, nothing is read.
  const carried = cleanReason(state.reason);
  const reason = allowed.deps.reason ?? (reasonFits(carried) ? carried : undefined);
  if (!reason) return reasonNeeded(allowed.deps, state, await promptCount(allowed.deps, state));
  return runAllowedPage({ ...allowed.deps, reason }, { ...state, reason }, allowed.pseudonymous);
}

/**
 * Instead of a person's prompts: why? Prompt text is what an employee typed; like a conversation opened in the tab,
 * it is shown once the caller gives a reason, kept in the access log. Nothing is read before that.
 */
function reasonNeeded(deps: EngineDeps, state: PageState, count: number | string | null): AskAnswer {
  const q = state.q;
  const whose = q.type === 'list' ? `${q.person.name}'s prompts` : 'These prompts';
  const sent =
    typeof count === 'string'
      ? count.replace(/[.\s]+$/, '')
      : q.type === 'list' && count !== null
        ? `${q.person.name} sent ${count === 0 ? 'no prompts' : `${count.toLocaleString('en-US')} ${count === 1 ? 'prompt' : 'prompts'}`}${q.apps.length ? ` in ${q.apps.map(appName).join(', ')}` : ''} in this period`
        : null;
  const base = {
    ...emptyAnswer(state.question),
    form: formOf(q),
    interpretation: describeQuery(q, deps.timeZone),
    filters: filtersOf(q, deps.timeZone),
    disclosure: disclosureOf(q),
  };
  // Nothing sent, nothing to read: no reason is asked for.
  if (count === 0 && sent) return { ...base, kind: 'table', summary: `${sent}: there is no prompt text to read.` };
  return {
    ...base,
    kind: 'reason_needed',
    summary: `${sent ? `${sent}. ` : ''}${whose} are what they asked Copilot. Say why you need to read them (a ticket number or a few words, 5 to 500 characters): your reason is kept in the access log with your name.`,
    reasonToken: encodePageToken({ q, page: state.page, question: state.question }),
  };
}

/**
 * "Nathan Haddad prompts in October" may ask how many as much as which: the count (a figure of a named person, which
 * needs no reason) is said before the text is asked a reason for. Null where it cannot be read.
 */
async function promptCount(deps: EngineDeps, state: PageState): Promise<number | string | null> {
  const q = state.q;
  if (q.type !== 'list' || q.list !== 'prompts' || !q.period) return null;
  const counted = askQuerySchema.safeParse({
    type: 'measure',
    measure: 'prompts',
    by: [],
    filters: { apps: q.apps, departments: [], people: [q.person] },
    period: q.period,
    order: 'desc',
  });
  if (!counted.success || typeof withinTier(deps, counted.data) === 'string') return null;
  const e = await execute(deps, { q: counted.data, page: 1, question: state.question });
  // History the sync could not read is unknown, never a count (unreadablePeople.ts): that is said instead.
  // The sentence is the note beside a count read in part, or the whole summary when none of it was read.
  const unread = e.notes.find(saysUnread) ?? (saysUnread(e.summary) ? e.summary : null);
  if (unread) return unread;
  const value = e.rows.length === 1 ? e.rows[0]!.value : undefined;
  return typeof value === 'number' ? value : null;
}

async function runAllowedPage(deps: EngineDeps, state: PageState, pseudonymous: boolean): Promise<AskAnswer> {
  const answer = await runOnePage(deps, state, pseudonymous);
  const asked = state.q.type !== 'reply' ? (state.q.context?.unanswered ?? []) : [];
  return asked.length && state.page === 1 && !pseudonymous ? withOtherParts(deps, state, answer, asked) : answer;
}

/**
 * "How many of my team used Copilot this week and who's the most active?": each further question of the message is
 * answered after the first, on its filters and period where it names none, within the caller's tier; one that cannot
 * be stays said to be unanswered in the interpretation line.
 */
async function withOtherParts(
  deps: EngineDeps,
  state: PageState,
  answer: AskAnswer,
  asked: readonly string[],
): Promise<AskAnswer> {
  if (state.q.type === 'reply' || !state.q.context) return answer;
  const answered: string[] = [];
  const sentences: string[] = [];
  let disclosure = answer.disclosure;
  for (const text of asked) {
    const parsed = await understand(deps, text);
    const part = onFirstsTerms(state.q, parsed.type === 'query' ? parsed.query : null);
    const allowed = part && withinTier(deps, part);
    if (!part || !allowed || typeof allowed === 'string' || allowed.pseudonymous || needsReason(part)) continue;
    const e = await execute(
      { ...deps, answerPage: { start: 0, size: PAGE_SIZE } },
      { q: part, page: 1, question: text },
    );
    const total = e.paged?.total ?? e.rows.length;
    sentences.push(partSentence(describeQuery(part, deps.timeZone), e.summary, e.columns, e.rows, total));
    disclosure = widest(disclosure, disclosureOf(part));
    answered.push(text);
  }
  if (!answered.length) return answer;
  const left = asked.filter((t) => !answered.includes(t));
  const first = { ...state.q, context: { ...state.q.context, unanswered: left.length ? left : undefined } };
  const said = answered.map((t) => `second question answered after the first: "${t}"`).join(' · ');
  return {
    ...answer,
    interpretation: `${describeQuery(first, deps.timeZone)} · ${said}`,
    summary: [answer.summary, ...sentences].join(' '),
    disclosure,
  };
}

async function runOnePage(deps: EngineDeps, state: PageState, pseudonymous: boolean): Promise<AskAnswer> {
  const start = (state.page - 1) * PAGE_SIZE;
  const answerPage = { start, size: PAGE_SIZE };
  const [e, syncedAt] = await Promise.all([execute({ ...deps, answerPage }, state), syncFactsOf(deps).lastSyncedAt()]);
  const total = e.paged?.total ?? e.rows.length;
  const from = start - (e.paged?.from ?? 0);
  const more = start + PAGE_SIZE < total;
  return {
    kind: e.kind ?? 'table',
    form: formOf(state.q),
    question: state.question,
    interpretation: describeQuery(state.q, deps.timeZone),
    summary: EXPORT_ASKED.test(state.question) && total ? `${e.summary} ${EXPORT_NOTE}` : e.summary,
    columns: e.columns,
    rows: e.rows.slice(from, from + PAGE_SIZE),
    filters: filtersOf(state.q, deps.timeZone),
    dataAsOf: syncedAt ? syncedAt.toISOString() : null,
    // A Viewer's people are pseudonyms: the tab's people views are not theirs to open.
    tabLink: e.view && !pseudonymous ? tabLink(deps.publicUrl, e.view.path, e.view.params) : null,
    page: state.page,
    totalRows: total,
    nextPageToken: more ? encodePageToken({ ...state, page: state.page + 1 }) : null,
    choices: e.choices ?? [],
    suggestions: e.suggestions ?? [],
    // Pseudonyms name nobody: such an answer is figures, the Viewer level.
    disclosure: pseudonymous ? 'figures' : disclosureOf(state.q),
  };
}

/** "export … to csv": a chat answer is a card; the file is the tab's, whose every table downloads as CSV. */
// "xlsx" alone asks for a file; "Budget.xlsx" names one.
const EXPORT_ASKED = /\b(export(?:ed|ing)?|csv|download(?:able)?|(?<!\.)xlsx)\b/i;
const EXPORT_NOTE = 'To download it as a CSV file, open it in the tab: every table there downloads as CSV.';

/** `measure`, `list:prompts`, `system:sync`, `reply:rephrase`. */
function formOf(q: AskQuery): string {
  if (q.type === 'measure') return 'measure';
  if (q.type === 'list') return `list:${q.list}`;
  if (q.type === 'findings') return `findings:${q.show}`;
  if (q.type === 'system') return `system:${q.system}`;
  return `reply:${q.reply}`;
}

/** The constraints applied, as facts under the answer. */
function filtersOf(q: AskQuery, tz: string): AnswerFilter[] {
  if (q.type === 'measure') {
    return [
      { label: 'Period', value: describePeriod(q.period, tz) },
      ...(q.filters.apps.length ? [{ label: 'Apps', value: q.filters.apps.map(appName).join(', ') }] : []),
      ...(q.filters.departments.length ? [{ label: 'Departments', value: q.filters.departments.join(', ') }] : []),
      ...(q.filters.people.length ? [{ label: 'People', value: q.filters.people.map((p) => p.name).join(', ') }] : []),
      ...(q.filters.sourceKind ? [{ label: 'Kind', value: q.filters.sourceKind }] : []),
      ...(q.filters.source ? [{ label: { site: 'Site', source: 'Source', match: 'Sources' }[q.filters.source.of], value: labelOf(q.filters.source) }] : []), // prettier-ignore
      ...(q.filters.host ? [{ label: 'Stored in', value: HOST_LABELS[q.filters.host] }] : []),
      ...(q.filters.owner ? [{ label: 'Owner', value: 'someone other than the person who used it' }] : []),
      ...(q.filters.clock ? [{ label: 'Time of day', value: describeClock(q.filters.clock) }] : []),
      ...(rowsNotIn(q)
        ? [{ label: 'None of', value: excludedFilter(q.filters)[0]!.value }]
        : excludedFilter(q.filters)),
      ...(tz !== 'UTC' ? [{ label: 'Time zone', value: tz }] : []),
    ];
  }
  if (q.type === 'findings') return findingFilters(q, tz);
  if (q.type === 'list')
    return [
      { label: 'User', value: q.person.name },
      ...(q.period ? [{ label: 'Period', value: describePeriod(q.period, tz) }] : []),
      ...(q.apps.length ? [{ label: 'Apps', value: q.apps.map(appName).join(', ') }] : []),
    ];
  return [];
}

/** A findings answer's constraints, each as applied. */
function findingFilters(q: FindingsQuery, tz: string): AnswerFilter[] {
  const facts: Array<[string, string[]]> = [
    ['Period', [describePeriod(q.period, tz)]],
    ['Category', q.categories.map((c) => CATEGORY_LABELS[c] ?? c)],
    ['Kind', q.kinds.map((k) => FINDING_KIND_LABELS[k] ?? k)],
    ['Severity', [...q.severities]],
    ['Status', q.statuses.map((s) => STATUS_LABELS[s] ?? s)],
    ['Found in', q.source ? [q.source === 'prompt' ? 'prompts' : 'responses'] : []],
    ['Apps', q.filters.apps.map(appName)],
    ['Departments', [...q.filters.departments]],
    ['People', q.filters.people.map((p) => p.name)],
    ...(tz !== 'UTC' ? [['Time zone', [tz]] as [string, string[]]] : []),
  ];
  return [
    ...facts.filter(([, v]) => v.length > 0).map(([label, v]) => ({ label, value: v.join(', ') })),
    ...excludedFilter(q.filters),
  ];
}

/** "Excluded: IT, Teams" under an answer that left them out. */
function excludedFilter(filters: Filters): AnswerFilter[] {
  const out = filters.exclude;
  const values = [...(out?.departments ?? []), ...(out?.apps ?? []).map(appName)];
  return values.length ? [{ label: 'Excluded', value: values.join(', ') }] : [];
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
    interpretation: '',
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
