import { departmentGroups, type DepartmentGroups } from '../insights/adoption';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { isDepartmental, mergedNote } from './smallGroups';
import type { AnswerDeps } from './executed';
import type { MeasureQuery } from './querySchema';

/* The minimum group size applied to a measure's rows (the rule itself: smallGroups.ts). */

/**
 * The minimum group size of the tab's department view, for figures grouped by or narrowed to a department (rows per
 * person name people anyway and are read at their own tier): null when the answer has no department figure.
 */
export async function smallGroupsOf(deps: AnswerDeps, q: MeasureQuery, minGroupSize: number) {
  if (!isDepartmental(q.filters, q.by)) return null;
  return departmentGroups(deps.store, deps.tenantId, minGroupSize);
}

/** Says the small departments were merged; withholds the merged row while it is still smaller than the minimum. */
export function mergeSmallGroups(
  q: MeasureQuery,
  grouped: Map<string, { keys: string[] }>,
  previous: Map<string, number> | null,
  rule: DepartmentGroups,
  minGroupSize: number,
): string[] {
  const at = q.by.indexOf('department');
  const merged = [...grouped].filter(([, g]) => g.keys[at] === SMALL_GROUPS);
  if (at < 0 || merged.length === 0) return [];
  const { note, withheld } = mergedNote(rule, minGroupSize);
  if (withheld)
    for (const [id] of merged) {
      grouped.delete(id);
      previous?.delete(id);
    }
  return [note];
}
