import type { AiInteraction, GraphUser } from './types';

/** A half-open time window for interaction history: createdDateTime > `after` and < `before`. */
export interface InteractionWindow {
  after: Date;
  before: Date;
}

/** One page of a user's interaction history, already validated against the aiInteraction shape. */
export interface InteractionPage {
  interactions: AiInteraction[];
  /** 1-based page number within this listing. */
  pageNumber: number;
}

/**
 * The narrow view of Microsoft Graph the sync needs. The SDK adapter implements it for Graph and for the
 * simulator alike (only base URLs differ); the sync depends on nothing else from Graph.
 */
export interface GraphGateway {
  /** Licensed users, one page at a time, for the given SKU ids (one query per SKU, union by id). */
  listLicensedUsers(
    skuIds: readonly string[],
    signal?: AbortSignal,
    options?: { pageSize?: number },
  ): AsyncIterable<GraphUser[]>;
  /**
   * A user's Copilot interactions inside `window`, one page at a time, following nextLinks. Items are in
   * whatever order Graph returns them. Throws GraphRequestError (status 403 for an unlicensed user, etc.).
   */
  listInteractions(userId: string, window: InteractionWindow, signal?: AbortSignal): AsyncIterable<InteractionPage>;
  /**
   * Asks Microsoft Entra for a new app-only token now, bypassing the cache (the connect flow checks consent with
   * it). Throws GraphAuthError. `roles` are the application permissions the token grants, read from its payload
   * without verification (only Graph verifies it); null when the token is not a readable JWT. While Entra is
   * unavailable it retries within the token budget (up to 5 minutes); `signal` ends the wait sooner.
   */
  refreshToken(signal?: AbortSignal): Promise<AppTokenInfo>;
  /** Requests made and 429s received so far (for sync-run figures and benchmarks). */
  stats(): GraphClientStats;
}

export interface AppTokenInfo {
  roles: string[] | null;
}

export interface GraphClientStats {
  requests: number;
  throttled: number;
  retries: number;
  tokenRequests: number;
}
