import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { componentLogger, createSilentLogger, type Logger } from '../../logger';
import { INTERACTION_EXPORT_RPS_LIMIT } from '../constants';
import { createFetch } from '../trustedFetch';
import type { AiInteraction } from '../types';
import { SsoTokenIssuer } from './ssoTokens';
import { AccessTokenIssuer, DEFAULT_APP_ROLES } from './accessTokens';
import { FaultInjector, type FaultOptions } from './faults';
import { Random, hashSeed } from './random';
import { createSimulatorApp } from './simulatorApp';
import { GraphThrottle, type RetryAfterStyle, type SimulatorContext } from './simulatorContext';
import { SimulatorStatsRecorder, type SimulatorStats } from './simulatorStats';
import { SubscriptionHub } from './subscriptionHub';
import type { SyntheticTenant } from './syntheticTenant';

export type { FaultOptions } from './faults';
export type { SimulatorStats } from './simulatorStats';

export interface GraphSimulatorOptions {
  tenant: SyntheticTenant;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  tls: { cert: string; key: string };
  /** getAllEnterpriseInteractions requests per second per app (Graph: 30). */
  rateLimitPerSecond?: number;
  /** `/users` requests per second per app; unlimited when unset. */
  usersRateLimitPerSecond?: number;
  /** Delay before each Graph response: fixed, or uniform in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  tokenLifetimeSeconds?: number;
  faults?: FaultOptions;
  now?: () => Date;
  logger?: Logger;
  retryAfterStyle?: RetryAfterStyle;
  /** Roles granted to the app (admin consent); drop one to see Graph's 403s. */
  appRoles?: readonly string[];
  /** A certificate to trust when posting to https notification URLs (a test's own load balancer). */
  webhookCaPem?: string;
}

export interface RunningGraphSimulator {
  /** `https://127.0.0.1:PORT`. */
  origin: string;
  /** `origin + '/'`: the Graph SDK appends the version. */
  graphBaseUrl: string;
  /** Entra authority host (same origin). */
  authorityHost: string;
  port: number;
  tenant: SyntheticTenant;
  setFaults(faults: FaultOptions): void;
  /** Tells change-notification subscribers of new interactions, as Graph would (resolves once the POSTs are made). */
  notify(interactions: readonly AiInteraction[]): Promise<void>;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** Starts the Graph + Entra simulator over HTTPS for a synthetic tenant. */
export async function startGraphSimulator(options: GraphSimulatorOptions): Promise<RunningGraphSimulator> {
  const now = options.now ?? (() => new Date());
  const logger = componentLogger(options.logger ?? createSilentLogger(), 'graph-simulator');
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const faults = new FaultInjector(options.faults);
  const stats = new SimulatorStatsRecorder(now);
  const idRandom = new Random(hashSeed(options.tenant.seed, 'service-principal'));
  const ssoTokens = new SsoTokenIssuer(options.tenant.tenantId, options.tenant.app.clientId, now);
  const ctx: SimulatorContext = {
    tenant: options.tenant,
    now,
    logger,
    tokens: new AccessTokenIssuer(options.tenant.tenantId, now),
    ssoTokens,
    subscriptions: new SubscriptionHub({
      tenantId: options.tenant.tenantId,
      now,
      logger,
      signClaims: (claims) => ssoTokens.signClaims(claims),
      ...(options.webhookCaPem ? { fetch: createFetch({ extraCaPem: options.webhookCaPem }) } : {}),
    }),
    faults,
    stats,
    throttle: new GraphThrottle(
      options.rateLimitPerSecond ?? INTERACTION_EXPORT_RPS_LIMIT,
      options.usersRateLimitPerSecond,
      () => now().getTime(),
    ),
    latency: latencySampler(options.latencyMs),
    retryAfterStyle: options.retryAfterStyle ?? 'integer',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    appRoles: options.appRoles ?? DEFAULT_APP_ROLES,
    servicePrincipalId: idRandom.uuid(),
    origin: () => origin,
    skipTokenKey: `skiptoken:${options.tenant.tenantId}:${options.tenant.seed}`,
  };

  const server = https.createServer({ cert: options.tls.cert, key: options.tls.key }, createSimulatorApp(ctx));
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // TLS handshakes from clients that do not trust the certificate are expected noise; never crash on them.
  server.on('tlsClientError', (error) => logger.debug({ err: error }, 'TLS handshake with a client failed.'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://${formatHost(host)}:${port}`;
  logger.info(
    { origin, tenantId: options.tenant.tenantId, users: options.tenant.users.length },
    'Graph simulator listening.',
  );

  let closing: Promise<void> | undefined;
  return {
    origin,
    graphBaseUrl: `${origin}/`,
    authorityHost: origin,
    port,
    tenant: options.tenant,
    setFaults: (next) => faults.configure(next),
    notify: (interactions) => ctx.subscriptions.deliver(interactions),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        ctx.subscriptions.close();
        server.close(() => resolve());
        // Keep-alive and in-flight sockets would hold close() open; end them all.
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }).then(() => logger.info({ origin }, 'Graph simulator stopped.'));
      return closing;
    },
  };
}

function latencySampler(latency: GraphSimulatorOptions['latencyMs']): () => number {
  if (latency === undefined) return () => 0;
  if (typeof latency === 'number') return () => latency;
  const { min, max } = latency;
  return () => min + Math.random() * Math.max(0, max - min);
}

function formatHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
