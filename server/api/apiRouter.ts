import { Router } from 'express';
import type { AppContext } from '../appContext';
import { requireAdmin } from '../auth/middleware';
import { createAccessLogRouter } from './accessLogRouter';
import { createActivityRouter } from './activityRouter';
import { createAgentsRouter } from './agentsRouter';
import { createConversationsRouter } from './conversationsRouter';
import { createDataSourcesRouter } from './dataSourcesRouter';
import { createDepartmentsRouter } from './departmentsRouter';
import { createFindingsRouter } from './findingsRouter';
import { createMeRouter } from './meRouter';
import { createNotificationStatusRouter } from './notificationStatusRouter';
import { createOverviewRouter } from './overviewRouter';
import { createSyncRouter } from './syncRouter';
import { createSyncedWindowRouter } from './syncedWindowRouter';
import { createUsersRouter } from './usersRouter';

/**
 * The tab's REST API under /api. Every route: validate (zod, strict) -> authorize (admins only; /me needs just
 * a valid identity) -> the insights layer -> an explicit presenter. Errors take the app's one shape; createApp sets
 * the security headers on every answer.
 */
export function createApiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(createMeRouter(ctx));
  router.use(requireAdmin(ctx.auth));
  for (const create of [
    createOverviewRouter,
    createAgentsRouter,
    createActivityRouter,
    createConversationsRouter,
    createUsersRouter,
    createDepartmentsRouter,
    createSyncedWindowRouter,
    createDataSourcesRouter,
    createSyncRouter,
    createNotificationStatusRouter,
    createAccessLogRouter,
    createFindingsRouter,
  ])
    router.use(create(ctx));
  return router;
}
