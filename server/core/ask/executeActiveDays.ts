import { userRefs } from '../insights/userDirectory';
import { pseudonymousRefs } from '../privacy/pseudonyms';
import { labelOf } from './dimensions';
import type { AnswerDeps, Executed, Row } from './executed';
import { activityOf, conditionedUsers } from './executePeopleConditions';
import { scopedUsers } from './measureFacts';
import type { MeasureQuery } from './querySchema';
import { meetsThreshold } from './thresholds';

const DEFAULT_LIMIT = 10;

/**
 * "Who was active on the most days last month", "active days per person": each person's days with any Copilot activity
 * in the period (the per-user daily aggregate, or single interactions for a rolling window), most first; people
 * without activity are not listed. Filters and conditions on people narrow who is counted, as for any measure.
 */
export async function answerActiveDays(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const people = await conditionedUsers(deps, q, await scopedUsers(deps.store, deps.tenantId, q));
  const activity = await activityOf(deps, q, q.period, people);
  const apps = new Set(q.filters.apps);
  const days = [...activity]
    .map(([userId, a]) => ({
      userId,
      days: apps.size ? [...a.appDays].filter((d) => apps.has(d.split('|')[1]!)) : null,
      a,
    })) // prettier-ignore
    .map(({ userId, days, a }) => ({
      userId,
      value: days ? new Set(days.map((d) => d.split('|')[0])).size : a.days.size,
    }))
    .filter((r) => r.value > 0 && (!q.having || meetsThreshold(r.value, q.having)));
  const sign = q.order === 'asc' ? 1 : -1;
  days.sort((a, b) => sign * (a.value - b.value) || (a.userId < b.userId ? -1 : 1));
  const cut = q.having && !q.limit ? days : days.slice(0, q.limit ?? DEFAULT_LIMIT);
  const named = await userRefs(
    deps.store,
    deps.tenantId,
    cut.map((r) => r.userId),
  );
  const refs = deps.pseudonyms ? pseudonymousRefs(named, deps.pseudonyms) : named;
  const labels = { refs, sources: new Map(), apps: new Map() };
  const rows: Row[] = cut.map((r) => ({ ...labelOf('user', r.userId, labels, deps.timeZone), value: r.value }));
  const lead = rows[0];
  const last = cut.at(-1);
  // Ties at the cut-off are said, as for any ranking.
  const tied =
    last && cut.length < days.length ? days.slice(cut.length).filter((r) => r.value === last.value).length : 0;
  const summary = [
    lead
      ? `${String(lead.user)} was active on the ${q.order === 'asc' ? 'fewest' : 'most'} days here: ${Number(lead.value)}; ${rows.length} shown of ${days.length} people active.`
      : 'Nobody was active in this period.',
    ...(tied
      ? [`${tied} more ${tied === 1 ? 'is' : 'are'} tied at ${last!.value} with the last one shown at the cut-off.`]
      : []),
  ].join(' ');
  return {
    kind: 'table',
    summary,
    columns: [
      { key: 'user', title: 'User', kind: 'text' },
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'value', title: 'Days active', kind: 'number' },
    ],
    rows,
    notes: [],
  };
}
