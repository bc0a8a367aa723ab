import { AuthenticationHandler, Client, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenBucket } from '../lib/tokenBucket';
import { componentLogger, type Logger } from '../logger';
import type { GraphClientStats } from './GraphGateway';
import { FetchHandler } from './middleware/FetchHandler';
import { OriginGuard } from './middleware/OriginGuard';
import { TraceMiddleware } from './middleware/RequestTrace';
import { RetryMiddleware } from './middleware/RetryMiddleware';
import { Semaphore } from './middleware/Semaphore';
import { ThrottleMiddleware } from './middleware/ThrottleMiddleware';
import type { AccessTokenProvider } from './tokenProvider';

export interface GraphClientOptions {
  /** Graph's root, e.g. https://graph.microsoft.com/ or https://graph.microsoft.com/v1.0 (version defaults to v1.0). */
  graphBaseUrl: string;
  tokens: AccessTokenProvider;
  /** The injected (trusted) fetch. */
  fetch: typeof fetch;
  /** Client-side ceiling for the tenant, in requests per second. */
  maxRps: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Tries per request on 429/503/504/dropped connections (default 8). */
  maxAttempts?: number;
  /** Bound on the waits of one request (default 5 minutes). */
  maxRetryWaitMs?: number;
  /** Per-attempt timeout (default 60 s). */
  requestTimeoutMs?: number;
  stats: GraphClientStats;
  logger: Logger;
  /** Wall clock for Retry-After dates. */
  now?: () => number;
  /** Waits between retries (default: real time). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GraphClient {
  client: Client;
  /** Graph's origin (scheme, host, port): the only one the token is sent to, and nextLinks must stay on. */
  graphOrigin: string;
}

/** Splits `https://host/v1.0` into the SDK's baseUrl and version; a bare origin gets v1.0. */
function splitBaseUrl(graphBaseUrl: string): { baseUrl: string; version: string } {
  const url = new URL(graphBaseUrl);
  if (url.protocol !== 'https:')
    throw new Error(`Graph base URL must be https (the SDK only sends the token over https): ${graphBaseUrl}`);
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  const version = last === 'v1.0' || last === 'beta' ? (segments.pop() as string) : 'v1.0';
  return { baseUrl: `${url.origin}/${segments.map((s) => `${s}/`).join('')}`, version };
}

/**
 * The Graph SDK client with our middleware chain, the same for Microsoft Graph and the simulator:
 * Trace → OriginGuard (Graph's exact origin only) → AuthenticationHandler (SDK; attaches the token to https
 * Graph/custom hosts) → Retry → Throttle → Fetch. Retry sits above Throttle so that every retry also waits for a
 * concurrency slot and a rate-limit token.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { baseUrl, version } = splitBaseUrl(options.graphBaseUrl);
  const graphOrigin = new URL(baseUrl).origin;
  const logger = componentLogger(options.logger, 'graph-client');
  const chain: Middleware[] = [
    new TraceMiddleware(),
    new OriginGuard(graphOrigin),
    new AuthenticationHandler({ getAccessToken: async () => (await options.tokens.getToken()).accessToken }),
    new RetryMiddleware({
      maxAttempts: options.maxAttempts,
      maxTotalWaitMs: options.maxRetryWaitMs,
      stats: options.stats,
      logger,
      now: options.now,
      sleep: options.sleep,
    }),
    new ThrottleMiddleware({
      // The real clock on purpose: the bucket paces real requests, whatever clock the caller injects.
      bucket: new TokenBucket({ ratePerSecond: options.maxRps }),
      semaphore: new Semaphore(options.concurrency),
      stats: options.stats,
      logger,
      now: options.now,
    }),
    new FetchHandler({ fetch: options.fetch, stats: options.stats, timeoutMs: options.requestTimeoutMs }),
  ];
  // customHosts takes host names only (the SDK ignores the port when matching): OriginGuard checks the port.
  const client = Client.initWithMiddleware({
    middleware: chain,
    customHosts: new Set([new URL(baseUrl).hostname]),
    baseUrl,
    defaultVersion: version,
  });
  return { client, graphOrigin };
}
