import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { listAccessLog } from '../core/insights/accessLog';
import { respondList } from './listResponse';
import { presentAccess } from './presenters';
import { optionalRangeOf, parseQuery, q } from './queryValidation';

const accessLogQuery = z
  .object({ from: q.date, to: q.date, subjectUserId: q.userId, limit: q.limit, cursor: q.cursor, format: q.format })
  .strict();

/**
 * GET /access-log: who viewed whose conversation content, newest first (all-time unless from/to), for everyone or for
 * one person viewed (`subjectUserId`: whose content was seen, as a person asking "who read mine" wants it).
 */
export function createAccessLogRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/access-log', async (req, res) => {
    const query = parseQuery(accessLogQuery, req.query);
    const range = optionalRangeOf(query, ctx.now());
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'access-log',
      now: ctx.now(),
      fetch: (limit, cursor) =>
        listAccessLog(ctx.store, ctx.tenantId, { range, subjectUserId: query.subjectUserId, limit, cursor }),
      present: presentAccess,
      columns: [
        { header: 'Time', value: (r) => r.at },
        { header: 'Viewer', value: (r) => r.viewer.name },
        { header: 'Viewer UPN', value: (r) => r.viewer.upn },
        { header: 'Viewer id', value: (r) => r.viewer.userId },
        { header: 'Demo identity', value: (r) => r.viewer.demo },
        { header: 'Subject', value: (r) => r.subjectName },
        { header: 'Subject id', value: (r) => r.subjectUserId },
        { header: 'What', value: (r) => r.what },
        { header: 'Session', value: (r) => r.sessionId },
        { header: 'Via', value: (r) => r.via },
        { header: 'Shown in', value: (r) => r.shownIn },
      ],
    });
  });
  return router;
}
