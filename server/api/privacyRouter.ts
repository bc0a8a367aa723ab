import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { principalOf } from '../auth/middleware';
import { tierRuleSettingsOf } from '../auth/tierRule';
import { eraseUser } from '../core/privacy/erasure';
import { TIERS } from '../core/privacy/tiers';
import { validationFailed } from '../errors';
import { jsonBody } from '../http/jsonBody';
import { parseQuery } from './queryValidation';

const erasureBody = z
  .object({
    userId: z.string().trim().min(1).max(128),
    reason: z.string().trim().max(500).optional(),
    /** The caller typed the person's name or id to confirm: a stray click erases nobody. */
    confirm: z.literal(true, { error: 'confirm must be true' }),
  })
  .strict();

/**
 * Admin's privacy routes: GET /privacy/roles (which Entra app roles, users and groups map to each tier) and POST
 * /privacy/erasures (erase one person, as `npm run erase` does: their text deleted, what totals need kept under a
 * random pseudonym, logged with who asked).
 */
export function createPrivacyRouter(ctx: AppContext): Router {
  const router = Router();
  const logger = ctx.logger.child({ component: 'privacy' });

  router.get('/privacy/roles', (req, res) => {
    parseQuery(z.object({}).strict(), req.query);
    const settings = tierRuleSettingsOf(ctx.config);
    res.json({
      tiers: [...TIERS].reverse().map((tier) => ({
        tier,
        role: settings.tiers[tier].role,
        userIds: [...settings.tiers[tier].userIds],
        groupIds: [...settings.tiers[tier].groupIds],
      })),
      demoTier: ctx.mode === 'demo' ? settings.demoTier : null,
    });
  });

  router.post('/privacy/erasures', ...jsonBody(), async (req, res) => {
    const parsed = erasureBody.safeParse(req.body ?? {});
    if (!parsed.success) throw validationFailed(`The request body is not valid: ${z.prettifyError(parsed.error)}`);
    const who = principalOf(res);
    const by = who.name ? `${who.name} (${who.userId})` : who.userId;
    const result = await eraseUser(
      ctx.store,
      ctx.tenantId,
      { userId: parsed.data.userId, by, reason: parsed.data.reason ?? null },
      ctx.now(),
    );
    logger.info({ counts: result.counts, by: who.userId }, 'Erased a user from the tab.');
    res.status(200).json({ erased: true, pseudonym: result.pseudonym, counts: result.counts });
  });

  return router;
}
