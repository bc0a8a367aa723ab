import { departmentMembers, storedAppNames } from '../insights/askFacts';
import { userRefs } from '../insights/userDirectory';
import { countFindings, findingFacts, type FindingFact, type FindingScope } from '../risk/findingFacts';
import { RISK_CATEGORIES, SEVERITIES } from '../risk/types';
import { FINDING_STATUSES } from '../risk/findingQueries';
import { weekStart } from './dimensions';
import { plural, type AnswerDeps, type Executed, type Row, type TabView } from './executed';
import { CATEGORY_LABELS, STATUS_LABELS } from './interpretation';
import { appName } from './lexicon';
import { MONTH_NAMES } from './periods';
import type { FindingDimension, FindingsQuery } from './querySchema';
import { localDayKey } from './timeZone';
import { keptApps, NOTHING_LEFT, withoutExcluded } from './exclusions';
import { groupOf, isDepartmental, mergedNote, smallGroupRefusal } from './smallGroups';
import { departmentGroups, type DepartmentGroups } from '../insights/adoption';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { findingsShare } from './findingsShare';
import { answerTriage } from './executeTriage';

/** Findings a list answer reads at most (newest first); the count says how many there are in all. */
const LIST_MAX = 100;
const DEFAULT_LIMIT: Partial<Record<FindingDimension, number>> = { user: 10, rule: 10 };
const TIME = new Set<FindingDimension>(['day', 'week', 'month']);
const ORDERS: Partial<Record<FindingDimension, readonly string[]>> = {
  severity: SEVERITIES,
  status: FINDING_STATUSES,
  category: RISK_CATEGORIES,
};

/** Risk findings listed (masked evidence only) or counted, from the findings collection. */
export async function answerFindings(deps: AnswerDeps, q: FindingsQuery): Promise<Executed> {
  const appKeys = await keptApps(deps.store, deps.tenantId, q.filters);
  if (!appKeys) return { kind: 'not_available', summary: NOTHING_LEFT, columns: [], rows: [], notes: [] };
  // Counts narrowed to, leaving out or grouped by department follow the minimum group size as usage figures do; a
  // list's rows each name their person, as usage rows per person do.
  const minGroupSize = deps.minGroupSize ?? 5;
  const rule =
    q.show === 'count' && isDepartmental(q.filters, q.by)
      ? await departmentGroups(deps.store, deps.tenantId, minGroupSize)
      : null;
  const refused = rule && smallGroupRefusal(rule, q.filters, minGroupSize);
  if (refused) return refused;
  if (q.share && q.share !== 'rows') return findingsShare(deps, q, (x) => findingScope(deps, x), viewOf(q));
  const scope = { ...(await scopeOf(deps, q)), appKeys };
  if (q.triage) return answerTriage(deps, q, scope, viewOf(q));
  return q.show === 'list' ? list(deps, q, scope) : count(deps, q, scope, rule && { rule, minGroupSize });
}

/** The findings a query reads, with the apps it keeps (null: an exclusion left no app). */
async function findingScope(deps: AnswerDeps, q: FindingsQuery): Promise<FindingScope | null> {
  const appKeys = await keptApps(deps.store, deps.tenantId, q.filters);
  return appKeys ? { ...(await scopeOf(deps, q)), appKeys } : null;
}

async function scopeOf(deps: AnswerDeps, q: FindingsQuery): Promise<FindingScope> {
  const { people, departments } = q.filters;
  let userIds: string[] | null = people.length ? people.map((p) => p.userId) : null;
  if (departments.length) {
    const members = new Set(await departmentMembers(deps.store, deps.tenantId, departments));
    userIds = userIds ? userIds.filter((id) => members.has(id)) : [...members];
  }
  userIds = await withoutExcluded(deps.store, deps.tenantId, userIds, q.filters);
  return {
    categories: q.categories,
    kinds: q.kinds,
    severities: q.severities,
    statuses: q.statuses,
    ...(q.source ? { source: q.source } : {}),
    ...(q.age ? { olderThan: { before: q.age.before, since: q.age.since } } : {}),
    ...(q.changed && q.statuses.length ? { changed: true as const } : {}),
    ...(q.detected && !q.changed ? { detected: true as const } : {}),
    userIds,
    appKeys: q.filters.apps,
    range: { from: q.period.from, to: q.period.to },
  };
}

const display = (u: { displayName: string | null; userPrincipalName: string | null } | undefined, id: string) =>
  (u?.displayName ?? u?.userPrincipalName ?? id).trim();

async function list(deps: AnswerDeps, q: FindingsQuery, scope: FindingScope): Promise<Executed> {
  const [total, shown] = await Promise.all([
    countFindings(deps.store, deps.tenantId, scope),
    findingFacts(deps.store, deps.tenantId, scope, { evidence: true, limit: q.limit ?? LIST_MAX }),
  ]);
  const [refs, apps] = await Promise.all([
    userRefs(deps.store, deps.tenantId, [...new Set(shown.map((f) => f.userId))]),
    appNames(deps, shown),
  ]);
  const cut = total > shown.length ? `; the latest ${shown.length} shown` : '';
  const summary =
    total === 0
      ? 'No findings match.'
      : `${plural(total, 'finding')}${cut}. Evidence is masked; open a finding in the Risk view to triage it.`;
  return {
    kind: 'table',
    summary,
    notes: [],
    columns: [
      { key: 'at', title: q.detected ? 'Detected' : 'When', kind: 'datetime' },
      { key: 'severity', title: 'Severity', kind: 'text' },
      { key: 'what', title: 'Found', kind: 'text' },
      { key: 'evidence', title: 'Evidence (masked)', kind: 'text' },
      { key: 'user', title: 'User', kind: 'text' },
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'source', title: 'In', kind: 'text' },
      { key: 'status', title: 'Status', kind: 'text' },
    ],
    rows: shown.map((f) => {
      const ev = f.evidence ?? [];
      return {
        at: (q.detected ? f.detectedAt : f.interactionAt).toISOString(),
        severity: f.severity,
        what: [...new Set(ev.map((e) => e.type))].join(', ') || f.title,
        evidence: ev
          .map((e) => e.masked)
          .join('; ')
          .slice(0, 200),
        user: display(refs.get(f.userId), f.userId),
        app: apps.get(f.appKey) ?? appName(f.appKey),
        source: f.source === 'prompt' ? 'Prompt' : 'Response',
        status: STATUS_LABELS[f.status] ?? f.status,
      };
    }),
    view: viewOf(q),
  };
}

async function appNames(deps: AnswerDeps, facts: FindingFact[]): Promise<Map<string, string>> {
  const other = [...new Set(facts.map((f) => f.appKey).filter((k) => k.startsWith('other:')))];
  return other.length ? storedAppNames(deps.store, deps.tenantId, other) : new Map();
}

async function count(
  deps: AnswerDeps,
  q: FindingsQuery,
  scope: FindingScope,
  small: { rule: DepartmentGroups; minGroupSize: number } | null,
): Promise<Executed> {
  const facts = await findingFacts(deps.store, deps.tenantId, scope);
  if (q.by.length > 1) return countByTwo(deps, q, facts, small);
  const dim = q.by[0];
  const people = q.counted === 'people';
  const noun = people ? 'People with findings' : 'Findings';
  const total = people ? new Set(facts.map((f) => f.userId)).size : facts.length;
  const sentence = people
    ? `${plural(total, 'person', 'people')} had findings matching this.`
    : `${plural(total, 'finding')} match.`;
  if (!dim)
    return {
      kind: 'table',
      summary: sentence,
      notes: [],
      columns: [
        { key: 'measure', title: 'Measure', kind: 'text' },
        { key: 'value', title: noun, kind: 'number' },
      ],
      rows: [{ measure: noun, value: total }],
      view: viewOf(q),
    };
  const refs =
    dim === 'department'
      ? await userRefs(deps.store, deps.tenantId, [...new Set(facts.map((f) => f.userId))])
      : new Map<string, { department: string | null }>();
  const departments = small
    ? new Map([...refs].map(([id, r]) => [id, { department: groupOf(small.rule, r.department) }]))
    : refs;
  const groups = new Map<string, Set<string>>();
  for (const f of facts) {
    const key = keyOf(f, dim, deps.timeZone, departments, q.detected);
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key)!.add(people ? f.userId : f._id.toHexString());
  }
  for (const key of bucketsOf(q, dim, deps.timeZone)) if (!groups.has(key)) groups.set(key, new Set());
  const merged = small && dim === 'department' && groups.has(SMALL_GROUPS) ? mergedNote(small.rule, small.minGroupSize) : null; // prettier-ignore
  if (merged?.withheld) groups.delete(SMALL_GROUPS);
  const rows = [...groups].map(([key, ids]) => ({ key, value: ids.size }));
  const natural = ORDERS[dim];
  rows.sort((a, b) =>
    q.order === 'natural' && natural
      ? natural.indexOf(a.key) - natural.indexOf(b.key)
      : q.order === 'natural' && TIME.has(dim)
        ? a.key.localeCompare(b.key)
        : (q.order === 'asc' ? a.value - b.value : b.value - a.value) || a.key.localeCompare(b.key),
  );
  const limit = q.limit ?? DEFAULT_LIMIT[dim];
  const kept = limit !== undefined ? rows.slice(0, limit) : rows;
  const labels = await labelsOf(
    deps,
    dim,
    kept.map((r) => r.key),
  );
  // Rows past the cut-off with the last shown row's figure are said, never dropped by sort order (as usage rankings).
  const last = kept.at(-1);
  const tied =
    q.order === 'natural' || !last ? 0 : rows.slice(kept.length).filter((r) => r.value === last.value).length;
  const tie = tied ? ` ${tied} more ${tied === 1 ? 'is' : 'are'} tied at ${last!.value} with the last one shown at the cut-off.` : ''; // prettier-ignore
  const cut = kept.length < rows.length ? ` The ${plural(kept.length, 'largest group')} shown.${tie}` : '';
  const shares = q.share === 'rows' ? shareColumn(total) : null;
  return {
    kind: 'table',
    summary: [`${sentence}${cut}${shares ? ' Each row is shown as a share of them.' : ''}`, ...(merged ? [merged.note] : [])].join(' '), // prettier-ignore
    notes: merged ? [merged.note] : [],
    columns: [...columnsOf(dim), { key: 'value', title: noun, kind: 'number' }, ...(shares ? [shares.column] : [])],
    rows: kept.map((r): Row => ({ ...labels(r.key), value: r.value, ...(shares ? { share: shares.of(r.value) } : {}) })), // prettier-ignore
    view: viewOf(q),
  };
}

/** A share column over `total`: each row's figure as a percentage, to one decimal. */
function shareColumn(total: number) {
  return {
    column: { key: 'share', title: 'Share %', kind: 'number' as const },
    of: (value: number) => (total ? Math.round((value / total) * 1000) / 10 : 0),
  };
}

/**
 * Findings by two dimensions ("by category and app", "per department and severity"): a row for each pair that has
 * findings, the first dimension in its natural order (severity, status, category, time) or largest first, the second
 * largest first within it; department rows merged by the minimum group size as everywhere.
 */
async function countByTwo(
  deps: AnswerDeps,
  q: FindingsQuery,
  facts: FindingFact[],
  small: { rule: DepartmentGroups; minGroupSize: number } | null,
): Promise<Executed> {
  const [first, second] = q.by as [FindingDimension, FindingDimension];
  const people = q.counted === 'people';
  const noun = people ? 'People with findings' : 'Findings';
  const refs = q.by.includes('department')
    ? await userRefs(deps.store, deps.tenantId, [...new Set(facts.map((f) => f.userId))])
    : new Map<string, { department: string | null }>();
  const departments = small
    ? new Map([...refs].map(([id, r]) => [id, { department: groupOf(small.rule, r.department) }]))
    : refs;
  const groups = new Map<string, { keys: [string, string]; ids: Set<string> }>();
  for (const f of facts) {
    const keys: [string, string] = [keyOf(f, first, deps.timeZone, departments, q.detected), keyOf(f, second, deps.timeZone, departments, q.detected)]; // prettier-ignore
    const id = keys.join('\u0001');
    if (!groups.has(id)) groups.set(id, { keys, ids: new Set() });
    groups.get(id)!.ids.add(people ? f.userId : f._id.toHexString());
  }
  const merged = small && [...groups.values()].some((g) => g.keys.includes(SMALL_GROUPS)) ? mergedNote(small.rule, small.minGroupSize) : null; // prettier-ignore
  const rows = [...groups.values()]
    .filter((g) => !(merged?.withheld && g.keys.includes(SMALL_GROUPS)))
    .map((g) => ({ keys: g.keys, value: g.ids.size }));
  const firstTotals = new Map<string, number>();
  for (const r of rows) firstTotals.set(r.keys[0], (firstTotals.get(r.keys[0]) ?? 0) + r.value);
  const rank = (dim: FindingDimension, a: string, b: string, byValue: number) => {
    const natural = ORDERS[dim];
    if (q.order === 'natural' && natural) return natural.indexOf(a) - natural.indexOf(b);
    if (q.order === 'natural' && TIME.has(dim)) return a.localeCompare(b);
    return byValue || a.localeCompare(b);
  };
  const sign = q.order === 'asc' ? 1 : -1;
  rows.sort(
    (a, b) =>
      rank(first, a.keys[0], b.keys[0], sign * (firstTotals.get(a.keys[0])! - firstTotals.get(b.keys[0])!)) ||
      rank(second, a.keys[1], b.keys[1], sign * (a.value - b.value)),
  );
  const kept = q.limit ? rows.slice(0, q.limit) : rows;
  const [labelFirst, labelSecond] = await Promise.all([
    labelsOf(deps, first, [...new Set(kept.map((r) => r.keys[0]))]),
    labelsOf(deps, second, [...new Set(kept.map((r) => r.keys[1]))]),
  ]);
  const total = people ? new Set(facts.map((f) => f.userId)).size : facts.length;
  const shares = q.share === 'rows' ? shareColumn(total) : null;
  const sentence = people
    ? `${plural(total, 'person', 'people')} had findings matching this`
    : `${plural(total, 'finding')} match`;
  const cut = kept.length < rows.length ? `; the ${plural(kept.length, 'largest pair')} of ${rows.length} shown` : '';
  const pairs = `${sentence}, in ${plural(rows.length, 'pair')} of ${FINDING_DIMENSION_NOUNS[first]} and ${FINDING_DIMENSION_NOUNS[second]} with findings${cut}.`; // prettier-ignore
  // A person's row already names their department: grouped by both, the department is not a second column.
  const secondColumns = first === 'user' && second === 'department' ? [] : columnsOf(second);
  const firstColumns = second === 'user' && first === 'department' ? [] : columnsOf(first);
  return {
    kind: 'table',
    summary: [pairs, ...(shares ? ['Each row is shown as a share of them.'] : []), ...(merged ? [merged.note] : [])].join(' '), // prettier-ignore
    notes: merged ? [merged.note] : [],
    columns: [...firstColumns, ...secondColumns, { key: 'value', title: noun, kind: 'number' }, ...(shares ? [shares.column] : [])], // prettier-ignore
    rows: kept.map((r): Row => ({ ...labelFirst(r.keys[0]), ...labelSecond(r.keys[1]), value: r.value, ...(shares ? { share: shares.of(r.value) } : {}) })), // prettier-ignore
    view: viewOf(q),
  };
}

const FINDING_DIMENSION_NOUNS: Record<FindingDimension, string> = { category: 'category', severity: 'severity', status: 'status', rule: 'rule', user: 'person', app: 'app', department: 'department', day: 'day', week: 'week', month: 'month' }; // prettier-ignore

const NONE = '(none)';

function keyOf(f: FindingFact, dim: FindingDimension, tz: string, refs: Map<string, { department: string | null }>, detected?: true): string {
  // Findings counted by when they were detected fall in the day, week or month of their detection.
  const at = detected ? f.detectedAt : f.interactionAt;
  switch (dim) {
    case 'category': return f.category;
    case 'severity': return f.severity;
    case 'status': return f.status;
    case 'rule': return f.rule;
    case 'user': return f.userId;
    case 'app': return f.appKey;
    case 'department': return refs.get(f.userId)?.department ?? NONE;
    case 'day': return localDayKey(at, tz);
    case 'week': return weekStart(localDayKey(at, tz));
    case 'month': return localDayKey(at, tz).slice(0, 7);
  }
} // prettier-ignore

/** Every severity, status and category at zero too, and every day, week or month of an asked period. */
function bucketsOf(q: FindingsQuery, dim: FindingDimension, tz: string): string[] {
  if (dim === 'severity') return q.severities.length ? [...q.severities] : [...SEVERITIES];
  if (dim === 'status') return q.statuses.length ? [...q.statuses] : [...FINDING_STATUSES];
  if (dim === 'category') return q.categories.length ? [...q.categories] : q.kinds.length ? [] : [...RISK_CATEGORIES];
  // "Findings in Teams vs Outlook": each app (or department) named is a row, at zero too.
  if (dim === 'app') return [...q.filters.apps];
  if (dim === 'department') return [...q.filters.departments];
  if (!TIME.has(dim) || q.period.all) return [];
  const keys = new Set<string>();
  const last = localDayKey(new Date(q.period.to.getTime() - 1), tz);
  for (let at = Date.parse(`${localDayKey(q.period.from, tz)}T00:00:00Z`); at <= Date.parse(`${last}T00:00:00Z`); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    keys.add(dim === 'day' ? day : dim === 'week' ? weekStart(day) : day.slice(0, 7));
  }
  return keys.size > 400 ? [] : [...keys];
} // prettier-ignore

function columnsOf(dim: FindingDimension): Executed['columns'] {
  if (dim === 'user')
    return [
      { key: 'user', title: 'User', kind: 'text' },
      { key: 'department', title: 'Department', kind: 'text' },
    ];
  const title = { category: 'Category', severity: 'Severity', status: 'Status', rule: 'Rule', app: 'App', department: 'Department', day: 'Day', week: 'Week starting', month: 'Month' }[dim]; // prettier-ignore
  return [{ key: dim, title, kind: dim === 'day' || dim === 'week' ? 'date' : 'text' }];
}

async function labelsOf(deps: AnswerDeps, dim: FindingDimension, keys: string[]): Promise<(key: string) => Row> {
  if (dim === 'user') {
    const refs = await userRefs(deps.store, deps.tenantId, keys);
    return (k) => ({ user: display(refs.get(k), k), department: refs.get(k)?.department ?? null });
  }
  if (dim === 'app') {
    const other = keys.filter((k) => k.startsWith('other:'));
    const names = other.length ? await storedAppNames(deps.store, deps.tenantId, other) : new Map<string, string>();
    return (k) => ({ app: names.get(k) ?? appName(k) });
  }
  if (dim === 'category') return (k) => ({ category: CATEGORY_LABELS[k] ?? k });
  if (dim === 'status') return (k) => ({ status: STATUS_LABELS[k] ?? k });
  if (dim === 'month') return (k) => ({ month: `${MONTH_NAMES[Number(k.slice(5, 7)) - 1]} ${k.slice(0, 4)}` });
  return (k) => ({ [dim]: k });
}

/** The tab's Risk view with the same filters (the API's names: category, severity, status, userId, appKey, from, to). */
export function viewOf(q: FindingsQuery): TabView {
  const one = <T>(xs: readonly T[]) => (xs.length === 1 ? xs[0] : undefined);
  const last = new Date(Math.max(q.period.from.getTime(), q.period.to.getTime() - 1));
  return {
    path: 'risk',
    params: {
      category: one(q.categories),
      severity: one(q.severities),
      status: one(q.statuses),
      userId: one(q.filters.people)?.userId,
      appKey: one(q.filters.apps),
      ...(q.period.default
        ? {}
        : { from: q.period.from.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }),
    },
  };
}
