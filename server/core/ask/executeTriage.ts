import { scopeFilter, type FindingScope } from '../risk/findingFacts';
import type { FindingDoc, FindingStatusChange } from '../../store/documents';
import { num, plural, type AnswerDeps, type Executed, type TabView } from './executed';
import type { FindingsQuery } from './querySchema';

const HOUR = 3_600_000;
/** Analysts a ranking shows unless a number is asked ("top 3 analysts"). */
const DEFAULT_ANALYSTS = 10;

/** A finding as a triage answer reads it: when it was detected and each step of its triage. */
type Triaged = Pick<FindingDoc, 'detectedAt' | 'history'>;

/**
 * "Mean time to resolve findings", "who closed the most findings last week": the findings triage moved to one of the
 * query's statuses in its period, read from each finding's triage history — how long each took from detection to that
 * step (median and mean), or the analysts who took the step, ranked by how many findings they moved.
 */
export async function answerTriage(
  deps: AnswerDeps,
  q: FindingsQuery,
  scope: FindingScope,
  view: TabView,
): Promise<Executed> {
  const found = (await deps.store.findings
    .find(scopeFilter(deps.tenantId, { ...scope, changed: true }), { projection: { detectedAt: 1, history: 1 } })
    .toArray()) as Triaged[];
  const steps = found.flatMap((f) => {
    const inPeriod = f.history.filter(
      (s) => q.statuses.includes(s.status) && s.at >= q.period.from && s.at < q.period.to,
    );
    // The last such step is the one that left the finding so in the period (a reopened finding closed again).
    const last = inPeriod.at(-1);
    return last ? [{ finding: f, step: last }] : [];
  });
  const moved = movedTo(q.statuses);
  if (!steps.length) return { kind: 'table', summary: `No findings were ${moved} in this period.`, notes: [], columns: [], rows: [], view }; // prettier-ignore
  const answer = q.triage === 'closed_by' ? byAnalyst(q, steps, moved) : timeToClose(steps, moved);
  return { ...answer, view };
}

type Step = { finding: Triaged; step: FindingStatusChange };

/** The median and mean of the hours from each finding's detection to its step in the period. */
function timeToClose(steps: Step[], moved: string): Executed {
  const hours = steps.map((s) => (s.step.at.getTime() - s.finding.detectedAt.getTime()) / HOUR).sort((a, b) => a - b);
  const mid = Math.floor(hours.length / 2);
  const median = hours.length % 2 ? hours[mid]! : (hours[mid - 1]! + hours[mid]!) / 2;
  const mean = hours.reduce((s, h) => s + h, 0) / hours.length;
  return {
    kind: 'table',
    summary: `${plural(hours.length, 'finding')} ${moved} in this period: ${spoken(median)} from detection to ${moved} at the median, ${spoken(mean)} on average.`, // prettier-ignore
    notes: [],
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Hours', kind: 'number' },
      { key: 'time', title: 'Time', kind: 'text' },
    ],
    rows: [
      { measure: 'Median time from detection', value: round(median), time: spoken(median) },
      { measure: 'Mean time from detection', value: round(mean), time: spoken(mean) },
      { measure: `Findings ${moved}`, value: hours.length, time: null },
    ],
  };
}

/**
 * Each analyst with the findings whose last step in the period they took, most first: a finding resolved, reopened
 * and closed again is credited once, to whoever closed it last, so the rows add up to the findings counted.
 */
function byAnalyst(q: FindingsQuery, steps: Step[], moved: string): Executed {
  const analysts = new Map<string, { name: string; findings: Set<Triaged> }>();
  for (const { finding, step } of steps) {
    const a = analysts.get(step.by) ?? { name: (step.byName ?? step.by).trim(), findings: new Set() };
    a.findings.add(finding);
    analysts.set(step.by, a);
  }
  const sign = q.order === 'asc' ? 1 : -1;
  const rows = [...analysts.values()]
    .map((a) => ({ analyst: a.name, value: a.findings.size }))
    .sort((a, b) => sign * (a.value - b.value) || a.analyst.localeCompare(b.analyst));
  const kept = rows.slice(0, q.limit ?? DEFAULT_ANALYSTS);
  const last = kept.at(-1)!;
  const tied = rows.slice(kept.length).filter((r) => r.value === last.value).length;
  const cut = kept.length < rows.length ? ` The ${plural(kept.length, 'analyst')} shown.` : '';
  const tie = tied ? ` ${tied} more ${tied === 1 ? 'is' : 'are'} tied at ${last.value} with the last one shown.` : '';
  return {
    kind: 'table',
    summary: `${plural(steps.length, 'finding')} ${moved} in this period, by ${plural(rows.length, 'analyst')}.${cut}${tie}`,
    notes: [],
    columns: [
      { key: 'analyst', title: 'Analyst', kind: 'text' },
      { key: 'value', title: `Findings ${moved}`, kind: 'number' },
    ],
    rows: kept,
  };
}

const CLOSED = ['resolved', 'dismissed', 'false_positive'];
const MOVED: Record<string, string> = { open: 'reopened', investigating: 'taken under investigation', resolved: 'resolved', dismissed: 'dismissed', false_positive: 'marked a false positive' }; // prettier-ignore

/** What triage did, as the answer says it: "closed" (resolved, dismissed or false positive), "triaged", "resolved". */
function movedTo(statuses: readonly string[]): string {
  if (CLOSED.every((s) => statuses.includes(s))) return statuses.includes('investigating') ? 'triaged' : 'closed';
  return statuses.map((s) => MOVED[s] ?? s).join(' or ');
}

const round = (hours: number) => Math.round(hours * 10) / 10;

/** Hours as an admin says them: "40 minutes", "5.5 hours", "3.2 days". */
function spoken(hours: number): string {
  if (hours < 1) return plural(Math.round(hours * 60), 'minute');
  if (hours < 48) return `${num(round(hours))} hours`;
  return `${num(round(hours / 24))} days`;
}
