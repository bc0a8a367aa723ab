import type { Store } from '../../../store/Store';
import { dayFilter } from '../timeRange';
import type { TimeRange } from '../types';
import { userRefs } from '../userDirectory';

export interface DepartmentRow {
  department: string | null;
  activeUsers: number;
  prompts: number;
  interactions: number;
}

/** Active users, prompts and interactions per department over a range's UTC days (per-user daily aggregate). */
export async function departmentUsage(store: Store, tenantId: string, range: TimeRange): Promise<DepartmentRow[]> {
  const perUser = await store.dailyUserActivity
    .aggregate<{ _id: string; prompts: number; interactions: number }>([
      { $match: { tenantId, day: dayFilter(range) } },
      { $group: { _id: '$userId', prompts: { $sum: '$promptCount' }, interactions: { $sum: '$interactionCount' } } },
    ])
    .toArray();
  const refs = await userRefs(
    store,
    tenantId,
    perUser.map((u) => u._id),
  );
  const rows = new Map<string, DepartmentRow>();
  for (const u of perUser) {
    const department = refs.get(u._id)?.department ?? null;
    const key = department ?? '\u0000';
    const row = rows.get(key) ?? { department, activeUsers: 0, prompts: 0, interactions: 0 };
    row.activeUsers += 1;
    row.prompts += u.prompts;
    row.interactions += u.interactions;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.prompts - a.prompts || (a.department ?? '').localeCompare(b.department ?? ''),
  );
}
