import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { GraphAuthError } from '../errors';
import { sleep as defaultSleep } from '../lib/sleep';
import { componentLogger, type Logger } from '../logger';
import type { ClientCertificate } from './clientCertificate';
import { GRAPH_DEFAULT_SCOPE } from './constants';
import { classifyEntraFailure, type EntraErrorContext } from './entraErrors';
import { backoffMs, parseRetryAfterMs, type BackoffOptions } from './middleware/retryTiming';
import { createMsalNetworkModule } from './msalNetworkModule';
import { shareWork, type SharedWork } from './sharedWork';

/** An app-only token and which one it is (bumped each time a new token arrives from Entra). */
export interface AccessToken {
  accessToken: string;
  generation: number;
}

/** App-only access tokens for one tenant. */
export interface AccessTokenProvider {
  /**
   * A valid token: from msal's cache while it has more than 5 minutes left, otherwise a new one from Entra. `signal`
   * ends this caller's wait (for a token request waiting out an Entra incident, say).
   */
  getToken(signal?: AbortSignal): Promise<AccessToken>;
  /**
   * Graph rejected the token of `generation` (401): the next `getToken` asks Entra for a new one — unless a newer
   * token already arrived, so workers that hit the same 401 together cause one token request, not many.
   */
  invalidate(generation: number): void;
  /** A new token from Entra now, never msal's cached one (after admin consent changed what a token carries). */
  refresh(signal?: AbortSignal): Promise<AccessToken>;
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
  /**
   * Tries per token request while Entra is unavailable (unreachable, 429, 5xx, `temporarily_unavailable`; default 8).
   * Entra's refusals of the configuration (a wrong secret, an unknown tenant or app) are never retried.
   */
  maxAttempts?: number;
  /** Bound on the waits of one token request (default 5 minutes): a longer `Retry-After` ends it at once. */
  maxWaitMs?: number;
  /** Called for each token request put on the wire. */
  onTokenRequest?: () => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall clock, for `Retry-After` dates and the wait budget. */
  now?: () => number;
}

/** Waits between token requests when Entra sends no Retry-After: 1 s, 2 s, 4 s … up to 30 s, with jitter. */
const ENTRA_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };
/** A token is carried on with through an outage only while it has at least this long left after the wait. */
const VALIDITY_MARGIN_MS = 60_000;

/**
 * Client-credentials tokens through one msal ConfidentialClientApplication per tenant (msal caches the token and
 * renews it before expiry). `knownAuthorities` holds the authority's host:port, which makes msal trust it without the
 * cloud-discovery call it would otherwise send to login.microsoftonline.com — so the simulator works too.
 *
 * While Entra is unavailable (see classifyEntraFailure) a token request is retried after the answer's `Retry-After`
 * (seconds or an HTTP date), else after an exponential backoff, within `maxAttempts` and `maxWaitMs`; then it fails
 * with a transient GraphAuthError. Meanwhile a current token that is still valid (msal renews 5 minutes before
 * expiry) is used instead of waiting, and Entra is not asked again before the wait is over. A refusal of the
 * configuration fails at once with the reason.
 */
export function createTokenProvider(options: TokenProviderOptions): AccessTokenProvider {
  const authorityHost = options.authorityHost.replace(/\/+$/, '');
  const ctx: EntraErrorContext = { tenantId: options.tenantId, clientId: options.clientId, authorityHost };
  const logger = componentLogger(options.logger, 'graph-token', { tenantId: options.tenantId });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
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
  let inFlight: SharedWork<AccessToken> | undefined;
  /** The token in use and when it expires: renewal starts 5 minutes early, so an outage may meet it still valid. */
  let current: (AccessToken & { expiresAt: number }) | undefined;
  /** While Entra asked us to wait, no token request before this time (the current token carries on). */
  let holdUntil = 0;

  /** The current token when it stays valid for `forMs` more and a margin (never after Graph rejected it). */
  function stillValid(forMs: number): AccessToken | undefined {
    if (!current || current.expiresAt - now() <= forMs + VALIDITY_MARGIN_MS) return undefined;
    return { accessToken: current.accessToken, generation: current.generation };
  }

  async function acquire(skipCache: boolean, stop: AbortSignal): Promise<AccessToken> {
    const startedAt = now();
    for (let attempt = 1; ; attempt++) {
      stop.throwIfAborted();
      network.resetProblem();
      try {
        const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE], skipCache });
        if (!result?.accessToken)
          throw new GraphAuthError(`Microsoft Entra returned no access token for tenant ${options.tenantId}.`);
        if (!result.fromCache) {
          generation += 1;
          logger.debug({ expiresOn: result.expiresOn?.toISOString() }, 'Got a new Graph access token');
        }
        if (attempt > 1) logger.info({ attempts: attempt }, 'Microsoft Entra answered again; got the token');
        if (result.expiresOn) current = { accessToken: result.accessToken, generation, expiresAt: +result.expiresOn };
        holdUntil = 0;
        return { accessToken: result.accessToken, generation };
      } catch (error) {
        if (error instanceof GraphAuthError) throw error;
        const sentRequest = network.callsSinceReset() > 0;
        const failure = classifyEntraFailure(error, network.lastProblem(), ctx, sentRequest);
        if (failure.kind === 'fatal') throw failure.error;
        // Defence in depth: the network module keeps 429/5xx answers from msal, so msal should never hold back.
        if (!sentRequest) await cca.clearCache();
        const askedMs = parseRetryAfterMs(failure.retryAfter, now());
        const delayMs = askedMs ?? backoffMs(attempt, ENTRA_BACKOFF);
        const carryOn = skipCache ? undefined : stillValid(delayMs);
        if (carryOn) {
          holdUntil = now() + delayMs;
          logger.warn(
            { delayMs, reason: failure.reason, retryAfter: failure.retryAfter },
            'Microsoft Entra is unavailable; carrying on with the current token, still valid, until it can be renewed',
          );
          return carryOn;
        }
        const waitedMs = now() - startedAt;
        if (attempt >= maxAttempts || waitedMs + delayMs > maxWaitMs) {
          const beyond = attempt < maxAttempts && askedMs !== undefined;
          throw unavailable(failure.reason, attempt, waitedMs, beyond ? askedMs : undefined, error);
        }
        logger.warn(
          { attempt, delayMs, reason: failure.reason, retryAfter: failure.retryAfter },
          'Microsoft Entra is unavailable; retrying the token request',
        );
        await sleep(delayMs, stop);
      }
    }
  }

  /** The run-ending error once Entra stayed unavailable past the budget: says it was Entra, not the credentials. */
  function unavailable(
    reason: string,
    attempts: number,
    waitedMs: number,
    askedMs: number | undefined,
    cause: unknown,
  ) {
    const over =
      askedMs === undefined ? '' : `; it asked to wait ${Math.ceil(askedMs / 1000)} s more, beyond the retry budget`;
    return new GraphAuthError(
      `Microsoft Entra was temporarily unavailable for tenant ${options.tenantId}: ${reason}, ${attempts} attempt${attempts === 1 ? '' : 's'} over ${Math.round(waitedMs / 1000)} s${over}. The app's credentials were not refused; the next run will try again.`,
      undefined,
      cause,
      { transient: true },
    );
  }

  function getToken(signal?: AbortSignal): Promise<AccessToken> {
    if (!forceRefresh && !inFlight && now() < holdUntil) {
      const token = stillValid(0);
      if (token) return Promise.resolve(token);
    }
    // One token request at a time per tenant: concurrent callers share it (and its waits through an outage).
    if (!inFlight) {
      const skipCache = forceRefresh;
      forceRefresh = false;
      // Cleared before any caller resumes, so a caller asking again after this request starts a new one.
      const work: SharedWork<AccessToken> = shareWork((stop) =>
        acquire(skipCache, stop).finally(() => {
          if (inFlight === work) inFlight = undefined;
        }),
      );
      inFlight = work;
    }
    return inFlight.join(signal);
  }

  return {
    getToken,
    invalidate(seen) {
      if (seen === generation) forceRefresh = true;
    },
    async refresh(signal) {
      // A request already in flight may be answered from the cache: let it finish, then ask anew.
      await inFlight?.settled;
      forceRefresh = true;
      return getToken(signal);
    },
  };
}
