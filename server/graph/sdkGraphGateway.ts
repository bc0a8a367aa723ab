import { GraphRequestError } from '../errors';
import type { ClientCertificate } from './clientCertificate';
import { componentLogger, type Logger } from '../logger';
import { createGraphClient } from './createGraphClient';
import type { AppTokenInfo, GraphClientStats, GraphGateway, InteractionPage, InteractionWindow } from './GraphGateway';
import {
  interactionPageSchema,
  toAiInteraction,
  toGraphUser,
  userPageSchema,
  type ParsedInteraction,
  type ParsedUser,
} from './graphSchemas';
import { interactionsPath, isInWindow, licensedUsersPath } from './graphQueries';
import { createPageReader, type Page, type PageReader } from './pageReader';
import { createTokenProvider } from './tokenProvider';
import type { AiInteraction, GraphUser } from './types';

export interface SdkGraphGatewayOptions {
  tenantId: string;
  clientId: string;
  /** One credential: the client secret's value, or a certificate. */
  clientSecret?: string;
  clientCertificate?: ClientCertificate;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com/ */
  graphBaseUrl: string;
  /** Defaults to the global fetch; pass createFetch({ extraCaPem }) to trust a generated certificate. */
  fetch?: typeof fetch;
  /** Client-side request ceiling for the tenant (Graph allows 30/s for the export API). */
  maxRps: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** $top for interactions (default 100, Graph's recommendation). */
  pageSize?: number;
  /** $top for users (default 999, Graph's maximum). */
  usersPageSize?: number;
  /** Tries per request on transient failures, and reads per unreadable page (default 8). */
  maxAttempts?: number;
  /** Bound on the retry waits of one request (default 5 minutes). */
  maxRetryWaitMs?: number;
  /** Per-attempt timeout (default 60 s); a timed-out attempt is retried. */
  requestTimeoutMs?: number;
  logger: Logger;
  /** Wall clock, for Retry-After dates. */
  now?: () => number;
  /** Waits between retries (Graph's and Entra's); injectable so tests need not wait for real. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The GraphGateway over the Microsoft Graph SDK: one code path for Microsoft Graph and the simulator. */
export function createSdkGraphGateway(options: SdkGraphGatewayOptions): GraphGateway {
  const stats: GraphClientStats = { requests: 0, throttled: 0, retries: 0, tokenRequests: 0 };
  const logger = componentLogger(options.logger, 'graph', { tenantId: options.tenantId });
  const fetchFn = options.fetch ?? globalThis.fetch;
  const maxAttempts = options.maxAttempts ?? 8;
  const tokens = createTokenProvider({
    tenantId: options.tenantId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clientCertificate: options.clientCertificate,
    authorityHost: options.authorityHost,
    fetch: fetchFn,
    logger: options.logger, // adds its own component and tenantId
    onTokenRequest: () => {
      stats.tokenRequests += 1;
    },
    now: options.now,
    sleep: options.sleep,
  });
  const { client, graphOrigin } = createGraphClient({
    graphBaseUrl: options.graphBaseUrl,
    tokens,
    fetch: fetchFn,
    maxRps: options.maxRps,
    concurrency: options.concurrency,
    maxAttempts,
    maxRetryWaitMs: options.maxRetryWaitMs,
    requestTimeoutMs: options.requestTimeoutMs,
    stats,
    logger: options.logger.child({ tenantId: options.tenantId }),
    now: options.now,
    sleep: options.sleep,
  });
  const reader = createPageReader({ client, graphOrigin, tokens, maxAttempts, stats, logger });
  const pageSize = options.pageSize ?? 100;
  const usersPageSize = options.usersPageSize ?? 999;

  return {
    listLicensedUsers: (skuIds, signal, query) =>
      listLicensedUsers(reader, skuIds, query?.pageSize ?? usersPageSize, signal),
    listInteractions: (userId, window, signal) =>
      listInteractions({ reader, logger, pageSize }, userId, window, signal),
    refreshToken: async (signal) => tokenInfo((await tokens.refresh(signal)).accessToken),
    stats: () => ({ ...stats }),
  };
}

/** The `roles` claim of a JWT access token, unverified (Microsoft treats the format as opaque: null if unreadable). */
function tokenInfo(accessToken: string): AppTokenInfo {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      roles?: unknown;
    };
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === 'string') : [];
    return { roles };
  } catch {
    // An encrypted or non-JWT token: the caller falls back to asking Graph.
    return { roles: null };
  }
}

/** One query per SKU, nextLinks followed verbatim; each page yields the users not seen before (union by id). */
async function* listLicensedUsers(
  reader: PageReader,
  skuIds: readonly string[],
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<GraphUser[]> {
  const seen = new Set<string>();
  for (const skuId of skuIds) {
    let url: string | undefined = licensedUsersPath(skuId, pageSize);
    while (url) {
      const page: Page<ParsedUser> = await reader.read(url, userPageSchema, signal);
      const fresh = page.value.filter((user) => !seen.has(user.id));
      for (const user of fresh) seen.add(user.id);
      if (fresh.length > 0) yield fresh.map(toGraphUser);
      url = page.nextLink;
    }
  }
}

/**
 * A user's interactions in the window, server-side filtered by createdDateTime. Some tenants answer 400 to that
 * filter (Microsoft Learn: getAllEnterpriseInteractions, optional query parameters; Microsoft's PAX notes): then the listing restarts without it. The strict
 * window is applied client-side either way, so the result is the same. Yields one page per Graph page (possibly
 * empty after filtering).
 */
async function* listInteractions(
  deps: { reader: PageReader; logger: Logger; pageSize: number },
  userId: string,
  window: InteractionWindow,
  signal?: AbortSignal,
): AsyncGenerator<InteractionPage> {
  let url: string | undefined = interactionsPath(userId, deps.pageSize, window);
  let filtered = true;
  let pageNumber = 0;
  let undated = 0;
  while (url) {
    let page: Page<ParsedInteraction>;
    try {
      page = await deps.reader.read(url, interactionPageSchema, signal);
    } catch (error) {
      // Only the first request can be a rejected filter; a 400 later on is a real error.
      if (!(filtered && pageNumber === 0 && error instanceof GraphRequestError && error.graphStatus === 400))
        throw error;
      deps.logger.warn(
        { userId, graphCode: error.graphCode },
        'Graph rejected the createdDateTime filter (400); listing this user without it and filtering client-side',
      );
      filtered = false;
      url = interactionsPath(userId, deps.pageSize);
      continue;
    }
    pageNumber += 1;
    const interactions: AiInteraction[] = [];
    for (const item of page.value) {
      if (item.createdDateTime === null) undated += 1;
      else if (isInWindow(item.createdDateTime, window))
        interactions.push(toAiInteraction({ ...item, createdDateTime: item.createdDateTime }));
    }
    yield { interactions, pageNumber };
    url = page.nextLink;
  }
  if (undated > 0)
    deps.logger.warn(
      { userId, undated },
      'Skipped interactions without createdDateTime (they cannot be placed in a window)',
    );
}
