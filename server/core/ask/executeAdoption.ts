import { adoptionByDepartment, type AdoptionGroup } from '../insights/adoption';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { plural, type AnswerDeps, type Executed, type Row } from './executed';
import { syncedWindowNotes } from './executePeople';
import { adoptionCompared } from './adoptionCompared';
import type { MeasureQuery } from './querySchema';

/** Departments smaller than this are merged, as in the tab's department view (MIN_GROUP_SIZE's default). */
const DEFAULT_MIN_GROUP_SIZE = 5;

const NO_DEPARTMENT = '(no department)';

const percent = (active: number, of: number) => (of === 0 ? 0 : Math.round((active / of) * 1000) / 10);

/** A group's row cells: readable licensed users, the active among them, the share. */
const figures = (g: AdoptionGroup) => ({
  licensed: g.licensedUsers,
  active: g.now.activeUsers,
  value: percent(g.now.activeUsers, g.licensedUsers),
});

/** Why adoption cannot be shown as asked, or null. */
export function adoptionUnsupported(q: MeasureQuery): string | null {
  if (q.by.some((d) => d !== 'department'))
    return 'Adoption (the share of licensed users who were active) can be shown overall or by department; for other breakdowns ask for active users.';
  if (q.filters.people.length) return 'Adoption is a share of licensed users, so it is not shown for named people.';
  // Departments side by side ("compare Sales and Engineering adoption") are adoption by department, narrowed to them.
  // "adoption this month vs last month" overall is answered (adoptionCompared.ts); by department not yet.
  if ((q.compare === 'previous' && q.by.length) || q.having)
    return 'Adoption by department cannot be compared with a period or filtered by a condition yet; ask for it per period, or overall.';
  return null;
}

/**
 * Adoption, by the one definition the department view shares (core/insights/adoption.ts): of the people holding a
 * Copilot licence whose history could be read, the share active in the period (in the apps asked); those whose
 * history could not be read are in neither side, and said to be. By department, departments with fewer readable
 * licensed users than MIN_GROUP_SIZE are merged into one row, as in the tab's department view, and a merged row still
 * below it is withheld.
 */
export async function answerAdoption(deps: AnswerDeps, asked: MeasureQuery): Promise<Executed> {
  // "How has adoption changed this month": beside the period before of the same length when none was named.
  const before = { from: new Date(2 * asked.period.from.getTime() - asked.period.to.getTime()), to: asked.period.from, label: 'the period before' }; // prettier-ignore
  const q = asked.compare === 'previous' && !asked.against ? { ...asked, against: before } : asked;
  const minGroupSize = deps.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const [{ groups, total }, notes] = await Promise.all([
    adoptionByDepartment(deps.store, deps.tenantId, {
      range: q.period,
      apps: q.filters.apps,
      departments: q.filters.departments,
      minGroupSize,
      ...(q.compare === 'previous' && q.against ? { previous: q.against } : {}),
    }),
    syncedWindowNotes(deps, q),
  ]);
  const unknown = total.unreadableUsers;
  if (unknown > 0)
    notes.push(
      `${plural(unknown, 'licensed user')} whose history could not be read ${unknown === 1 ? 'is' : 'are'} not counted: their use is unknown (see the Sync view).`,
    );
  // A department asked by name is a group like any other: too few licensed users and its share would name them.
  if (q.filters.departments.length && total.licensedUsers < minGroupSize)
    return {
      kind: 'not_available',
      summary: `Adoption is not shown for fewer than ${minGroupSize} licensed users (${q.filters.departments.join(', ')} has fewer), so no one's use can be read from it.`,
      columns: [],
      rows: [],
      notes: [],
    };
  const apps = q.filters.apps.length ? ' in these apps' : '';
  const overallOf = (active: number, licensed: number, of = '') =>
    q.priced
      ? `Copilot Observatory knows no prices, so it gives no cost per user: divide what you pay by these. ${active} active users and ${licensed} licence holders${of} in this period (${percent(active, licensed)} % active).`
      : unknown > 0 && !of
        ? `${percent(active, licensed)} % of the licensed users whose history could be read were active${apps} in this period (${active} of ${licensed}; ${licensed + unknown} hold a licence).`
        : `${percent(active, licensed)} % of licensed users${of} were active${apps} in this period (${active} of ${licensed}).`;
  const overall = overallOf(total.now.activeUsers, total.licensedUsers);
  const columns: Executed['columns'] = [
    { key: 'licensed', title: unknown > 0 ? 'Licensed users (history read)' : 'Licensed users', kind: 'number' },
    { key: 'active', title: 'Active users', kind: 'number' },
    { key: 'value', title: 'Adoption %', kind: 'number' },
  ];
  if (q.by[0] !== 'department' && q.compare === 'previous' && q.against)
    return adoptionCompared({ ...q, against: q.against }, total, notes, deps.timeZone);
  if (q.by[0] !== 'department')
    return {
      kind: 'table',
      summary: [overall, ...notes].join(' '),
      notes,
      columns: [{ key: 'measure', title: 'Measure', kind: 'text' }, ...columns],
      rows: [{ measure: 'Adoption', ...figures(total) }],
      view: { path: 'departments', params: {} },
    };
  const rows: Row[] = groups
    .filter((g) => g.kind !== 'small_groups')
    .map((g) => ({ department: g.department ?? NO_DEPARTMENT, ...figures(g) }));
  rows.sort((a, b) => (q.order === 'asc' ? Number(a.value) - Number(b.value) : Number(b.value) - Number(a.value) || 0));
  if (q.limit) rows.splice(q.limit);
  const small = groups.find((g) => g.kind === 'small_groups');
  if (small) {
    const department = `${SMALL_GROUPS} (${plural(small.departments, 'department')})`;
    rows.push(
      small.withheld ? { department, licensed: null, active: null, value: null } : { department, ...figures(small) },
    );
    notes.push(
      `Departments with fewer than ${minGroupSize} licensed users are merged into "${SMALL_GROUPS}"${small.withheld ? ', whose figures are withheld as it is still that small' : ''}.`,
    );
  }
  // A withheld group's figures would be the overall figure less the rows shown ("Sales vs Marketing" with Marketing
  // small: 8 of 9 overall beside Sales' 6 of 7 gives Marketing's 2 of 2), so the overall figure is then of the
  // departments shown.
  const shown = groups.filter((g) => g.kind !== 'small_groups');
  const overallShown = small?.withheld
    ? overallOf(
        shown.reduce((n, g) => n + g.now.activeUsers, 0),
        shown.reduce((n, g) => n + g.licensedUsers, 0),
        ' in the departments shown',
      )
    : overall;
  const lead = rows.find((r) => r.value !== null && !String(r.department).startsWith(SMALL_GROUPS));
  // The merged small groups are no department: when their share passes the lead's, the lead is said to be the highest
  // of the departments shown alone, and the merged share beside it.
  const merged = rows.find((r) => r.value !== null && String(r.department).startsWith(SMALL_GROUPS));
  const passed =
    lead && merged && (q.order === 'asc' ? Number(merged.value) < Number(lead.value) : Number(merged.value) > Number(lead.value)); // prettier-ignore
  const first = `${q.order === 'asc' ? 'Lowest' : 'Highest'}${passed ? ' of the departments shown alone' : ''}`;
  const beside = passed ? ` (the merged small groups together: ${String(merged.value)} %)` : '';
  const summary = lead
    ? `${first}: ${String(lead.department)} with ${String(lead.value)} % of its licensed users active${apps}${beside}. ${overallShown}`
    : overallShown;
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [{ key: 'department', title: 'Department', kind: 'text' }, ...columns],
    rows,
    view: { path: 'departments', params: {} },
  };
}
