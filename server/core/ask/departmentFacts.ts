import { departmentTotals } from '../insights/askCounts';
import { departmentKey } from '../../store/departmentKey';
import type { Contribution, FactScope } from './measureFacts';
import type { MeasureQuery } from './querySchema';

const DEPARTMENT_MEASURES = new Set(['prompts', 'responses', 'interactions', 'active_users']);

/**
 * Prompts, responses, interactions or active users by department alone over whole UTC days: one contribution per
 * department key, summed by the store from the people's daily records (askCounts.ts's departmentTotals), instead of
 * one per person mapped to a department here. The same figures as countedFacts.ts's per-person totals: a person is
 * in one department (the key their daily records carry is their users record's), so active users add up. Null for
 * any other shape.
 */
export async function countedDepartments(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
  wholeDays: boolean,
): Promise<Contribution[] | null> {
  const apps = q.filters.apps;
  if (!wholeDays || q.by.length !== 1 || q.by[0] !== 'department' || !DEPARTMENT_MEASURES.has(q.measure)) return null;
  // Responses are not kept per app (countedActivity's per-person totals leave that shape too).
  if (q.measure === 'responses' && apps.length) return null;
  const departmentKeys = await keyedFilter(scope, q);
  const rows = await departmentTotals(scope.store, scope.tenantId, range, {
    userIds: departmentKeys ? null : scope.userIds,
    appKeys: apps,
    people: q.measure === 'active_users',
    ...(departmentKeys && { departmentKeys }),
  });
  const out: Contribution[] = [];
  for (const r of rows) {
    const amount =
      q.measure === 'active_users'
        ? (r.activeUsers ?? 0)
        : q.measure === 'prompts'
          ? r.prompts
          : q.measure === 'responses'
            ? r.responses
            : r.interactions;
    if (amount > 0) out.push({ departmentKey: r.departmentKey, amount });
  }
  return out;
}

/**
 * A department filter alone (`scope.userIds`: the people whose users or directory record has one of its departments)
 * as the departments' keys on the daily records, which an index reads without a list of thousands of ids. Exact when
 * no member is one through their directory record only while their users record (which their days follow) has another
 * department: null otherwise, and for other filters (the ids then).
 */
async function keyedFilter(scope: FactScope, q: MeasureQuery): Promise<Array<string | null> | null> {
  const { departments, people, exclude } = q.filters;
  if (!departments.length || people.length || exclude?.departments.length || !scope.userIds) return null;
  const keys = departments.map(departmentKey);
  const { store, tenantId } = scope;
  const keyed = new Set(await store.users.distinct('userId', { tenantId, departmentKey: { $in: keys } }));
  const others = scope.userIds.filter((id) => !keyed.has(id));
  // Members through the directory alone: only those without any activity (no users record, so no days) are exact.
  if (others.length && (await store.users.countDocuments({ tenantId, userId: { $in: others } }, { limit: 1 })) > 0)
    return null;
  return keys;
}
