import type { Filter } from 'mongodb';
import { departmentKey } from '../../../store/departmentKey';
import type { UserDoc } from '../../../store/documents';
import type { Store } from '../../../store/Store';
import { mapPage, pagedFind } from '../pagedFind';
import type { Page, PageRequest, TimeRange, UserRef } from '../types';
import { toRef } from '../userDirectory';

export interface NewUserRow extends UserRef {
  firstActiveAt: Date;
  interactionCount: number;
}

/** Users whose first Copilot activity falls in the range (new adopters), newest first, one keyset page. */
export async function listNewUsers(
  store: Store,
  tenantId: string,
  query: PageRequest & { range: TimeRange; department?: string },
): Promise<Page<NewUserRow>> {
  const filter: Filter<UserDoc> = { tenantId, firstActiveAt: { $gte: query.range.from, $lt: query.range.to } };
  if (query.department !== undefined) filter.departmentKey = departmentKey(query.department);
  const page = await pagedFind(store.users, {
    filter,
    sortField: 'firstActiveAt',
    direction: 'desc',
    limit: query.limit,
    cursor: query.cursor,
  });
  return mapPage(page, (u) => ({ ...toRef(u), firstActiveAt: u.firstActiveAt, interactionCount: u.interactionCount }));
}
