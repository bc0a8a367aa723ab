import type { KeyObject } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { tenantSigningKeys } from '../auth/tenantSigningKeys';
import {
  acceptChangeNotifications,
  acceptLifecycleNotifications,
  type IntakeDeps,
} from '../core/realtime/notificationIntake';
import { loadNotificationSealKey, notificationPrivateKeys } from '../core/realtime/certificateStore';
import { createValidationTokenVerifier } from '../core/realtime/validationTokens';
import { validationFailed } from '../errors';
import { realtimeCollections } from '../store/realtimeCollections';
import { componentLogger } from '../logger';

const encryptedContent = z.object({
  data: z.string().max(4_000_000),
  dataSignature: z.string().max(200),
  dataKey: z.string().max(4_000),
  encryptionCertificateId: z.string().max(200),
  encryptionCertificateThumbprint: z.string().max(200).optional(),
});
const changeItem = z.object({
  subscriptionId: z.string().max(100),
  clientState: z.string().max(255).nullable().optional(),
  changeType: z.enum(['created', 'updated', 'deleted']),
  tenantId: z.string().max(100),
  resource: z.string().max(1_000).optional(),
  resourceData: z
    .object({ id: z.string().max(200).optional() })
    .loose()
    .nullable()
    .optional(),
  encryptedContent: encryptedContent.nullable().optional(),
});
const changeEnvelope = z.object({
  value: z.array(changeItem.loose()).min(1).max(1_000),
  validationTokens: z.array(z.string()).max(100).optional(),
});
const lifecycleEnvelope = z.object({
  value: z
    .array(
      z
        .object({
          subscriptionId: z.string().max(100),
          clientState: z.string().max(255).nullable().optional(),
          tenantId: z.string().max(100),
          lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
        })
        .loose(),
    )
    .min(1)
    .max(100),
});

/**
 * POST /api/notifications and /api/notifications/lifecycle: Graph's change notifications for Copilot interactions.
 * No sign-in (Graph calls them): the validation handshake is echoed; everything else must prove itself (clientState,
 * validation tokens, data signature) before it is queued, and is answered 202 at once (the worker stores it).
 */
export function createNotificationsRouter(ctx: AppContext): Router {
  const router = Router();
  const intake = intakeDeps(ctx);
  const json = express.json({ limit: '8mb' });

  router.post('/lifecycle', handshake, json, async (req, res) => {
    const parsed = lifecycleEnvelope.safeParse(req.body);
    if (!parsed.success) throw validationFailed(`Not a lifecycle notification: ${z.prettifyError(parsed.error)}`);
    await acceptLifecycleNotifications(intake, parsed.data.value);
    res.status(202).end();
  });
  router.post('/', handshake, json, async (req, res) => {
    const parsed = changeEnvelope.safeParse(req.body);
    if (!parsed.success) throw validationFailed(`Not a change notification: ${z.prettifyError(parsed.error)}`);
    await acceptChangeNotifications(intake, parsed.data.value, parsed.data.validationTokens ?? []);
    res.status(202).end();
  });
  return router;
}

/** Graph's validation request: `?validationToken=` must come back decoded, as text/plain, 200, within 10 seconds. */
function handshake(req: Request, res: Response, next: () => void): void {
  const token = req.query.validationToken;
  if (token === undefined) return next();
  if (typeof token !== 'string' || token.length > 4_096) throw validationFailed('validationToken is not acceptable.');
  res.status(200).type('text/plain').send(token);
}

function intakeDeps(ctx: AppContext): IntakeDeps {
  const collections = realtimeCollections(ctx.store.db);
  // The authenticator's cached key set when it has one (same tenant, same fetch); else one of our own.
  const keys =
    ctx.auth.signingKeys ?? tenantSigningKeys(ctx.graphApp.authorityHost, ctx.tenantId, ctx.httpFetch ?? fetch);
  const parsedKeys = new Map<string, KeyObject>();
  let sealKey: Promise<Buffer> | undefined;
  return {
    collections,
    tenantId: ctx.tenantId,
    now: ctx.now,
    logger: componentLogger(ctx.logger, 'notifications'),
    verifyTokens: createValidationTokenVerifier({
      keys,
      tenantId: ctx.tenantId,
      clientId: ctx.graphApp.clientId,
      authorityHost: ctx.graphApp.authorityHost,
      now: ctx.now,
    }),
    privateKeys: async () => {
      sealKey ??= loadNotificationSealKey({
        configuredKey: ctx.config.STATE_SIGNING_KEY,
        dataDir: ctx.config.DATA_DIR,
        mode: ctx.mode,
      });
      return notificationPrivateKeys({ collections, tenantId: ctx.tenantId, sealKey: await sealKey }, parsedKeys);
    },
  };
}
