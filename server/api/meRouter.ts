import { Router } from 'express';
import type { AppContext } from '../appContext';
import { recordTabSignIn } from '../core/bot/adminSightings';
import { CAPABILITY_TIERS, capabilitiesOf } from '../core/privacy/tiers';
import type { Me } from './contracts';

/**
 * GET /api/me — who the API thinks is calling, their tier and what it lets them do. Needs a valid identity but no
 * tier, so the tab can tell someone without one why it sees nothing (every other endpoint answers them 403). The tab calls it when it opens:
 * the tier is remembered for the bot, which cannot see roles or groups itself.
 */
export function createMeRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/me', async (req, res) => {
    const p = await ctx.auth.authenticate(req);
    if (!p.demo) await recordTabSignIn(ctx.store, { tenantId: p.tenantId, userId: p.userId, tier: p.tier }, ctx.now());
    const me: Me = {
      userId: p.userId,
      name: p.name,
      upn: p.upn,
      isAdmin: p.isAdmin,
      tier: p.tier,
      capabilities: capabilitiesOf(p.tier),
      capabilityTiers: { ...CAPABILITY_TIERS },
      demo: p.demo,
      mode: ctx.mode,
    };
    res.json(me);
  });
  return router;
}
