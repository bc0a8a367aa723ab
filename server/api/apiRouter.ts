import { Router } from 'express';
import type { AppContext } from '../appContext';
import { authenticateCaller } from '../auth/middleware';
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
import { createPrivacyRouter } from './privacyRouter';
import { routeTierGate } from './routeTiers';
import { createSyncRouter } from './syncRouter';
import { createSyncedWindowRouter } from './syncedWindowRouter';
import { createUsersRouter } from './usersRouter';

/**
 * The tab's REST API under /api. Every route: validate (zod, strict) -> authorize (the tier routeTiers.ts names for
 * the route; /me needs just a valid identity) -> the insights layer -> an explicit presenter. Errors take the app's one shape; createApp sets
 * the security headers on every answer.
 */
export function createApiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(createMeRouter(ctx));
  router.use(authenticateCaller(ctx.auth), routeTierGate());
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
    createPrivacyRouter,
  ])
    router.use(create(ctx));
  return router;
}
