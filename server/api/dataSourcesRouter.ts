import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { listDataSources } from '../core/insights/dataSources';
import { respondList } from './listResponse';
import { presentDataSource } from './presenters';
import { optionalRangeOf, parseQuery, q } from './queryValidation';

const KINDS = ['file', 'site', 'meeting', 'event', 'email', 'chat', 'web', 'other'] as const;
const SORTS = ['referenceCount', 'userCount', 'lastAt', 'name'] as const;

const dataSourcesQuery = z
  .object({
    kind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(KINDS).optional()),
    appKey: q.appKey,
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

/** GET /data-sources: files, sites and more that Copilot used, most referenced first; with from/to, those used then. */
export function createDataSourcesRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/data-sources', async (req, res) => {
    const query = parseQuery(dataSourcesQuery, req.query);
    const sort = query.sort ?? 'referenceCount';
    const direction = query.direction ?? (sort === 'name' ? 'asc' : 'desc');
    const range = optionalRangeOf(query, ctx.now());
    await respondList(res, query, {
      csvMaxRows: ctx.config.CSV_MAX_ROWS,
      view: 'data-sources',
      now: ctx.now(),
      fetch: (limit, cursor) =>
        listDataSources(ctx.store, ctx.tenantId, {
          kind: query.kind,
          appKey: query.appKey,
          search: query.search,
          range,
          sort,
          direction,
          limit,
          cursor,
        }),
      present: presentDataSource,
      columns: [
        { header: 'Name', value: (r) => r.name },
        { header: 'Kind', value: (r) => r.kind },
        { header: 'URL', value: (r) => r.url },
        { header: 'Host', value: (r) => r.host },
        { header: 'References', value: (r) => r.referenceCount },
        { header: 'Users', value: (r) => r.userCount },
        { header: 'Apps', value: (r) => r.appKeys.join(' ') },
        { header: 'First used', value: (r) => r.firstAt },
        { header: 'Last used', value: (r) => r.lastAt },
      ],
    });
  });
  return router;
}
