import type { AppContext } from '../appContext';
import type { Mount } from '../createApp';
import { createBotRouter } from '../../bot/botRouter';
import { createAskRouter } from '../api/askRouter';
import { createRootRedirectRouter, createTabRouter } from './tabStatic';
import { createConsentCallbackRouter } from '../connect/consentCallbackRouter';
import { createDemoConsentRelay, DEMO_AUTHORITY_PATH } from '../connect/demoConsentRelay';
import { createSetupRouter } from '../connect/setupRouter';
import { createApiRouter } from '../api/apiRouter';
import { createNotificationsRouter } from '../api/notificationsRouter';

/**
 * Every router the server mounts, in order. One line per feature: the bot (`/api/messages`) comes before
 * the tab API (`/api`), which authenticates everything under it.
 */
export function buildMounts(ctx: AppContext): Mount[] {
  return [
    { path: '/api/messages', router: createBotRouter(ctx) },
    { path: '/auth/consent', router: createConsentCallbackRouter(ctx) },
    ...(ctx.mode === 'demo' && ctx.httpFetch
      ? [{ path: DEMO_AUTHORITY_PATH, router: createDemoConsentRelay(ctx, ctx.httpFetch) }]
      : []),
    { path: '/api/setup', router: createSetupRouter(ctx) },
    // Graph's change notifications: no sign-in (Graph calls it); each notification proves itself instead.
    { path: '/api/notifications', router: createNotificationsRouter(ctx) },
    { path: '/api', router: createApiRouter(ctx) },
    { path: '/api', router: createAskRouter(ctx) },
    { path: '/tab', router: createTabRouter(ctx) },
    { path: '/', router: createRootRedirectRouter() },
  ];
}
