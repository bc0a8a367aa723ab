import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { appCounts } from '../core/insights/appCounts';
import { busiestHours, dailyActivity } from '../core/insights/dailyActivity';
import { overview } from '../core/insights/overview';
import { tierOfResponse } from '../auth/middleware';
import type { DailyActivityResponse } from './contracts';
import { sendCsv } from './csv';
import { presentAppCount, presentDaily, presentOverview } from './presenters';
import { parseQuery, q, rangeOf } from './queryValidation';
import { overviewForTier, pseudonymsOf } from './tierPresenters';

const overviewQuery = z.object({ from: q.date, to: q.date, appKey: q.appKey }).strict();
const appsQuery = z.object({ from: q.date, to: q.date, format: q.format }).strict();
const dailyQuery = z.object({ from: q.date, to: q.date, appKey: q.appKey, format: q.format }).strict();

/** GET /overview (optionally one app's), /apps, /daily-activity: figures over a range (default the last 30 days). */
export function createOverviewRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/overview', async (req, res) => {
    const query = parseQuery(overviewQuery, req.query);
    const filter = query.appKey ? { appKey: query.appKey } : {};
    const figures = presentOverview(await overview(ctx.store, ctx.tenantId, rangeOf(query, ctx.now()), filter));
    res.json(overviewForTier(figures, tierOfResponse(res), pseudonymsOf(ctx)));
  });

  router.get('/apps', async (req, res) => {
    const query = parseQuery(appsQuery, req.query);
    const items = await appCounts(ctx.store, ctx.tenantId, rangeOf(query, ctx.now()));
    if (query.format === 'csv')
      return sendCsv(
        res,
        'apps',
        ctx.now(),
        [
          { header: 'App', value: (r) => r.appName },
          { header: 'App key', value: (r) => r.appKey },
          { header: 'Users', value: (r) => r.users },
          { header: 'Sessions', value: (r) => r.sessions },
          { header: 'Prompts', value: (r) => r.prompts },
          { header: 'Responses', value: (r) => r.responses },
          { header: 'Interactions', value: (r) => r.interactions },
        ],
        items,
      );
    res.json({ items: items.map(presentAppCount) });
  });

  router.get('/daily-activity', async (req, res) => {
    const query = parseQuery(dailyQuery, req.query);
    const filter = { range: rangeOf(query, ctx.now()), appKey: query.appKey };
    const [items, hours] = await Promise.all([
      dailyActivity(ctx.store, ctx.tenantId, filter),
      busiestHours(ctx.store, ctx.tenantId, filter),
    ]);
    if (query.format === 'csv')
      return sendCsv(
        res,
        'daily-activity',
        ctx.now(),
        [
          { header: 'Day', value: (r) => r.day },
          { header: 'App', value: (r) => r.appName },
          { header: 'App key', value: (r) => r.appKey },
          { header: 'Prompts', value: (r) => r.prompts },
          { header: 'Responses', value: (r) => r.responses },
          { header: 'Interactions', value: (r) => r.interactions },
        ],
        items,
      );
    const body: DailyActivityResponse = {
      items: items.map(presentDaily),
      hours: hours.map((h) => ({ hour: h.hour, interactions: h.interactions })),
    };
    res.json(body);
  });

  return router;
}
