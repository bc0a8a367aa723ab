import { CATEGORY_LABELS, STATUS_LABELS } from '../../server/core/ask/interpretation';
import { appName } from '../../server/core/ask/lexicon';
import { FINDING_KIND_CATEGORY, FINDING_KIND_RULES } from '../../server/core/risk/findingFacts';
import type { FindingDoc } from '../../server/store/documents';
import type { Store } from '../../server/store/Store';
import type { Expectation } from './expectation';

/** Every finding and every person's name and department, read straight from the store. */
export interface FindingTruth {
  findings: FindingDoc[];
  people: Map<string, { name: string; department: string | null }>;
  /** Departments with at least MIN_GROUP_SIZE readable licensed users (shown alone), and the licensed users of the rest. */
  alone: Set<string>;
  mergedLicensed: number;
}

/** The engine's default MIN_GROUP_SIZE, as the tab's department view applies it. */
const MIN_GROUP_SIZE = 5;
const SMALL_GROUPS = 'Other (small groups)';

export async function loadFindingTruth(store: Store, tenantId: string): Promise<FindingTruth> {
  const findings = await store.findings.find({ tenantId }).toArray();
  const users = await store.directoryUsers.find({ tenantId }).toArray();
  const active = await store.users.find({ tenantId }).toArray();
  const people = new Map<string, { name: string; department: string | null }>();
  for (const u of [...active, ...users])
    people.set(u.userId, { name: u.displayName ?? u.userId, department: u.department ?? null });
  const runs = await store.syncRuns.find({ tenantId }).toArray();
  const refused = new Set(runs.flatMap((r) => r.errors.filter((e) => e.status === 403).map((e) => e.userId ?? '')));
  const readable = new Map<string, number>();
  for (const u of users.filter((x) => !refused.has(x.userId))) {
    const d = u.department?.trim() || '';
    readable.set(d, (readable.get(d) ?? 0) + 1);
  }
  const alone = new Set([...readable].filter(([d, n]) => d && n >= MIN_GROUP_SIZE).map(([d]) => d));
  const mergedLicensed = [...readable].filter(([d]) => !alone.has(d)).reduce((sum, [, n]) => sum + n, 0);
  return { findings, people, alone, mergedLicensed };
}

/** The findings an expectation asks about, filtered here without the engine's query code. */
export function expectedFindings(e: Expectation, t: FindingTruth): FindingDoc[] {
  const rulesOf = (kinds: string[]) => new Set(kinds.flatMap((k) => FINDING_KIND_RULES[k] ?? []));
  // A kind narrows its own category; a kind of a category not asked is a finding of its own beside them.
  const own = (k: string) => !e.categories.length || e.categories.includes(FINDING_KIND_CATEGORY[k]!);
  const rules = rulesOf(e.kinds.filter(own));
  const beside = rulesOf(e.kinds.filter((k) => !own(k)));
  const what = (f: FindingDoc) =>
    beside.has(f.rule) ||
    ((!e.categories.length || e.categories.includes(f.category)) && (!rules.size || rules.has(f.rule)));
  const period = e.period === 'all' || !e.period ? null : e.period;
  return t.findings.filter(
    (f) =>
      (e.changed
        ? f.history.some(
            (h) =>
              e.statuses.includes(h.status) &&
              (!period || (h.at >= new Date(period.from) && h.at < new Date(period.to))),
          )
        : (!period || (f.interactionAt >= new Date(period.from) && f.interactionAt < new Date(period.to))) &&
          (!e.statuses.length || e.statuses.includes(f.status))) &&
      what(f) &&
      (!e.severities.length || e.severities.includes(f.severity)) &&
      (!e.source || e.source === f.source) &&
      (!e.apps.length || e.apps.includes(f.appKey)) &&
      (!e.departments.length || e.departments.includes(t.people.get(f.userId)?.department ?? '')) &&
      (!e.people.length || e.people.includes(t.people.get(f.userId)?.name ?? '')) &&
      (!e.ageBefore || (e.age!.endsWith('c') ? f.statusChangedAt : f.detectedAt) < e.ageBefore) &&
      !e.excluded.includes(f.appKey) &&
      !e.excluded.includes(t.people.get(f.userId)?.department ?? ''),
  );
}

/** The figures a `risk=count` or `risk=people` answer must show, keyed as its rows label them. */
export function expectedFindingFigures(e: Expectation, t: FindingTruth): Map<string, number> {
  const groups = new Map<string, Set<string>>();
  const dim = e.by[0];
  // Counts narrowed to a department below the minimum group size are refused; rows per person are not.
  if (dim !== 'user' && e.departments.some((d) => !t.alone.has(d))) return new Map();
  for (const f of expectedFindings(e, t)) {
    const key = dim ? labelOf(dim, f, t) : '';
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key)!.add(e.risk === 'people' ? f.userId : f._id.toHexString());
  }
  if (dim === 'department' && t.mergedLicensed < MIN_GROUP_SIZE) groups.delete(SMALL_GROUPS);
  return new Map([...groups].map(([k, ids]) => [k, ids.size]));
}

function labelOf(dim: string, f: FindingDoc, t: FindingTruth): string {
  const day = f.interactionAt.toISOString().slice(0, 10);
  if (dim === 'category') return CATEGORY_LABELS[f.category] ?? f.category;
  if (dim === 'status') return STATUS_LABELS[f.status] ?? f.status;
  if (dim === 'severity') return f.severity;
  if (dim === 'rule') return f.rule;
  if (dim === 'app') return appName(f.appKey);
  if (dim === 'user') return t.people.get(f.userId)?.name ?? f.userId;
  if (dim === 'department') {
    const d = t.people.get(f.userId)?.department?.trim();
    return d && t.alone.has(d) ? d : SMALL_GROUPS;
  }
  if (dim === 'day') return day;
  if (dim === 'week') {
    const at = Date.parse(`${day}T00:00:00Z`);
    return new Date(at - ((new Date(at).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  }
  return day.slice(0, 7);
}
