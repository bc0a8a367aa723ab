import type { Store } from '../../store/Store';
import { adoptionByDepartment, adoptionPercent, type AdoptionGroup, type AdoptionUsage } from './adoption';
import type { DepartmentAdoption, DepartmentFigures, DepartmentRow } from './departmentTypes';
import type { TimeRange } from './types';

/** The period of equal length that ends where `range` starts. */
export function previousPeriod(range: TimeRange): TimeRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()) };
}

/** Ratio rounded to one decimal; null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10) / 10 : null;
}

/** The figures of a group from its readable licensed count and its usage in one period. */
export function figuresOf(licensed: number, usage: AdoptionUsage): DepartmentFigures {
  return {
    licensedUsers: licensed,
    activeUsers: usage.activeUsers,
    activePercent: adoptionPercent(usage.activeUsers, licensed),
    prompts: usage.prompts,
    promptsPerActiveUser: ratio(usage.prompts, usage.activeUsers),
  };
}

/** Figures withheld or not known: every one null. */
export const NO_FIGURES: DepartmentFigures = {
  licensedUsers: null,
  activeUsers: null,
  activePercent: null,
  prompts: null,
  promptsPerActiveUser: null,
};

/** A group's row: its figures now and over the previous period, or nothing but its name when withheld. */
function rowOf(g: AdoptionGroup): DepartmentRow {
  const { department, kind, departments } = g;
  if (g.withheld) return { department, kind, departments, ...NO_FIGURES, unreadableUsers: null, previous: NO_FIGURES };
  const previous = g.before ? figuresOf(g.licensedUsers, g.before) : NO_FIGURES;
  return {
    department,
    kind,
    departments,
    ...figuresOf(g.licensedUsers, g.now),
    unreadableUsers: g.unreadableUsers,
    previous,
  };
}

/**
 * Adoption by department over a range and the previous period of equal length (core/insights/adoption.ts: readable
 * licensed users, the directory today; active users among them, active share, their prompts per active user).
 * Departments with fewer readable licensed users than `minGroupSize` (people without a department alike) are merged
 * into one SMALL_GROUPS row, whose figures are withheld when even the merged group is smaller than that. Sorted by
 * licensed users, most first; the users whose history could not be read are counted beside.
 */
export async function departmentAdoption(
  store: Store,
  tenantId: string,
  range: TimeRange,
  minGroupSize: number,
): Promise<DepartmentAdoption> {
  const previousRange = previousPeriod(range);
  const adoption = await adoptionByDepartment(store, tenantId, { range, previous: previousRange, minGroupSize });
  return {
    range,
    previousRange,
    minGroupSize,
    unreadableUsers: adoption.total.unreadableUsers,
    items: adoption.groups.map(rowOf),
  };
}
