/**
 * Shapes of the department view (adoption by department). Dependency-free like types.ts: the tab imports them
 * through server/api/contracts.ts.
 */
import type { AppCount, TimeRange, TopUserRow } from './types';

/** The name of the row that stands for every department smaller than the minimum group size. */
export const SMALL_GROUPS = 'Other (small groups)';

/**
 * One period's adoption figures for a group of people (core/insights/adoption.ts: licence holders whose history could
 * be read; those it could not are in neither figure); null where the figures are withheld (too few people).
 */
export interface DepartmentFigures {
  /** Licensed users whose history could be read (the directory today). */
  licensedUsers: number | null;
  /** Of those, the ones active in the period. */
  activeUsers: number | null;
  /** Active users as a percentage of licensed users (one decimal); null without licensed users. */
  activePercent: number | null;
  /** The active users' prompts. */
  prompts: number | null;
  /** Prompts per active user (one decimal); null without active users. */
  promptsPerActiveUser: number | null;
}

export interface DepartmentRow extends DepartmentFigures {
  /** The department's name; null for people without one; SMALL_GROUPS for the merged small departments. */
  department: string | null;
  kind: 'department' | 'none' | 'small_groups';
  /** Departments this row stands for (1, or how many small ones were merged). */
  departments: number;
  /** Licensed users whose history could not be read, counted in no figure; null where the figures are withheld. */
  unreadableUsers: number | null;
  /** The same figures over the previous period of equal length. */
  previous: DepartmentFigures;
}

export interface DepartmentAdoption {
  range: TimeRange;
  previousRange: TimeRange;
  /** Departments with fewer (readable) licensed users than this are merged into one SMALL_GROUPS row. */
  minGroupSize: number;
  /** Licensed users, in every department, whose history could not be read: counted in no row's figures. */
  unreadableUsers: number;
  items: DepartmentRow[];
}

/** A department's top user, with their prompts over the previous period (the trend). */
export interface DepartmentUserRow extends TopUserRow {
  previousPrompts: number;
}

export interface DepartmentDayRow {
  day: string; // YYYY-MM-DD (UTC), every day of the range, zero days included
  activeUsers: number;
  prompts: number;
}

export interface DepartmentDetail {
  department: string;
  range: TimeRange;
  previousRange: TimeRange;
  minGroupSize: number;
  /** The department's licensed users whose history could not be read: counted in no figure. */
  unreadableUsers: number;
  figures: DepartmentFigures;
  previous: DepartmentFigures;
  apps: Array<Pick<AppCount, 'appKey' | 'appName' | 'users' | 'prompts' | 'interactions'>>;
  topUsers: DepartmentUserRow[];
  daily: DepartmentDayRow[];
}
