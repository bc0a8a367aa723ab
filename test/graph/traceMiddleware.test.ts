import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphAuthError } from '../../server/errors';
import { RequestTrace, TraceMiddleware } from '../../server/graph/middleware/RequestTrace';

/**
 * First in the Graph client's chain: the SDK wraps whatever a middleware throws into a GraphError, so the trace keeps
 * the original (a token failure, an abort, the last network error) for the gateway to rethrow as it was.
 */
function chain(failure: unknown): TraceMiddleware {
  const next: Middleware = {
    execute: async () => {
      throw failure;
    },
  };
  const first = new TraceMiddleware();
  first.setNext(next);
  return first;
}

const failure = new GraphAuthError('AADSTS7000215: invalid client secret');

describe('TraceMiddleware', () => {
  it("keeps the error that ended a request on the request's trace and rethrows it as is", async () => {
    const trace = new RequestTrace();
    const context = {
      request: 'https://graph.microsoft.com/v1.0/users',
      middlewareControl: { getMiddlewareOptions: (kind: unknown) => (kind === RequestTrace ? trace : undefined) },
    } as unknown as Context;
    await expect(chain(failure).execute(context)).rejects.toBe(failure);
    expect(trace.failure).toBe(failure);
  });

  it('rethrows the error as is for a request that carries no trace', async () => {
    const context = { request: 'https://graph.microsoft.com/v1.0/users' } as Context;
    await expect(chain(failure).execute(context)).rejects.toBe(failure);
  });

  it('says it was wired without a next middleware rather than failing on undefined', async () => {
    await expect(new TraceMiddleware().execute({ request: 'https://graph.microsoft.com/' } as Context)).rejects.toThrow(
      'TraceMiddleware needs a next middleware',
    );
  });
});
