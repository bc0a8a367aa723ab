import { departmentNames } from '../../server/core/insights/questions/departments';
import { syncStatus } from '../../server/core/insights/syncStatus';
import type { QueryOf } from '../questions/querySchema';
import { editDistance } from '../questions/text';
import { num, type FormAnswer } from './executed';

const STATUS_WORDS: Record<string, string> = {
  running: 'running',
  succeeded: 'succeeded',
  completed_with_errors: 'completed with errors',
  failed: 'failed',
  interrupted: 'was interrupted',
};

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

export const answerSyncStatus: FormAnswer<QueryOf<'sync_status'>> = async (deps) => {
  const s = await syncStatus(deps.store, deps.tenantId, deps.now());
  const last = s.lastRun;
  const running = s.running;
  const summary = running
    ? `A sync is running now (${running.progress.usersDone} of ${running.progress.usersTotal} users); the data is as of ${when(s.lastSuccessfulAt)}.`
    : last
      ? `The last sync ${STATUS_WORDS[last.status] ?? last.status} at ${when(last.endedAt)} in ${seconds(last.durationMs)}; the data is as of ${when(s.lastSuccessfulAt)}.`
      : 'No sync has run yet.';
  const rows = last
    ? [
        { measure: 'Last run', value: `${STATUS_WORDS[last.status] ?? last.status} (${last.mode}, ${last.trigger})` },
        { measure: 'Started', value: when(last.startedAt) },
        { measure: 'Ended', value: when(last.endedAt) },
        { measure: 'Duration', value: seconds(last.durationMs) },
        { measure: 'New interactions', value: num(last.counts.interactionsNew ?? 0) },
        { measure: 'Users with errors', value: num(last.errorCount) },
        { measure: 'Data as of', value: when(s.lastSuccessfulAt) },
        ...(s.nextRunAt ? [{ measure: 'Next run', value: when(s.nextRunAt) }] : []),
      ]
    : [];
  return {
    summary,
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'text' },
    ],
    rows,
    filters: [],
    view: { path: 'sync', params: {} },
  };
};

/** There are no risk rules yet: say so plainly, as an answer rather than an error. */
export const answerRiskFindings: FormAnswer<QueryOf<'risk_findings'>> = async () => ({
  kind: 'not_available',
  summary:
    'Risk findings are not available yet: Copilot Observatory has no risk rules so far. It shows usage, agents and the data sources Copilot reached — try "most referenced sites" or "which files are reached by the most users".',
  columns: [],
  rows: [],
  filters: [],
  view: { path: 'data-sources', params: {} },
});

const SHOWN_DEPARTMENTS = 12;

/** A department the directory does not know: say so, list the known ones, and offer the question for the nearest. */
export const answerUnknownDepartment: FormAnswer<QueryOf<'unknown_department'>> = async (deps, q) => {
  const known = await departmentNames(deps.store, deps.tenantId);
  const asked = q.department.toLowerCase();
  const nearest = known
    .map((name) => ({ name, distance: editDistance(asked, name.toLowerCase(), 20) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .map((d) => d.name);
  const listed = known.slice(0, SHOWN_DEPARTMENTS).join(', ');
  const more = known.length > SHOWN_DEPARTMENTS ? ` and ${known.length - SHOWN_DEPARTMENTS} more` : '';
  return {
    kind: 'not_understood',
    summary:
      known.length > 0
        ? `There is no "${q.department}" department in the directory. Known departments: ${listed}${more}.`
        : `There is no "${q.department}" department: no user in the directory has a department.`,
    columns: [],
    rows: [],
    filters: [],
    view: null,
    suggestions: nearest.slice(0, 6).map((name) => q.question.replace('{department}', name)),
  };
};
