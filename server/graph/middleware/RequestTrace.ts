import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/**
 * Per-request notes our middleware leaves for the gateway. The SDK wraps whatever a middleware throws into a
 * `GraphError` (losing its class), so the original error — a GraphAuthError from the token provider, an abort, the
 * last network failure — is kept here for the gateway to rethrow as is.
 */
export class RequestTrace implements MiddlewareOptions {
  /** The error that ended the request, as thrown. */
  failure?: unknown;
  /** Times the request went out on the wire (1 + retries). */
  attempts = 0;
  /** Which access token the request carried (see AccessTokenProvider.invalidate). */
  tokenGeneration?: number;
}

/** The trace the gateway attached to this request, if any. */
export function traceOf(context: Context): RequestTrace | undefined {
  // MiddlewareControl is not exported by the SDK's index, hence the duck typing.
  const option = context.middlewareControl?.getMiddlewareOptions?.(RequestTrace);
  return option instanceof RequestTrace ? option : undefined;
}

/** First in the chain: records whatever ends a request (token, abort, network) on its trace before the SDK wraps it. */
export class TraceMiddleware implements Middleware {
  private next?: Middleware;

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('TraceMiddleware needs a next middleware');
    try {
      await this.next.execute(context);
    } catch (error) {
      const trace = traceOf(context);
      if (trace) trace.failure = error;
      throw error;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
