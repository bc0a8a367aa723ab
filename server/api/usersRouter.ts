import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { listLicensedInactive } from '../core/insights/licensedInactive';
import type { LicensedInactiveRow, UserRow } from '../core/insights/types';
import { listUsers } from '../core/insights/users';
import { respondList, userColumns } from './listResponse';
import { presentInactive, presentUser } from './presenters';
import { optionalRangeOf, parseQuery, q } from './queryValidation';
import { respondUserSyncErrors } from './userSyncErrorsList';

const SORTS = [
  'lastActiveAt',
  'firstActiveAt',
  'interactionCount',
  'promptCount',
  'conversationCount',
  'displayName',
] as const;

const usersQuery = z
  .object({
    appKey: q.appKey,
    department: q.department,
    search: q.search,
    from: q.date,
    to: q.date,
    sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SORTS).optional()),
    direction: q.direction,
    limit: q.limit,
    cursor: q.cursor,
    format: q.format,
  })
  .strict();

const inactiveQuery = z
  .object({ department: q.department, search: q.search, limit: q.limit, cursor: q.cursor, format: q.format })
  .strict();

/**
 * GET /users (active Copilot users; with from/to, those active in that range), /users/inactive (licensed, no activity, history read: license waste) and
 * /users/unreadable (licensed, no activity synced because the sync could not read their history: unknown).
 */
export function createUsersRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/users/inactive', async (req, res) => {
    const query = parseQuery(inactiveQuery, req.query);
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'licensed-inactive-users',
      now: ctx.now(),
      fetch: (limit, cursor) =>
        listLicensedInactive(ctx.store, ctx.tenantId, {
          department: query.department,
          search: query.search,
          limit,
          cursor,
        }),
      present: presentInactive,
      columns: [
        ...userColumns<LicensedInactiveRow>(),
        { header: 'Job title', value: (r) => r.jobTitle },
        { header: 'Account enabled', value: (r) => r.accountEnabled },
        { header: 'Copilot enabled', value: (r) => r.copilotEnabled },
        { header: 'Licensed since', value: (r) => r.firstSeenAt },
      ],
    });
  });

  router.get('/users/unreadable', async (req, res) => {
    const query = parseQuery(inactiveQuery, req.query);
    await respondUserSyncErrors(ctx, res, query, { view: 'licensed-unreadable-users', withoutActivity: true });
  });

  router.get('/users', async (req, res) => {
    const query = parseQuery(usersQuery, req.query);
    const sort = query.sort ?? 'lastActiveAt';
    const direction = query.direction ?? (sort === 'displayName' ? 'asc' : 'desc');
    const now = ctx.now();
    const range = optionalRangeOf(query, now);
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'users',
      now,
      fetch: (limit, cursor) =>
        listUsers(
          ctx.store,
          ctx.tenantId,
          {
            appKey: query.appKey,
            department: query.department,
            search: query.search,
            range,
            sort,
            direction,
            limit,
            cursor,
          },
          now,
        ),
      present: presentUser,
      columns: [
        ...userColumns<UserRow>(),
        { header: 'Job title', value: (r) => r.jobTitle },
        { header: 'First active', value: (r) => r.firstActiveAt },
        { header: 'Last active', value: (r) => r.lastActiveAt },
        { header: 'Prompts', value: (r) => r.promptCount },
        { header: 'Responses', value: (r) => r.responseCount },
        { header: 'Interactions', value: (r) => r.interactionCount },
        { header: 'Sessions', value: (r) => r.conversationCount },
        {
          header: 'Interactions per app',
          value: (r) =>
            Object.entries(r.appCounts)
              .map(([app, n]) => `${app}:${n}`)
              .join(' '),
        },
        { header: 'Last 14 days', value: (r) => r.trend.join(' ') },
      ],
    });
  });

  return router;
}
