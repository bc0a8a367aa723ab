import { SMALL_GROUPS } from '../insights/departmentTypes';
import type { DepartmentGroups } from '../insights/adoption';
import type { Executed } from './executed';
import type { Filters } from './querySchema';

/**
 * The minimum group size of the tab's department view, as usage and risk answers apply it: a figure narrowed to a
 * department with fewer than MIN_GROUP_SIZE readable licensed users is refused, and so is one leaving such a
 * department out (the whole minus the rest would show its figure); grouped by department, small ones merge.
 */

const refusal = (summary: string): Executed => ({ kind: 'not_available', summary, columns: [], rows: [], notes: [] });

/** The refusal for a figure narrowed to, or leaving out, a small department; null when every one is large enough. */
export function smallGroupRefusal(rule: DepartmentGroups, filters: Filters, minGroupSize: number): Executed | null {
  const leftOut = (filters.exclude?.departments ?? []).filter((d) => !rule.alone.has(d));
  if (leftOut.length) {
    const [verb, them] = leftOut.length > 1 ? ['have', 'them'] : ['has', 'it'];
    return refusal(
      `${leftOut.join(', ')} ${verb} fewer than ${minGroupSize} licensed users: leaving ${them} out would show ${them} by difference from the whole. Ask by department, where small departments are counted within "${SMALL_GROUPS}".`,
    );
  }
  const tooSmall = filters.departments.filter((d) => !rule.alone.has(d));
  if (!tooSmall.length) return null;
  const [verb, their] = tooSmall.length > 1 ? ['have', 'their'] : ['has', 'its'];
  return refusal(
    `${tooSmall.join(', ')} ${verb} fewer than ${minGroupSize} licensed users, so ${their} figures are shown only within "${SMALL_GROUPS}", as in the tab's department view; ask per person, or by department.`,
  );
}

/**
 * "Sales vs Marketing" (rows per department) with Marketing small: the departments large enough are shown and the small
 * ones left out of the filter, with the reason, rather than the whole comparison withheld; a row per department shows
 * none of them by difference. Null unless some named departments are small and some are not.
 */
export function withheldSides(
  rule: DepartmentGroups,
  filters: Filters,
  by: readonly string[],
  minGroupSize: number,
): { filters: Filters; note: string } | null {
  if (!by.includes('department') || filters.exclude?.departments.length) return null;
  const small = filters.departments.filter((d) => !rule.alone.has(d));
  const shown = filters.departments.filter((d) => rule.alone.has(d));
  if (!small.length || !shown.length) return null;
  const [verb, their] = small.length > 1 ? ['have', 'their'] : ['has', 'its'];
  return {
    filters: { ...filters, departments: shown },
    note: `${small.join(', ')} ${verb} fewer than ${minGroupSize} licensed users, so ${their} figures are withheld here (counted only within "${SMALL_GROUPS}", as in the tab's department view); ${shown.join(', ')} ${shown.length > 1 ? 'are' : 'is'} shown.`,
  };
}

/** Whether an answer has a department figure the rule applies to (rows per person name people anyway). */
export const isDepartmental = (filters: Filters, by: readonly string[]): boolean =>
  !by.includes('user') &&
  !by.includes('agent') &&
  (by.includes('department') || filters.departments.length > 0 || !!filters.exclude?.departments.length);

/** A department as a grouped answer shows it: itself when large enough, else the merged row. */
export const groupOf = (rule: DepartmentGroups, department: string | null | undefined): string =>
  department?.trim() && rule.alone.has(department.trim()) ? department.trim() : SMALL_GROUPS;

/** The note beside a grouped answer: the small departments merged, or the merged row withheld as still too small. */
export function mergedNote(rule: DepartmentGroups, minGroupSize: number): { note: string; withheld: boolean } {
  return rule.mergedLicensed >= minGroupSize
    ? { note: `Departments with fewer than ${minGroupSize} licensed users are merged into "${SMALL_GROUPS}".`, withheld: false }
    : { note: `"${SMALL_GROUPS}" (departments with fewer than ${minGroupSize} licensed users) is withheld: even merged it has fewer.`, withheld: true }; // prettier-ignore
}
