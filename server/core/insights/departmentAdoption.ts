import type { Store } from '../../store/Store';
import { SMALL_GROUPS, type DepartmentAdoption, type DepartmentFigures, type DepartmentRow } from './departmentTypes';
import { departmentUsage, type DepartmentRow as UsageRow } from './questions/departmentUsage';
import type { TimeRange } from './types';

/** The period of equal length that ends where `range` starts. */
export function previousPeriod(range: TimeRange): TimeRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()) };
}

/** Copilot-licensed users per department (null: no department), from the licensed directory. */
export async function licensedByDepartment(store: Store, tenantId: string): Promise<Map<string | null, number>> {
  const rows = await store.directoryUsers
    .aggregate<{ _id: string | null; n: number }>([
      { $match: { tenantId } },
      { $group: { _id: '$department', n: { $sum: 1 } } },
    ])
    .toArray();
  const out = new Map<string | null, number>();
  for (const r of rows) {
    const key = typeof r._id === 'string' && r._id.trim() ? r._id.trim() : null;
    out.set(key, (out.get(key) ?? 0) + r.n);
  }
  return out;
}

/** Ratio rounded to one decimal; null when there is nothing to divide by. */
export function ratio(part: number, whole: number, scale = 1): number | null {
  return whole > 0 ? Math.round((part / whole) * scale * 10) / 10 : null;
}

/** The figures of a group from its licensed count and its usage in one period. */
export function figuresOf(licensed: number, usage: Pick<UsageRow, 'activeUsers' | 'prompts'>): DepartmentFigures {
  return {
    licensedUsers: licensed,
    activeUsers: usage.activeUsers,
    activePercent: ratio(usage.activeUsers, licensed, 100),
    prompts: usage.prompts,
    promptsPerActiveUser: ratio(usage.prompts, usage.activeUsers),
  };
}

const WITHHELD: DepartmentFigures = {
  licensedUsers: null,
  activeUsers: null,
  activePercent: null,
  prompts: null,
  promptsPerActiveUser: null,
};

interface Group {
  licensed: number;
  now: { activeUsers: number; prompts: number };
  before: { activeUsers: number; prompts: number };
}

const emptyGroup = (): Group => ({
  licensed: 0,
  now: { activeUsers: 0, prompts: 0 },
  before: { activeUsers: 0, prompts: 0 },
});

function addUsage(groups: Map<string | null, Group>, rows: UsageRow[], period: 'now' | 'before'): void {
  for (const r of rows) {
    const key = r.department?.trim() || null;
    const group = groups.get(key) ?? emptyGroup();
    group[period].activeUsers += r.activeUsers;
    group[period].prompts += r.prompts;
    groups.set(key, group);
  }
}

/**
 * Adoption by department over a range and the previous period of equal length: licensed users (the directory
 * today), active users, active share and prompts per active user. Departments with fewer licensed users than
 * `minGroupSize` (people without a department alike) are merged into one SMALL_GROUPS row, whose figures are withheld
 * when even the merged group is smaller than that. Sorted by licensed users, most first.
 */
export async function departmentAdoption(
  store: Store,
  tenantId: string,
  range: TimeRange,
  minGroupSize: number,
): Promise<DepartmentAdoption> {
  const previousRange = previousPeriod(range);
  const [licensed, now, before] = await Promise.all([
    licensedByDepartment(store, tenantId),
    departmentUsage(store, tenantId, range),
    departmentUsage(store, tenantId, previousRange),
  ]);
  const groups = new Map<string | null, Group>();
  for (const [key, n] of licensed) groups.set(key, { ...emptyGroup(), licensed: n });
  addUsage(groups, now, 'now');
  addUsage(groups, before, 'before');

  const items: DepartmentRow[] = [];
  const small = emptyGroup();
  let smallCount = 0;
  for (const [department, g] of groups) {
    if (g.licensed < minGroupSize) {
      smallCount += 1;
      small.licensed += g.licensed;
      small.now.activeUsers += g.now.activeUsers;
      small.now.prompts += g.now.prompts;
      small.before.activeUsers += g.before.activeUsers;
      small.before.prompts += g.before.prompts;
      continue;
    }
    const kind = department === null ? 'none' : 'department';
    items.push(rowOf(department, kind, 1, g));
  }
  items.sort(
    (a, b) => (b.licensedUsers ?? 0) - (a.licensedUsers ?? 0) || (a.department ?? '').localeCompare(b.department ?? ''),
  );
  if (smallCount > 0) {
    const withheld = small.licensed < minGroupSize;
    const row = rowOf(SMALL_GROUPS, 'small_groups', smallCount, small);
    items.push(withheld ? { ...row, ...WITHHELD, previous: WITHHELD } : row);
  }
  return { range, previousRange, minGroupSize, items };
}

function rowOf(department: string | null, kind: DepartmentRow['kind'], departments: number, g: Group): DepartmentRow {
  return {
    department,
    kind,
    departments,
    ...figuresOf(g.licensed, g.now),
    previous: figuresOf(g.licensed, g.before),
  };
}
