import type { Response } from 'express';
import type { AppContext } from '../appContext';
import type { UserSyncErrorRow } from '../core/insights/types';
import { listUserSyncErrors } from '../core/insights/userSyncErrors';
import type { CsvColumn } from './csv';
import { respondList, userColumns, type ListRequest } from './listResponse';
import { presentUserSyncError } from './presenters';

const columns: CsvColumn<UserSyncErrorRow>[] = [
  ...userColumns<UserSyncErrorRow>(),
  { header: 'Job title', value: (r) => r.jobTitle },
  { header: 'History', value: () => 'unreadable' },
  { header: 'Graph status', value: (r) => r.errorStatus },
  { header: 'Graph error', value: (r) => r.errorCode },
  { header: 'Message', value: (r) => r.errorMessage },
  { header: 'Last failed', value: (r) => r.lastErrorAt },
  { header: 'Last read', value: (r) => r.lastReadAt },
  { header: 'Licensed since', value: (r) => r.licensedSince },
  { header: 'What to do', value: (r) => r.advice },
];

/**
 * Answers a list of licensed users whose history the sync could not read (GET /sync/user-errors, and with
 * `withoutActivity` GET /users/unreadable), as JSON or CSV.
 */
export function respondUserSyncErrors(
  ctx: AppContext,
  res: Response,
  query: ListRequest & { department?: string; search?: string },
  options: { view: string; withoutActivity: boolean },
): Promise<void> {
  return respondList(res, query, {
    csvMaxRows: ctx.config.CSV_MAX_ROWS,
    view: options.view,
    now: ctx.now(),
    fetch: (limit, cursor) =>
      listUserSyncErrors(ctx.store, ctx.tenantId, {
        withoutActivity: options.withoutActivity,
        department: query.department,
        search: query.search,
        limit,
        cursor,
      }),
    present: presentUserSyncError,
    columns,
  });
}
