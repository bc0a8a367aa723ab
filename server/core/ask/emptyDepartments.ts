import type { DepartmentGroups } from '../insights/adoption';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import type { MeasureQuery } from './querySchema';

/**
 * "Which departments have no Copilot users?", "departments with zero active users this month": the directory's
 * departments with no activity in the period are rows at zero, as the catalogue's unused apps are. A department under
 * the minimum group size is never shown alone: the small ones are one merged row, at zero only when none of them had
 * any activity (and withheld, as any merged row, while they are fewer than the minimum together).
 */
export function addEmptyDepartments(
  q: MeasureQuery,
  grouped: Map<string, { keys: string[]; amount: number; distinct: Set<string> | null }>,
  rule: DepartmentGroups | null,
): void {
  const zeroAsked = q.having?.op === 'eq' && q.having.value === 0 && !q.having.of;
  if (!rule || !zeroAsked || q.by.length !== 1 || q.by[0] !== 'department' || q.filters.people.length) return;
  const named = q.filters.departments;
  const empty = [...rule.alone, ...(rule.mergedLicensed > 0 ? [SMALL_GROUPS] : [])];
  for (const department of empty)
    if (!grouped.has(department) && (!named.length || named.includes(department)))
      grouped.set(department, { keys: [department], amount: 0, distinct: null });
}
