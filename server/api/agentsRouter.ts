import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { listAgents } from '../core/insights/agents';
import type { AgentRow } from '../core/insights/types';
import { respondList, userColumns } from './listResponse';
import { presentAgent } from './presenters';
import { optionalRangeOf, parseQuery, q } from './queryValidation';

const SORTS = [
  'lastAt',
  'firstAt',
  'interactionCount',
  'promptCount',
  'conversationCount',
  'appName',
  'userName',
] as const;

const agentsQuery = z
  .object({
    appKey: q.appKey,
    userId: q.userId,
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

/** GET /agents: each user's use of each Copilot app; active in a range when from/to are given. */
export function createAgentsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/agents', async (req, res) => {
    const query = parseQuery(agentsQuery, req.query);
    const sort = query.sort ?? 'lastAt';
    const direction = query.direction ?? (sort === 'appName' || sort === 'userName' ? 'asc' : 'desc');
    const range = optionalRangeOf(query, ctx.now());
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'agents',
      now: ctx.now(),
      fetch: (limit, cursor) =>
        listAgents(ctx.store, ctx.tenantId, {
          appKey: query.appKey,
          userId: query.userId,
          department: query.department,
          search: query.search,
          range,
          sort,
          direction,
          limit,
          cursor,
        }),
      present: presentAgent,
      columns: [
        ...userColumns<AgentRow>(),
        { header: 'App', value: (r) => r.appName },
        { header: 'App key', value: (r) => r.appKey },
        { header: 'First use', value: (r) => r.firstAt },
        { header: 'Last use', value: (r) => r.lastAt },
        { header: 'Prompts', value: (r) => r.promptCount },
        { header: 'Responses', value: (r) => r.responseCount },
        { header: 'Interactions', value: (r) => r.interactionCount },
        { header: 'Sessions', value: (r) => r.conversationCount },
      ],
    });
  });
  return router;
}
