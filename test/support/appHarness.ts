import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import type { AppContext } from '../../server/appContext';
import { buildAuthenticator } from '../../server/auth/buildAuthenticator';
import { loadConfig, type Config } from '../../server/config';
import { createApp } from '../../server/createApp';
import type { SyncControl, SyncRequest, SyncRequestResult } from '../../server/core/sync/syncControl';
import { SyncRunner } from '../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import type { SimUser } from '../../server/graph/simulator/syntheticUsers';
import type { SsoTokenRequest } from '../../server/graph/simulator/ssoTokens';
import { createFetch } from '../../server/graph/trustedFetch';
import { buildMounts } from '../../server/http/mounts';
import { createSilentLogger } from '../../server/logger';
import type { SyncRunDoc } from '../../server/store/documents';
import { createStore } from '../../server/store/Store';
import { startGraphHarness, type GraphHarness, type GraphHarnessHistory } from './graphHarness';
import { openTestStore, type TestStore } from './testStore';

export interface AppHarnessOptions {
  seed?: number;
  userCount?: number;
  /** "Now" of the synthetic tenant's history and of the app's clock. */
  referenceTime?: Date;
  /** Run one full sync before returning (default true). */
  sync?: boolean;
  /** Extra environment for loadConfig; TENANT_ID/CLIENT_ID/CLIENT_SECRET switch to tenant mode. */
  env?: Record<string, string>;
  /** 'tenant' sets TENANT_ID/CLIENT_ID/CLIENT_SECRET (and MONGODB_URI) to the simulated tenant's. */
  mode?: 'demo' | 'tenant';
  /** A MongoDB server of the test's own (default: the suite's). */
  mongoUri?: string;
  /** The synthetic tenant's history: interactions per active user, risky content (the simulator's defaults). */
  history?: GraphHarnessHistory;
}

/** Bearer tokens for the simulated tenant's users, signed like Teams SSO tokens (or deliberately wrong). */
export interface TestTokens {
  /** A directory user holding the admin app role. */
  admin(overrides?: Partial<SsoTokenRequest>): Promise<string>;
  /** A directory user without any admin rule. */
  nonAdmin(overrides?: Partial<SsoTokenRequest>): Promise<string>;
  /** Right claims, signed by a key the tenant never published. */
  forged(): Promise<string>;
  expired(): Promise<string>;
  wrongAudience(): Promise<string>;
  wrongIssuer(): Promise<string>;
  /** Any token the simulator's key signs. */
  mint(request: SsoTokenRequest): Promise<string>;
}

export interface AppHarness {
  ctx: AppContext;
  config: Config;
  app: Express;
  /** `http://127.0.0.1:PORT` of the listening app. */
  baseUrl: string;
  graph: GraphHarness;
  testStore: TestStore;
  runner: SyncRunner;
  syncControl: InlineSyncControl;
  tokens: TestTokens;
  adminUser: SimUser;
  nonAdminUser: SimUser;
  /** Moves the harness clock (app, sync and token issuer) forward, so events that follow are strictly later. */
  advanceClock(ms: number): void;
  /** Runs a full sync now and waits for it. */
  sync(mode?: 'full' | 'incremental'): Promise<SyncRunDoc>;
  close(): Promise<void>;
}

export const TEST_REFERENCE_TIME = new Date('2026-11-20T12:00:00.000Z');

/**
 * The whole server in one test file: a fresh database on the suite's MongoDB server, the Graph simulator over
 * HTTPS with a synthetic tenant, the real authenticator on the simulator's key set, every mounted router, listening
 * on 127.0.0.1. Tests talk to it over real HTTP.
 */
export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const referenceTime = options.referenceTime ?? TEST_REFERENCE_TIME;
  let clockMs = referenceTime.getTime();
  const now = () => new Date(clockMs);
  const graph = await startGraphHarness({
    seed: options.seed ?? 11,
    userCount: options.userCount ?? 30,
    referenceTime,
    // One clock for the app and the simulator's token issuer, so token lifetimes mean the same to both.
    simulator: { now },
    history: options.history,
  });
  const testStore = await openTestStore('app', options.mongoUri);
  const tenant = graph.tenant;
  const env: Record<string, string> = {
    ...(options.mode === 'tenant'
      ? {
          TENANT_ID: tenant.tenantId,
          CLIENT_ID: tenant.app.clientId,
          CLIENT_SECRET: tenant.app.clientSecret,
          MONGODB_URI: testStore.uri,
          GRAPH_BASE_URL: graph.simulator.graphBaseUrl,
          AUTHORITY_HOST: graph.simulator.authorityHost,
        }
      : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logger = createSilentLogger();
  const gateway = graph.gateway();
  const runner = new SyncRunner({
    store: testStore.store,
    gateway,
    logger,
    now,
    settings: {
      tenantId: tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 90,
      overlapMinutes: 15,
      concurrency: 4,
    },
  });
  const syncControl = new InlineSyncControl(runner);
  const httpFetch = createFetch({ extraCaPem: graph.cert });
  const ctx: AppContext = {
    config,
    logger,
    // As main.ts: the routes and the bot read with QUERY_MAX_TIME_MS.
    store: createStore(testStore.client.db(testStore.dbName), { readMaxTimeMS: config.QUERY_MAX_TIME_MS }),
    tenantId: tenant.tenantId,
    mode: config.mode,
    now,
    mongoEngine: testStore.emulator ? 'congodb' : 'mongodb',
    mongoPersistent: false,
    syncControl,
    gateway,
    graphApp: {
      tenantId: tenant.tenantId,
      clientId: tenant.app.clientId,
      authorityHost: graph.simulator.authorityHost,
      graphBaseUrl: graph.simulator.graphBaseUrl,
    },
    auth: buildAuthenticator({
      config,
      tenantId: tenant.tenantId,
      clientId: tenant.app.clientId,
      authorityHost: graph.simulator.authorityHost,
      fetch: httpFetch,
      now,
    }),
  };
  const app = createApp(ctx, buildMounts(ctx));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const directory = tenant.users.filter((u) => u.licensed);
  const adminUser = directory[0]!;
  const nonAdminUser = directory[1]!;
  const mint = async (request: SsoTokenRequest): Promise<string> => {
    const response = await httpFetch(`${graph.simulator.origin}/_simulator/tokens/user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.status !== 201) throw new Error(`token mint failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  };
  const userClaims = (user: SimUser, roles: string[]): SsoTokenRequest => ({
    userId: user.graph.id,
    name: user.graph.displayName ?? null,
    upn: user.graph.userPrincipalName ?? null,
    roles,
  });
  const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const tokens: TestTokens = {
    mint,
    admin: (overrides = {}) => mint({ ...userClaims(adminUser, [config.ADMIN_ROLE]), ...overrides }),
    nonAdmin: (overrides = {}) => mint({ ...userClaims(nonAdminUser, []), ...overrides }),
    expired: () => mint({ ...userClaims(adminUser, [config.ADMIN_ROLE]), lifetimeSeconds: -3600 }),
    wrongAudience: () =>
      mint({
        ...userClaims(adminUser, [config.ADMIN_ROLE]),
        audience: 'api://another-app.example.com/' + randomUUID(),
      }),
    wrongIssuer: () =>
      mint({
        ...userClaims(adminUser, [config.ADMIN_ROLE]),
        issuer: `https://login.microsoftonline.com/${randomUUID()}/v2.0`,
      }),
    forged: async () => {
      // The tenant's own key id, so the key lookup succeeds and the signature check is what refuses it.
      const jwks = (await (
        await httpFetch(`${graph.simulator.authorityHost}/${tenant.tenantId}/discovery/v2.0/keys`)
      ).json()) as { keys: Array<{ kid: string }> };
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({
        tid: tenant.tenantId,
        oid: adminUser.graph.id,
        scp: 'access_as_user',
        roles: [config.ADMIN_ROLE],
        ver: '2.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: jwks.keys[0]!.kid })
        .setIssuer(`${graph.simulator.authorityHost}/${tenant.tenantId}/v2.0`)
        .setAudience(tenant.app.clientId)
        .setIssuedAt(iat)
        .setNotBefore(iat - 300)
        .setExpirationTime(iat + 3600)
        .sign(foreignKey);
    },
  };

  const harness: AppHarness = {
    ctx,
    config,
    app,
    baseUrl,
    graph,
    testStore,
    runner,
    syncControl,
    tokens,
    adminUser,
    nonAdminUser,
    advanceClock: (ms) => {
      clockMs += ms;
    },
    sync: (mode = 'full') => runner.run({ mode, trigger: 'test' }),
    async close() {
      await syncControl.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testStore.close();
      await graph.close();
    },
  };
  if (options.sync !== false) await harness.sync('full');
  return harness;
}

/** A SyncControl that runs requested syncs in this process, one at a time, and records the requests. */
export class InlineSyncControl implements SyncControl {
  readonly requests: SyncRequest[] = [];
  private readonly listeners: Array<(run: SyncRunDoc) => Promise<void> | void> = [];
  private running: Promise<void> | null = null;

  constructor(private readonly runner: SyncRunner) {}

  async requestSync(request: SyncRequest): Promise<SyncRequestResult> {
    this.requests.push(request);
    if (this.running) return { status: 'running', runId: null };
    this.running = this.runner
      .run({ mode: request.mode ?? 'incremental', trigger: request.trigger })
      .then(async (run) => {
        for (const listener of this.listeners) await listener(run);
      })
      .finally(() => {
        this.running = null;
      });
    return { status: 'queued', runId: null };
  }

  onRunFinished(listener: (run: SyncRunDoc) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** Resolves once no requested run is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}
