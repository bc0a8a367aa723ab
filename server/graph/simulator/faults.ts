import { hashUnit } from './random';

/**
 * Seeded fault injection for the Graph routes. Every fault is transient: decisions are a pure function of
 * (seed, URL, attempt number for that URL) and a URL can fault only on its first `maxFaultsPerUrl` attempts,
 * so a client that retries correctly always ends with exactly the ground truth — and the same client sees the
 * same faults on every run. The token endpoint is left alone unless `includeTokenEndpoint` says otherwise.
 */
export interface FaultOptions {
  seed?: number;
  /** Chance a request starts a 429 storm lasting `stormRequests` requests (the storm spans all URLs). */
  throttleStormRate?: number;
  stormRequests?: number;
  /** Retry-After advertised during storms (seconds, default 1). */
  stormRetryAfterSeconds?: number;
  /** 503 or 504 with a Graph error body; 503 sometimes carries Retry-After. */
  serverErrorRate?: number;
  /** Destroy the socket without answering. */
  dropConnectionRate?: number;
  slowPageRate?: number;
  slowPageMs?: number;
  /** 200 with truncated JSON. */
  malformedPageRate?: number;
  /** A given nextLink URL fails (503) the first time it is requested, only. */
  failNextLinkOnceRate?: number;
  /** Users whose mailbox rejects createdDateTime filters with 400, like some tenants do (permanent, not a fault). */
  rejectDateFilterForUsers?: string[];
  /** Use fractional Retry-After values (`2.128`) for 429s. */
  fractionalRetryAfter?: boolean;
  /** Attempts per URL that may fault (default 2); later attempts always succeed. */
  maxFaultsPerUrl?: number;
  /** Let server errors and drops hit the token endpoint too. */
  includeTokenEndpoint?: boolean;
  /** An Entra incident: the next `requests` token requests fail this way, however they are retried. */
  tokenOutage?: TokenOutage;
  /**
   * Share of interaction links served in another spelling of the same URL (RFC 3986 §6.2.2): percent-escapes of
   * unreserved characters in lower- or upper-case hex, an upper-case scheme and host, an explicit default port.
   */
  urlVariantRate?: number;
  /** nextLinks pointing at another origin (same path and query), for every user or only those listed. */
  foreignNextLinks?: { origin: string; userIds?: string[] };
}

/** How the token endpoint fails during a tokenOutage. */
export interface TokenOutage {
  requests: number;
  /** Default 503. */
  status?: 429 | 500 | 502 | 503 | 504;
  /** `Retry-After` in seconds; absent when unset. */
  retryAfterSeconds?: number;
  /** Send `Retry-After` as an HTTP date (now + retryAfterSeconds) instead of seconds. */
  retryAfterAsDate?: boolean;
  /**
   * `aadsts` (default): Entra's JSON error, `temporarily_unavailable` with AADSTS90006 in `error_codes`;
   * `oauth`: only `error` and `error_description`; `html`: a front end's HTML page (not JSON).
   */
  body?: 'aadsts' | 'oauth' | 'html';
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'throttle'; retryAfterMs: number }
  | { kind: 'serverError'; status: 503 | 504; retryAfterSeconds: number | null }
  | { kind: 'drop' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed' };

export type FaultRoute = 'users' | 'interactions' | 'token';

export interface FaultRequest {
  route: FaultRoute;
  /** Method + path + query as sent; together with the attempt number it seeds the decision. */
  url: string;
  /** A request following a nextLink (has $skiptoken). */
  isNextLink: boolean;
}

/** Named fault mixes for the CLI and the control API. */
export const FAULT_PRESETS = {
  none: {},
  storm: { seed: 7, throttleStormRate: 0.02, stormRequests: 25 },
  flaky: { seed: 7, serverErrorRate: 0.05, failNextLinkOnceRate: 0.1, slowPageRate: 0.05, slowPageMs: 800 },
  chaos: {
    seed: 7,
    throttleStormRate: 0.01,
    stormRequests: 10,
    serverErrorRate: 0.03,
    dropConnectionRate: 0.01,
    slowPageRate: 0.02,
    slowPageMs: 1_500,
    malformedPageRate: 0.01,
    failNextLinkOnceRate: 0.05,
    fractionalRetryAfter: true,
  },
  /** An Entra incident (three token requests answer 503 AADSTS90006, Retry-After: 2) and links in mixed spellings. */
  entra: { seed: 7, tokenOutage: { requests: 3, retryAfterSeconds: 2 }, urlVariantRate: 0.2 },
} as const satisfies Record<string, FaultOptions>;

export type FaultPreset = keyof typeof FAULT_PRESETS;

const MAX_TRACKED_URLS = 500_000;

/** Holds the current fault mix and decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  private current: FaultOptions = {};
  private attempts = new Map<string, number>();
  private stormRemaining = 0;
  private rejectDates = new Set<string>();
  private tokenOutageRemaining = 0;

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  get options(): FaultOptions {
    return { ...this.current };
  }

  /** Replaces the fault mix and forgets earlier attempts and any storm in progress. */
  configure(options: FaultOptions): void {
    this.current = { ...options };
    this.attempts = new Map();
    this.stormRemaining = 0;
    this.rejectDates = new Set((options.rejectDateFilterForUsers ?? []).map((id) => id.toLowerCase()));
    this.tokenOutageRemaining = options.tokenOutage?.requests ?? 0;
  }

  /** The outage answer for this token request while a tokenOutage lasts (counts the request), else null. */
  tokenOutage(): TokenOutage | null {
    const outage = this.current.tokenOutage;
    if (!outage || this.tokenOutageRemaining <= 0) return null;
    this.tokenOutageRemaining -= 1;
    return outage;
  }

  /** The origin a nextLink of `userId` points at instead of the simulator's, if any. */
  nextLinkOrigin(userId: string): string | null {
    const foreign = this.current.foreignNextLinks;
    if (!foreign) return null;
    const listed = foreign.userIds?.map((id) => id.toLowerCase());
    return !listed || listed.includes(userId.toLowerCase()) ? foreign.origin : null;
  }

  /** Which spelling of a link URL to serve: a pure function of (seed, interaction, link). */
  urlVariant(interactionId: string, linkIndex: number): 'lower' | 'upper' | null {
    const rate = this.current.urlVariantRate ?? 0;
    if (rate <= 0) return null;
    const roll = hashUnit(this.current.seed ?? 0, 'url-variant', interactionId, linkIndex);
    if (roll >= rate) return null;
    return roll < rate / 2 ? 'lower' : 'upper';
  }

  get fractionalRetryAfter(): boolean {
    return this.current.fractionalRetryAfter === true;
  }

  rejectsDateFilterFor(userId: string): boolean {
    return this.rejectDates.has(userId.toLowerCase());
  }

  /** Decides what happens to one request (and counts it as an attempt of its URL). */
  decide(request: FaultRequest): FaultDecision {
    const o = this.current;
    if (request.route === 'token' && !o.includeTokenEndpoint) return { kind: 'none' };
    const attempt = this.nextAttempt(request.url);
    if (this.stormRemaining > 0 && request.route !== 'token') {
      this.stormRemaining -= 1;
      return { kind: 'throttle', retryAfterMs: this.stormRetryAfterMs(request.url, attempt) };
    }
    if (attempt >= (o.maxFaultsPerUrl ?? 2)) return { kind: 'none' };
    const seed = o.seed ?? 0;
    const roll = (kind: string): number => hashUnit(seed, kind, request.url, attempt);
    if (
      request.isNextLink &&
      attempt === 0 &&
      hashUnit(seed, 'nextlink', request.url) < (o.failNextLinkOnceRate ?? 0)
    ) {
      return { kind: 'serverError', status: 503, retryAfterSeconds: null };
    }
    if (request.route !== 'token' && roll('storm') < (o.throttleStormRate ?? 0)) {
      this.stormRemaining = Math.max(0, (o.stormRequests ?? 10) - 1);
      return { kind: 'throttle', retryAfterMs: this.stormRetryAfterMs(request.url, attempt) };
    }
    if (roll('server') < (o.serverErrorRate ?? 0)) {
      const gateway = roll('server-kind') < 0.3;
      return {
        kind: 'serverError',
        status: gateway ? 504 : 503,
        retryAfterSeconds: !gateway && roll('server-retry') < 0.5 ? 1 : null,
      };
    }
    if (roll('drop') < (o.dropConnectionRate ?? 0)) return { kind: 'drop' };
    if (request.route !== 'token' && roll('malformed') < (o.malformedPageRate ?? 0)) return { kind: 'malformed' };
    if (roll('slow') < (o.slowPageRate ?? 0)) return { kind: 'slow', delayMs: o.slowPageMs ?? 1_000 };
    return { kind: 'none' };
  }

  private nextAttempt(url: string): number {
    const attempt = this.attempts.get(url) ?? 0;
    // A very long run forgets old URLs instead of growing without bound; forgotten URLs may fault again, still boundedly.
    if (this.attempts.size >= MAX_TRACKED_URLS) this.attempts.clear();
    this.attempts.set(url, attempt + 1);
    return attempt;
  }

  private stormRetryAfterMs(url: string, attempt: number): number {
    const base = (this.current.stormRetryAfterSeconds ?? 1) * 1000;
    if (!this.current.fractionalRetryAfter) return base;
    // Fractional mode varies the wait around the base, like Graph's `2.128`.
    return Math.max(1, Math.round(base * (0.25 + hashUnit(this.current.seed ?? 0, 'retry-after', url, attempt))));
  }
}
