import { syncRunStatus } from '../insights/syncStatus';
import { listUserSyncErrors } from '../insights/userSyncErrors';
import type { UserSyncErrorRow } from '../insights/types';
import { outcomeSummary } from './outcomeMeasures';
import type { AnswerChoice } from './answerTypes';
import { num, type AnswerDeps, type Executed } from './executed';
import { encodePageToken } from './pageToken';
import { askQuerySchema, type ReplyQuery, type SystemQuery } from './querySchema';
import { MEASURE_LABELS } from './interpretation';
import { SUGGESTED_QUESTIONS } from './suggestions';
import { answerAccessLog, answerPrivacy } from './executeGovernance';
import { answerHistoryStart } from './historyStart';

const STATUS_WORDS: Record<string, string> = {
  running: 'running',
  succeeded: 'succeeded',
  completed_with_errors: 'completed with errors',
  failed: 'failed',
  interrupted: 'was interrupted',
};
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const empty = { columns: [], rows: [], notes: [] };
const RISK_QUESTIONS = ['Open high findings', 'Any passwords pasted into Copilot?', 'Findings by category this month', 'Who shared card numbers?']; // prettier-ignore

/** Sync status, help, the access log, privacy settings, and the bare "risk" intent of older buttons (risk questions are findings queries now). */
export async function answerSystem(deps: AnswerDeps, q: SystemQuery): Promise<Executed> {
  if (q.system === 'access_log') return answerAccessLog(deps, q);
  if (q.system === 'privacy') return answerPrivacy(deps, q);
  if (q.system === 'help')
    return {
      kind: 'not_understood',
      ...empty,
      summary:
        'Ask about Copilot use in plain English: a measure (active users, prompts, responses, sessions, agents, data sources, licensed users without activity, new users), grouped by person, app, department, day, week, month, hour or day of the week, for apps, departments or people, over any period — and compared; risk findings ("open high findings", "who shared card numbers", "findings by category this month"); and the product’s own records ("who opened Alex’s conversations", "how long is prompt text kept", "which tier am I"). For example:',
      suggestions: [...SUGGESTED_QUESTIONS],
    };
  if (q.system === 'risk')
    return {
      kind: 'not_understood',
      ...empty,
      summary: 'Ask about risk findings in plain English, for example:',
      suggestions: RISK_QUESTIONS,
      view: { path: 'risk', params: {} },
    };
  if (q.failing) return answerFailing(deps);
  if (q.history) return answerHistoryStart(deps);
  // The runs alone: the answer gives the last run's own error count, not the users failing now.
  const s = await syncRunStatus(deps.store, deps.tenantId, deps.now());
  const last = s.lastRun;
  const summary = s.running
    ? `A sync is running now (${s.running.progress.usersDone} of ${s.running.progress.usersTotal} users); the data is as of ${when(s.lastSuccessfulAt)}.`
    : last
      ? `The last sync ${STATUS_WORDS[last.status] ?? last.status} at ${when(last.endedAt)} in ${seconds(last.durationMs)}; the data is as of ${when(s.lastSuccessfulAt)}.`
      : 'No sync has run yet.';
  return {
    kind: 'table',
    summary,
    notes: [],
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'text' },
    ],
    rows: last
      ? [
          { measure: 'Last run', value: `${STATUS_WORDS[last.status] ?? last.status} (${last.mode}, ${last.trigger})` },
          { measure: 'Started', value: when(last.startedAt) },
          { measure: 'Ended', value: when(last.endedAt) },
          { measure: 'Duration', value: seconds(last.durationMs) },
          { measure: 'New interactions', value: num(last.counts.interactionsNew ?? 0) },
          { measure: 'Users with errors', value: num(last.errorCount) },
          { measure: 'Data as of', value: when(s.lastSuccessfulAt) },
        ]
      : [],
    view: { path: 'sync', params: {} },
  };
}

/** At most this many failing users are listed; the tab's Sync view lists them all. */
const FAILING_LISTED = 50;

/**
 * Who the sync could not read and why: each licensed user whose history the latest sync failed on (sync state
 * `error`), with Graph's status and message and when it last failed, as the Sync view's user errors list.
 */
async function answerFailing(deps: AnswerDeps): Promise<Executed> {
  const [s, page] = await Promise.all([
    syncRunStatus(deps.store, deps.tenantId, deps.now()),
    listUserSyncErrors(deps.store, deps.tenantId, { withoutActivity: false, limit: FAILING_LISTED }),
  ]);
  const total = page.total ?? page.items.length;
  const run = s.lastRun
    ? `The last sync ${STATUS_WORDS[s.lastRun.status] ?? s.lastRun.status} at ${when(s.lastRun.endedAt)}`
    : 'No sync has run yet';
  const who = total === 1 ? '1 user' : `${num(total)} users`;
  const listed =
    total > page.items.length ? `the first ${page.items.length} below, all of them in the Sync view` : 'below';
  // What to do, once per kind of error, said with the answer (a note alone is not shown); Graph's whole message (with
  // the request) is in the Sync view.
  const notes = [...new Set(page.items.map((u) => u.advice))];
  const summary = total
    ? [`${run}; it could not read the Copilot history of ${who} (${listed}).`, ...notes].join(' ')
    : s.lastRun
      ? `${run}; it read every licensed user's Copilot history (no user errors).`
      : `${run}, so no user's Copilot history has been read.`;
  return {
    kind: 'table',
    summary,
    notes,
    columns: [
      { key: 'user', title: 'User', kind: 'text' },
      { key: 'upn', title: 'User principal name', kind: 'text' },
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'error', title: 'Error', kind: 'text' },
      { key: 'at', title: 'Last failed', kind: 'datetime' },
    ],
    rows: page.items.map((u) => ({
      user: u.displayName ?? u.userPrincipalName ?? u.userId,
      upn: u.userPrincipalName ?? '—',
      department: u.department ?? '—',
      error: errorOf(u),
      at: u.lastErrorAt ? u.lastErrorAt.toISOString() : null,
    })),
    view: { path: 'sync', params: {} },
  };
}

/** "403 Forbidden (Copilot export API)": Graph's status and code, and which read failed. */
function errorOf(u: UserSyncErrorRow): string {
  const said = [u.errorStatus, u.errorCode].filter((x) => x !== null && x !== '').join(' ') || 'unknown error';
  return /interactionHistory/i.test(u.errorMessage ?? '') ? `${said} (Copilot export API)` : said;
}

const CAN_ASK =
  'I answer questions about how Microsoft 365 Copilot is used in your organisation — who uses it, in which apps and departments, when, what it drew on, risk findings and licences without use. For example:';
/** Chit-chat answered as such, each with what can be asked (understand.ts reads it only from messages without a word of the domain). */
const SMALL_TALK: Record<string, string> = {
  thanks: `You're welcome. ${CAN_ASK}`,
  identity: `I am the Copilot Observatory bot: I read how Microsoft 365 Copilot is used here and change nothing. ${CAN_ASK}`,
  greeting: `Hello. ${CAN_ASK}`,
};

/** What is said instead of an answer: asked back (with what was and was not understood) or declined. */
export function answerReply(q: ReplyQuery, question: string, known: readonly string[]): Executed {
  const suggestions = q.suggestions.length ? q.suggestions : [...SUGGESTED_QUESTIONS].slice(0, 6);
  const choicesOf = (list: ReadonlyArray<{ label: string; query: unknown }>): AnswerChoice[] =>
    list.flatMap((p) => {
      const parsed = askQuerySchema.safeParse(p.query);
      if (!parsed.success) return [];
      return [{ label: p.label, question: p.label, queryToken: encodePageToken({ q: parsed.data, page: 1, question }) }];
    });
  const picks = () => choicesOf(q.people);
  const sourcePicks = () => choicesOf(q.sources ?? []);
  const said = asTyped(q.text ?? '', question);
  switch (q.reply) {
    case 'change':
      return { kind: 'not_understood', ...empty, suggestions: ['Licensed users who never used Copilot', 'Licensed users with no activity in the last 30 days', 'Top 10 users this month'], summary: 'Copilot Observatory only reads: it cannot change licences, users, Copilot settings or the data. Here is what I can show instead:' };
    case 'scope':
      if (q.text === 'outcomes') return { kind: 'not_understood', ...empty, suggestions, summary: outcomeSummary(q.understood) };
      if (q.text === 'purpose')
        return { kind: 'not_understood', ...empty, suggestions, summary: 'Copilot Observatory does not classify what people use Copilot for: it counts use by app, department, person and time, and what Copilot drew on, and flags risks; it does not read prompts for their topic. Which apps and files are used shows what the work is; for example:' };
      if (q.text === 'stickiness')
        return { kind: 'not_understood', ...empty, suggestions, summary: 'Copilot Observatory does not compute a DAU/MAU ratio ("stickiness"): it gives daily, weekly and monthly active users, from which the ratio follows (the average daily figure over the month\'s). For example:' };
      if (q.text === 'duration')
        return { kind: 'not_understood', ...empty, suggestions, summary: 'Copilot Observatory cannot say how long anyone spent in Copilot: the interaction export records when each prompt and response was sent, not how long people spent (a session has no length). It counts sessions, prompts and the days and hours people were active; for example:' };
      if (q.text === 'prices')
        return { kind: 'not_understood', ...empty, suggestions, summary: 'Copilot Observatory knows no prices, costs or billing: it reads how Copilot is used, not what it costs. It can count your licences and who uses them (your price per licence times these gives the cost); for example:' };
      if (q.text && q.text in SMALL_TALK) return { kind: 'not_understood', ...empty, suggestions, summary: SMALL_TALK[q.text]! };
      return { kind: 'not_understood', ...empty, suggestions, summary: 'That is outside what Copilot Observatory knows. It answers questions about how Microsoft 365 Copilot is used in your organisation — who uses it, in which apps and departments, when, what it drew on, and licences without use. For example:' };
    case 'unknown_department':
      return { kind: 'not_understood', ...empty, suggestions, summary: `There is no "${said}" department in your directory${known.length ? `. Known departments: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ` and ${known.length - 12} more` : ''}` : ''}. The nearest, as questions:` };
    case 'nobody': {
      const choices = picks();
      return { kind: 'choice', ...empty, choices, summary: choices.length ? `No one called "${said}" in your directory. Did you mean one of these?` : `No one called "${said}" in your directory (among licensed and active Copilot users).` };
    }
    case 'topic':
      return { kind: 'not_understood', ...empty, view: { path: 'risk', params: {} }, suggestions: ['Watch-list findings this month', 'Open high findings', 'Top 10 users this month'], summary: `I do not search what people asked Copilot about ("${said}"): the product counts use and flags risks, it does not index prompt text for topics. To be told about prompts that mention "${said}", add it to a watch-list in the Risk view (stored history is checked by a rescan); then ask for watch-list findings. For example:` };
    case 'which_source':
      return { kind: 'choice', ...empty, choices: sourcePicks(), summary: `Several data sources answer to "${said}". Which one do you mean?` };
    case 'no_source': {
      const choices = sourcePicks();
      return { kind: 'choice', ...empty, choices, suggestions: choices.length ? [] : suggestions, summary: `No data source or site called "${said}" in the synced history${choices.length ? '. The nearest names:' : '.'}` };
    }
    case 'which_person':
      return { kind: 'choice', ...empty, choices: picks(), summary: `Several people match "${said}". Which one do you mean?` };
    case 'rephrase': {
      if (q.several?.length)
        return { kind: 'not_understood', ...empty, suggestions, summary: `I answer one measure at a time (${q.several.map((m) => MEASURE_LABELS[m].toLowerCase()).join(', ')} were asked together), so I have not picked one. Each on its own:` };
      const missing = q.notUnderstood.length ? `I did not understand ${q.notUnderstood.map((w) => `"${w}"`).join(', ')}` : 'I did not understand that question';
      return { kind: 'not_understood', ...empty, suggestions, summary: `${missing}${q.understood ? ` (I understood: ${q.understood})` : ''}, so I have not guessed. Try one of these:` };
    }
  }
} // prettier-ignore

/**
 * The words the question used for `text` as the asker typed them ("Patti", not the reader's "patti"): found in the
 * question case-insensitively, else `text` as it is.
 */
export function asTyped(text: string, question: string): string {
  const lower = question.toLowerCase();
  const at = lower.indexOf(text.toLowerCase());
  if (!text || at < 0 || lower.length !== question.length) return text;
  return question.slice(at, at + text.length);
}
