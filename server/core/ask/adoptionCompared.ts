import { adoptionPercent, type AdoptionGroup } from '../insights/adoption';
import type { Executed } from './executed';
import { describeDays, type Period } from './periods';
import type { MeasureQuery } from './querySchema';

/** A share in percentage points' change ("-27 pts"), from one period's share to the other's. */
function pointsChange(now: number, before: number): string {
  const d = Math.round((now - before) * 10) / 10;
  return `${d > 0 ? '+' : ''}${d} pts`;
}

/**
 * "How are we doing on adoption vs last month": the share of the same readable licence holders active in the period and
 * in the one compared, side by side with the change in percentage points (the holders are one denominator: who holds
 * a licence now). Overall only; by department a comparison is still declined (executeAdoption.ts).
 */
export function adoptionCompared(
  q: MeasureQuery & { against: Period },
  total: AdoptionGroup,
  notes: string[],
  tz: string,
): Executed {
  const licensed = total.licensedUsers;
  const active = total.now.activeUsers;
  const before = total.before?.activeUsers ?? 0;
  const [now, then] = [adoptionPercent(active, licensed) ?? 0, adoptionPercent(before, licensed) ?? 0];
  const [named, against] = [describeDays(q.period, tz), describeDays(q.against, tz)];
  const apps = q.filters.apps.length ? ' in these apps' : '';
  const summary = `${now} % of licensed users were active${apps} in ${named} (${active} of ${licensed}), against ${then} % in ${against} (${before} of ${licensed}): ${pointsChange(now, then)}.`;
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'licensed', title: 'Licensed users', kind: 'number' },
      { key: 'active', title: `Active users, ${named}`, kind: 'number' },
      { key: 'value', title: `Adoption %, ${named}`, kind: 'number' },
      { key: 'activeBefore', title: `Active users, ${against}`, kind: 'number' },
      { key: 'previous', title: `Adoption %, ${against}`, kind: 'number' },
      { key: 'change', title: 'Change', kind: 'text' },
    ],
    rows: [
      {
        measure: 'Adoption',
        licensed,
        active,
        value: now,
        activeBefore: before,
        previous: then,
        change: pointsChange(now, then),
      },
    ],
    view: { path: 'departments', params: {} },
  };
}
