import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { ACTIVITY_TYPES, activityFeed } from '../core/insights/activity';
import type { ActivityRow, ActivityType } from '../core/insights/types';
import { respondList, userColumns } from './listResponse';
import { presentActivity } from './presenters';
import { parseQuery, q, rangeOf } from './queryValidation';

const types = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .max(200)
    .transform((s) => [...new Set(s.split(',').map((t) => t.trim()))])
    .pipe(z.array(z.enum(ACTIVITY_TYPES as [ActivityType, ...ActivityType[]])))
    .optional(),
);

const activityQuery = z
  .object({
    types,
    from: q.date,
    to: q.date,
    appKey: q.appKey,
    userId: q.userId,
    search: q.search,
    limit: q.limit,
    cursor: q.cursor,
    format: q.format,
  })
  .strict();

/** GET /activity: the Observability feed (metadata only), newest first, default the last 30 days. */
export function createActivityRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/activity', async (req, res) => {
    const query = parseQuery(activityQuery, req.query);
    const range = rangeOf(query, ctx.now());
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'activity',
      now: ctx.now(),
      fetch: (limit, cursor) =>
        activityFeed(ctx.store, ctx.tenantId, {
          range,
          types: query.types,
          appKey: query.appKey,
          userId: query.userId,
          search: query.search,
          limit,
          cursor,
        }),
      present: presentActivity,
      columns: [
        { header: 'Time', value: (r) => r.at },
        { header: 'Activity type', value: (r) => r.type },
        ...userColumns<ActivityRow>(),
        { header: 'App', value: (r) => r.appName },
        { header: 'Session', value: (r) => r.sessionId },
        { header: 'Prompts', value: (r) => r.promptCount },
        { header: 'Responses', value: (r) => r.responseCount },
        { header: 'Data source', value: (r) => r.dataSource?.name },
        { header: 'Data source URL', value: (r) => r.dataSource?.url },
      ],
    });
  });
  return router;
}
