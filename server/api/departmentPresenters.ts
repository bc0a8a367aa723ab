import type * as D from '../core/insights/departmentTypes';
import type * as W from './contracts';
import { presentTopUser } from './presenters';

const figures = (f: D.DepartmentFigures): D.DepartmentFigures => ({
  licensedUsers: f.licensedUsers,
  activeUsers: f.activeUsers,
  activePercent: f.activePercent,
  prompts: f.prompts,
  promptsPerActiveUser: f.promptsPerActiveUser,
});

const range = (r: { from: Date; to: Date }) => ({ from: r.from.toISOString(), to: r.to.toISOString() });

/** One row of the department view. */
export function presentDepartmentRow(r: D.DepartmentRow): W.DepartmentRow {
  return {
    department: r.department,
    kind: r.kind,
    departments: r.departments,
    ...figures(r),
    unreadableUsers: r.unreadableUsers,
    previous: figures(r.previous),
  };
}

/** GET /api/departments. */
export function presentDepartmentAdoption(a: D.DepartmentAdoption): W.DepartmentAdoption {
  return {
    range: range(a.range),
    previousRange: range(a.previousRange),
    minGroupSize: a.minGroupSize,
    unreadableUsers: a.unreadableUsers,
    items: a.items.map(presentDepartmentRow),
  };
}

/** GET /api/departments/:name. */
export function presentDepartmentDetail(d: D.DepartmentDetail): W.DepartmentDetail {
  return {
    department: d.department,
    range: range(d.range),
    previousRange: range(d.previousRange),
    minGroupSize: d.minGroupSize,
    unreadableUsers: d.unreadableUsers,
    figures: figures(d.figures),
    previous: figures(d.previous),
    apps: d.apps.map((a) => ({
      appKey: a.appKey,
      appName: a.appName,
      users: a.users,
      prompts: a.prompts,
      interactions: a.interactions,
    })),
    topUsers: d.topUsers.map((u) => ({ ...presentTopUser(u), previousPrompts: u.previousPrompts })),
    daily: d.daily.map((day) => ({ day: day.day, activeUsers: day.activeUsers, prompts: day.prompts })),
  };
}
