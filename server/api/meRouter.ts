import { Router } from 'express';
import type { AppContext } from '../appContext';
import { recordTabSignIn } from '../core/bot/adminSightings';
import type { Me } from './contracts';

/**
 * GET /api/me — who the API thinks is calling. Needs a valid identity but not the admin rule, so the tab can
 * tell a non-admin why it sees nothing (every other endpoint answers them 403). The tab calls it when it opens:
 * the verdict is remembered for the bot, which cannot see roles or groups itself.
 */
export function createMeRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/me', async (req, res) => {
    const p = await ctx.auth.authenticate(req);
    if (!p.demo)
      await recordTabSignIn(ctx.store, { tenantId: p.tenantId, userId: p.userId, isAdmin: p.isAdmin }, ctx.now());
    const me: Me = { userId: p.userId, name: p.name, upn: p.upn, isAdmin: p.isAdmin, demo: p.demo, mode: ctx.mode };
    res.json(me);
  });
  return router;
}
