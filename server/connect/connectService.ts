import type { AppContext } from '../appContext';
import { REQUIRED_ROLES } from '../core/connection/connectionProblems';
import type { ConsentFlowDeps } from '../core/connection/consentFlow';
import { ConsentStateSigner } from '../core/connection/consentState';
import type { DiagnosticsDeps } from '../core/connection/diagnostics';
import { loadStateSigningKey, stateKeyProblems } from '../core/connection/stateSigningKey';
import { appVersion } from './appVersion';
import { DEMO_AUTHORITY_PATH } from './demoConsentRelay';
import { componentLogger } from '../logger';

export const CONSENT_CALLBACK_PATH = '/auth/consent/callback';
// Without PUBLIC_URL a local run answers on whatever loopback address and port the browser used.
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** Test seams: how the grant is verified (Entra may need a moment after consent). */
export type ConnectOverrides = Partial<Pick<ConsentFlowDeps, 'verifyAttempts' | 'verifyDelayMs' | 'sleep'>>;

/** What the setup and callback routers share, derived from the AppContext once per router. */
export interface ConnectService {
  /** `${PUBLIC_URL}/auth/consent/callback`; unset, the loopback origin the request came to (else localhost:PORT). */
  redirectUri(host: string | undefined): string;
  permissions: string[];
  connectBlockedBy: string[];
  /** The consent flow's dependencies (for a request to `host`); loads the state signing key on first use. */
  flow(host?: string): Promise<ConsentFlowDeps>;
  diagnostics(): DiagnosticsDeps;
}

export function createConnectService(ctx: AppContext, overrides: ConnectOverrides = {}): ConnectService {
  const { config } = ctx;
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  const redirectUri = (host: string | undefined): string =>
    !config.PUBLIC_URL && host && LOOPBACK_HOST.test(host)
      ? `http://${host}${CONSENT_CALLBACK_PATH}`
      : `${publicUrl}${CONSENT_CALLBACK_PATH}`;
  const logger = componentLogger(ctx.logger, 'connect');
  let signer: Promise<ConsentStateSigner> | undefined;
  const loadSigner = (): Promise<ConsentStateSigner> => {
    signer ??= loadStateSigningKey({
      configuredKey: config.STATE_SIGNING_KEY,
      dataDir: config.DATA_DIR,
      mode: ctx.mode,
    })
      .then((key) => new ConsentStateSigner(key))
      .catch((error: unknown) => {
        signer = undefined; // a fixed configuration or data folder is picked up on the next request
        throw error;
      });
    return signer;
  };
  return {
    redirectUri,
    permissions: Object.values(REQUIRED_ROLES),
    connectBlockedBy: stateKeyProblems({ configuredKey: config.STATE_SIGNING_KEY, mode: ctx.mode }),
    async flow(host) {
      return {
        store: ctx.store,
        signer: await loadSigner(),
        now: ctx.now,
        logger,
        tenantId: ctx.tenantId,
        clientId: ctx.graphApp.clientId,
        // The demo's consent page comes through the app (demoConsentRelay): the browser never meets the
        // simulator's self-signed certificate.
        authorityHost:
          ctx.mode === 'demo' && ctx.httpFetch
            ? `${new URL(redirectUri(host)).origin}${DEMO_AUTHORITY_PATH}`
            : ctx.graphApp.authorityHost,
        redirectUri: redirectUri(host),
        gateway: ctx.gateway,
        syncControl: ctx.syncControl,
        ...overrides,
      };
    },
    diagnostics: () => ({
      store: ctx.store,
      now: ctx.now,
      app: { version: appVersion(), mode: ctx.mode, instanceId: config.INSTANCE_ID ?? null, publicUrl },
      tenant: {
        tenantId: ctx.tenantId,
        clientId: ctx.graphApp.clientId,
        authorityHost: ctx.graphApp.authorityHost,
        graphBaseUrl: ctx.graphApp.graphBaseUrl,
      },
      database: { engine: ctx.mongoEngine, persistent: ctx.mongoPersistent },
      settings: {
        copilotSkuIds: [...config.COPILOT_SKU_IDS],
        backfillDays: config.BACKFILL_DAYS,
        syncIntervalMinutes: config.SYNC_INTERVAL_MINUTES,
        syncConcurrency: config.SYNC_CONCURRENCY,
        graphMaxRps: config.GRAPH_MAX_RPS,
        credential: config.CLIENT_CERTIFICATE_PATH ? 'certificate' : config.CLIENT_SECRET ? 'client secret' : 'demo',
        stateSigningKey: config.STATE_SIGNING_KEY ? 'configured' : 'generated in DATA_DIR',
        adminRole: config.ADMIN_ROLE,
        adminUserIds: config.ADMIN_USER_IDS.length,
        adminGroupIds: config.ADMIN_GROUP_IDS.length,
        botConfigured: Boolean(config.BOT_ID),
      },
      secrets: [config.CLIENT_SECRET, config.BOT_PASSWORD, config.STATE_SIGNING_KEY, config.MONGODB_URI],
    }),
  };
}
