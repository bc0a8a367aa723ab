import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { principalOf } from '../auth/middleware';
import { listSyncRuns, syncStatus } from '../core/insights/syncStatus';
import type { SyncRequestResult } from './contracts';
import { respondList } from './listResponse';
import { presentRun, presentSyncStatus } from './presenters';
import { parseQuery, q } from './queryValidation';
import { respondUserSyncErrors } from './userSyncErrorsList';

const runsQuery = z.object({ limit: q.limit, cursor: q.cursor, format: q.format }).strict();
const userErrorsQuery = z
  .object({ department: q.department, search: q.search, limit: q.limit, cursor: q.cursor, format: q.format })
  .strict();
const noQuery = z.object({}).strict();

/** GET /sync/status, GET /sync/runs, GET /sync/user-errors, POST /sync (enqueues; 202). */
export function createSyncRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/sync/status', async (req, res) => {
    parseQuery(noQuery, req.query);
    const nextRunAt = (await ctx.syncControl.nextScheduledRun?.()) ?? null;
    res.json(presentSyncStatus(await syncStatus(ctx.store, ctx.tenantId, ctx.now(), nextRunAt)));
  });

  router.get('/sync/user-errors', async (req, res) => {
    const query = parseQuery(userErrorsQuery, req.query);
    await respondUserSyncErrors(ctx, res, query, { view: 'sync-user-errors', withoutActivity: false });
  });

  router.get('/sync/runs', async (req, res) => {
    const query = parseQuery(runsQuery, req.query);
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'sync-runs',
      now: ctx.now(),
      fetch: (limit, cursor) => listSyncRuns(ctx.store, ctx.tenantId, { limit, cursor }),
      present: presentRun,
      columns: [
        { header: 'Started', value: (r) => r.startedAt },
        { header: 'Ended', value: (r) => r.endedAt },
        { header: 'Status', value: (r) => r.status },
        { header: 'Mode', value: (r) => r.mode },
        { header: 'Trigger', value: (r) => r.trigger },
        { header: 'Duration (ms)', value: (r) => r.durationMs },
        { header: 'New interactions', value: (r) => r.counts.interactionsNew },
        { header: 'Errors', value: (r) => r.errorCount },
        { header: 'Message', value: (r) => r.message },
      ],
    });
  });

  router.post('/sync', async (req, res) => {
    parseQuery(noQuery, req.query);
    const result = await ctx.syncControl.requestSync({ trigger: 'tab', requestedBy: principalOf(res).userId });
    const body: SyncRequestResult = { status: result.status, runId: result.runId };
    res.status(202).json(body);
  });

  return router;
}
