import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphClientStats } from '../GraphGateway';

export interface FetchHandlerOptions {
  /** The injected (trusted) fetch. */
  fetch: typeof fetch;
  stats: GraphClientStats;
  /** Abort one attempt after this long (default 60 s); RetryMiddleware then sends it again. */
  timeoutMs?: number;
}

/** Statuses whose responses cannot carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Last in the chain, in place of the SDK's HTTPMessageHandler (which always calls the global fetch): sends the
 * request with the injected fetch and reads the whole body here, so a connection dropped mid-body is a failed
 * attempt that RetryMiddleware retries, not a parse error later on. Graph pages are small enough to buffer.
 */
export class FetchHandler implements Middleware {
  private readonly timeoutMs: number;

  constructor(private readonly options: FetchHandlerOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async execute(context: Context): Promise<void> {
    const callerSignal = context.options?.signal ?? undefined;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    this.options.stats.requests += 1;
    // Redirects are not followed: a Location on another origin would take the access token with it.
    const response = await this.options.fetch(context.request, { ...context.options, signal, redirect: 'manual' });
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
    context.response = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers([...response.headers]),
    });
  }
}
