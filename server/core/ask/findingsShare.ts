import { countFindings, type FindingScope } from '../risk/findingFacts';
import { plural, type AnswerDeps, type Executed, type TabView } from './executed';
import type { FindingShare, FindingsQuery } from './querySchema';

/** What the whole of a share is, as the line and the answer say it: the same findings of every … */
export const SHARE_WHOLES: Record<Exclude<FindingShare, 'rows'>, string> = {
  category: 'findings of every category',
  severity: 'findings of every severity',
  status: 'findings of every status',
  source: 'findings in prompts and responses',
  app: 'findings in every app',
  department: 'findings in every department',
};

/** The query of the whole a share divides by: the same findings without the filter the share is of. */
function wholeOf(q: FindingsQuery, of: Exclude<FindingShare, 'rows'>): FindingsQuery {
  const { share: _share, source: _source, ...rest } = q;
  const whole: FindingsQuery = { ...rest, ...(of === 'source' || !q.source ? {} : { source: q.source }) };
  if (of === 'category') return { ...whole, categories: [], kinds: [] };
  if (of === 'severity') return { ...whole, severities: [] };
  if (of === 'status') return { ...whole, statuses: [] };
  if (of === 'app') return { ...whole, filters: { ...q.filters, apps: [] } };
  if (of === 'department') return { ...whole, filters: { ...q.filters, departments: [] } };
  return whole;
}

/**
 * "What percentage of findings are secrets", "proportion of high-severity findings": the findings asked (every
 * filter) out of the same findings without the one the share is of, both counted from the findings collection.
 */
export async function findingsShare(
  deps: AnswerDeps,
  q: FindingsQuery,
  scopeOf: (q: FindingsQuery) => Promise<FindingScope | null>,
  view: TabView,
): Promise<Executed> {
  const of = q.share as Exclude<FindingShare, 'rows'>;
  const [partScope, wholeScope] = await Promise.all([scopeOf(q), scopeOf(wholeOf(q, of))]);
  const counted = (s: FindingScope | null) => (s ? countFindings(deps.store, deps.tenantId, s) : Promise.resolve(0));
  const [part, whole] = await Promise.all([counted(partScope), counted(wholeScope)]);
  const percent = whole ? Math.round((part / whole) * 1000) / 10 : 0;
  const summary = whole
    ? `${percent} % of the ${SHARE_WHOLES[of]}: ${plural(part, 'finding')} of ${whole}.`
    : `No ${SHARE_WHOLES[of]} in this period to take a share of.`;
  return {
    kind: 'table',
    summary,
    notes: [],
    columns: [
      { key: 'share', title: 'Share %', kind: 'number' },
      { key: 'value', title: 'Findings', kind: 'number' },
      { key: 'whole', title: SHARE_WHOLES[of].replace(/^f/, 'F'), kind: 'number' },
    ],
    rows: [{ share: percent, value: part, whole }],
    view,
  };
}
