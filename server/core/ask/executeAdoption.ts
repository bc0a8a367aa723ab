import { licensedFacts } from '../insights/askFacts';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { plural, type AnswerDeps, type Executed, type Row } from './executed';
import { idleLicensed } from './executePeople';
import type { MeasureQuery } from './querySchema';

/** Departments smaller than this are merged, as in the tab's department view (MIN_GROUP_SIZE's default). */
const DEFAULT_MIN_GROUP_SIZE = 5;

const percent = (active: number, of: number) => (of === 0 ? 0 : Math.round((active / of) * 1000) / 10);

/** Why adoption cannot be shown as asked, or null. */
export function adoptionUnsupported(q: MeasureQuery): string | null {
  if (q.by.some((d) => d !== 'department'))
    return 'Adoption (the share of licensed users who were active) can be shown overall or by department; for other breakdowns ask for active users.';
  if (q.filters.people.length) return 'Adoption is a share of licensed users, so it is not shown for named people.';
  if (q.compare || q.having)
    return 'Adoption cannot be compared or filtered by a condition yet; ask for it per period.';
  return null;
}

/**
 * Adoption: of the people holding a Copilot licence (the directory as last synced), the share active in the period
 * (in the apps asked). People whose history the export API refused are left out of both sides — their use is
 * unknown. By department, departments with fewer licensed users than MIN_GROUP_SIZE are merged into one row, as in
 * the tab's department view, and a merged row still below it is withheld.
 */
export async function answerAdoption(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const licensed = await licensedFacts(deps.store, deps.tenantId, q.filters.departments);
  const { idle, unreadable, notes } = await idleLicensed(deps, q, licensed);
  const idleIds = new Set(idle.map((u) => u.userId));
  const readable = licensed.filter((u) => !unreadable.has(u.userId));
  const unknown = licensed.length - readable.length;
  if (unknown > 0)
    notes.push(
      `${plural(unknown, 'licensed user')} whose history could not be read ${unknown === 1 ? 'is' : 'are'} left out: their use is unknown (see the Sync view).`,
    );
  const active = readable.filter((u) => !idleIds.has(u.userId)).length;
  const minGroupSize = deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  // A department asked by name is a group like any other: too few licensed users and its share would name them.
  if (q.filters.departments.length && readable.length < minGroupSize)
    return {
      kind: 'not_available',
      summary: `Adoption is not shown for fewer than ${minGroupSize} licensed users (${q.filters.departments.join(', ')} has fewer), so no one's use can be read from it.`,
      columns: [],
      rows: [],
      notes: [],
    };
  const apps = q.filters.apps.length ? ' in these apps' : '';
  const overall = `${percent(active, readable.length)} % of licensed users were active${apps} in this period (${active} of ${readable.length}).`;
  const columns: Executed['columns'] = [
    { key: 'licensed', title: 'Licensed users', kind: 'number' },
    { key: 'active', title: 'Active users', kind: 'number' },
    { key: 'value', title: 'Adoption %', kind: 'number' },
  ];
  if (q.by[0] !== 'department')
    return {
      kind: 'table',
      summary: [overall, ...notes].join(' '),
      notes,
      columns: [{ key: 'measure', title: 'Measure', kind: 'text' }, ...columns],
      rows: [{ measure: 'Adoption', licensed: readable.length, active, value: percent(active, readable.length) }],
      view: { path: 'departments', params: {} },
    };
  const groups = new Map<string, { licensed: number; active: number }>();
  for (const u of readable) {
    const key = u.department?.trim() || '(no department)';
    const g = groups.get(key) ?? { licensed: 0, active: 0 };
    g.licensed += 1;
    if (!idleIds.has(u.userId)) g.active += 1;
    groups.set(key, g);
  }
  const small = { licensed: 0, active: 0, count: 0 };
  const rows: Row[] = [];
  for (const [department, g] of groups) {
    if (g.licensed < minGroupSize) {
      small.licensed += g.licensed;
      small.active += g.active;
      small.count += 1;
      continue;
    }
    rows.push({ department, licensed: g.licensed, active: g.active, value: percent(g.active, g.licensed) });
  }
  rows.sort((a, b) => (q.order === 'asc' ? Number(a.value) - Number(b.value) : Number(b.value) - Number(a.value) || 0));
  if (q.limit) rows.splice(q.limit);
  if (small.count > 0) {
    const withheld = small.licensed < minGroupSize;
    rows.push({
      department: `${SMALL_GROUPS} (${plural(small.count, 'department')})`,
      licensed: withheld ? null : small.licensed,
      active: withheld ? null : small.active,
      value: withheld ? null : percent(small.active, small.licensed),
    });
    notes.push(
      `Departments with fewer than ${minGroupSize} licensed users are merged into "${SMALL_GROUPS}"${withheld ? ', whose figures are withheld as it is still that small' : ''}.`,
    );
  }
  const lead = rows.find((r) => r.value !== null && !String(r.department).startsWith(SMALL_GROUPS));
  const summary = lead
    ? `${q.order === 'asc' ? 'Lowest' : 'Highest'}: ${String(lead.department)} with ${String(lead.value)} % of its licensed users active${apps}. ${overall}`
    : overall;
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [{ key: 'department', title: 'Department', kind: 'text' }, ...columns],
    rows,
    view: { path: 'departments', params: {} },
  };
}
