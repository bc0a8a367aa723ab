import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { GraphAuthError } from '../errors';
import { sleep as defaultSleep } from '../lib/sleep';
import type { Logger } from '../logger';
import type { ClientCertificate } from './clientCertificate';
import { GRAPH_DEFAULT_SCOPE } from './constants';
import { classifyEntraFailure, type EntraErrorContext } from './entraErrors';
import { backoffMs } from './middleware/retryTiming';
import { createMsalNetworkModule } from './msalNetworkModule';

/** An app-only token and which one it is (bumped each time a new token arrives from Entra). */
export interface AccessToken {
  accessToken: string;
  generation: number;
}

/** App-only access tokens for one tenant. */
export interface AccessTokenProvider {
  /** A valid token: from msal's cache while it has more than 5 minutes left, otherwise a new one from Entra. */
  getToken(): Promise<AccessToken>;
  /**
   * Graph rejected the token of `generation` (401): the next `getToken` asks Entra for a new one — unless a newer
   * token already arrived, so workers that hit the same 401 together cause one token request, not many.
   */
  invalidate(generation: number): void;
  /** A new token from Entra now, never msal's cached one (after admin consent changed what a token carries). */
  refresh(): Promise<AccessToken>;
}

export interface TokenProviderOptions {
  tenantId: string;
  clientId: string;
  /** One credential: the client secret's value, or a certificate (see clientCertificate.ts). */
  clientSecret?: string;
  clientCertificate?: ClientCertificate;
  /** e.g. https://login.microsoftonline.com, or the simulator's origin. */
  authorityHost: string;
  fetch: typeof fetch;
  logger: Logger;
  /** Tries per token request when the authority is unreachable (default 3). Entra's 4xx answers are never retried. */
  maxAttempts?: number;
  /** Called for each token request put on the wire. */
  onTokenRequest?: () => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Client-credentials tokens through one msal ConfidentialClientApplication per tenant (msal caches the token and
 * renews it before expiry). `knownAuthorities` holds the authority's host:port, which makes msal trust it without the
 * cloud-discovery call it would otherwise send to login.microsoftonline.com — so the simulator works too.
 */
export function createTokenProvider(options: TokenProviderOptions): AccessTokenProvider {
  const authorityHost = options.authorityHost.replace(/\/+$/, '');
  const ctx: EntraErrorContext = { tenantId: options.tenantId, clientId: options.clientId, authorityHost };
  const logger = options.logger.child({ component: 'graph-token', tenantId: options.tenantId });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  const network = createMsalNetworkModule({ fetch: options.fetch, onTokenRequest: () => options.onTokenRequest?.() });
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      ...(options.clientCertificate
        ? { clientCertificate: options.clientCertificate }
        : { clientSecret: options.clientSecret }),
      authority: `${authorityHost}/${encodeURIComponent(options.tenantId)}`,
      knownAuthorities: [new URL(authorityHost).host],
    },
    system: {
      networkClient: network,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message) => logger.debug({ msal: message }, 'msal'),
      },
    },
  });

  let generation = 0;
  let forceRefresh = false;
  let inFlight: Promise<AccessToken> | undefined;

  async function acquire(skipCache: boolean): Promise<AccessToken> {
    for (let attempt = 1; ; attempt++) {
      network.resetProblem();
      try {
        const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE], skipCache });
        if (!result?.accessToken)
          throw new GraphAuthError(`Microsoft Entra returned no access token for tenant ${options.tenantId}.`);
        if (!result.fromCache) {
          generation += 1;
          logger.debug({ expiresOn: result.expiresOn?.toISOString() }, 'Got a new Graph access token');
        }
        return { accessToken: result.accessToken, generation };
      } catch (error) {
        if (error instanceof GraphAuthError) throw error;
        const failure = classifyEntraFailure(error, network.lastProblem(), ctx);
        if (!failure.retryable) throw failure.error;
        if (attempt >= maxAttempts) {
          throw new GraphAuthError(
            `Could not reach Microsoft Entra after ${attempt} attempts: ${failure.reason}.`,
            undefined,
            error,
          );
        }
        const delayMs = backoffMs(attempt);
        logger.warn({ attempt, delayMs, reason: failure.reason }, 'Token request failed; retrying');
        await sleep(delayMs);
      }
    }
  }

  function getToken(): Promise<AccessToken> {
    // One token request at a time per tenant: concurrent callers share it.
    if (!inFlight) {
      const skipCache = forceRefresh;
      forceRefresh = false;
      inFlight = acquire(skipCache).finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  }

  return {
    getToken,
    invalidate(seen) {
      if (seen === generation) forceRefresh = true;
    },
    async refresh() {
      // A request already in flight may be answered from the cache: let it finish, then ask anew.
      await inFlight?.catch(() => undefined);
      forceRefresh = true;
      return getToken();
    },
  };
}
