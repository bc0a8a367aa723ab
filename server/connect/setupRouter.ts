import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { principalOf, requireAdmin } from '../auth/middleware';
import { readConnection, recordTestResult } from '../core/connection/connectionRecord';
import { testConnection } from '../core/connection/connectionTest';
import { startConsent } from '../core/connection/consentFlow';
import { collectDiagnostics } from '../core/connection/diagnostics';
import { validationFailed } from '../errors';
import { jsonBody } from '../http/jsonBody';
import type { TenantConnectionDoc } from '../store/documents';
import { createConnectService, type ConnectOverrides } from './connectService';
import type { ConnectionTestWire, ConnectStart, SetupStatus } from './setupContracts';
import { componentLogger } from '../logger';

const connectBody = z.object({ ui: z.enum(['redirect', 'popup']).optional() }).strict();

/**
 * `/api/setup/*` (admins only): connection status, "Connect with Microsoft" (the admin-consent URL), "Test
 * connection" and "Copy diagnostics". Mounted at `/api/setup`.
 */
export function createSetupRouter(ctx: AppContext, overrides: ConnectOverrides = {}): Router {
  const service = createConnectService(ctx, overrides);
  const router = express.Router();
  router.use(requireAdmin(ctx.auth), ...jsonBody());
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/status', async (req, res) => {
    const connection = await readConnection(ctx.store, ctx.tenantId);
    const body: SetupStatus = {
      mode: ctx.mode,
      tenantId: ctx.tenantId,
      clientId: ctx.graphApp.clientId,
      authorityHost: ctx.graphApp.authorityHost,
      redirectUri: service.redirectUri(req.get('host')),
      permissions: service.permissions,
      connectBlockedBy: service.connectBlockedBy,
      connection: presentConnection(connection),
    };
    res.json(body);
  });

  router.post('/connect', async (req, res) => {
    const parsed = connectBody.safeParse(req.body ?? {});
    if (!parsed.success) throw validationFailed(z.prettifyError(parsed.error));
    const principal = principalOf(res);
    const started = await startConsent(await service.flow(req.get('host')), {
      adminUserId: principal.userId,
      ui: parsed.data.ui ?? 'redirect',
    });
    const body: ConnectStart = { url: started.url, expiresAt: started.expiresAt.toISOString() };
    res.json(body);
  });

  router.post('/test', async (_req, res) => {
    const result = await testConnection({ gateway: ctx.gateway, skuIds: ctx.config.COPILOT_SKU_IDS, now: ctx.now });
    await recordTestResult(ctx.store, ctx.tenantId, result);
    componentLogger(ctx.logger, 'connect').info(
      { ok: result.ok, failed: result.checks.filter((c) => c.status === 'fail').map((c) => c.code) },
      'Connection tested.',
    );
    const body: ConnectionTestWire = { ...result, at: result.at.toISOString() };
    res.json(body);
  });

  router.get('/diagnostics', async (_req, res: Response) => {
    const report = await collectDiagnostics(service.diagnostics());
    res.json(report);
  });

  return router;
}

function presentConnection(doc: TenantConnectionDoc | null): SetupStatus['connection'] {
  if (!doc)
    return {
      status: 'not_connected',
      consentedAt: null,
      consentedBy: null,
      lastError: null,
      lastTest: null,
      updatedAt: null,
    };
  return {
    status: doc.status,
    consentedAt: doc.consentedAt?.toISOString() ?? null,
    consentedBy: doc.consentedBy ?? null,
    lastError: doc.lastError ? { ...doc.lastError, at: doc.lastError.at.toISOString() } : null,
    lastTest: doc.lastTest
      ? {
          ok: doc.lastTest.ok,
          at: doc.lastTest.at.toISOString(),
          checks: doc.lastTest.checks.map((c) => ({
            name: c.name as ConnectionTestWire['checks'][number]['name'],
            status: c.status ?? (c.ok ? 'pass' : 'fail'),
            ok: c.ok,
            code: c.code ?? null,
            message: c.message,
          })),
        }
      : null,
    updatedAt: doc.updatedAt.toISOString(),
  };
}
