import { AuthenticationHandlerOptions, ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AppError, MalformedGraphResponseError } from '../errors';
import type { Logger } from '../logger';
import type { GraphClientStats } from './GraphGateway';
import { graphNetworkError, graphRequestErrorFrom } from './graphErrors';
import { originOf } from './middleware/OriginGuard';
import { RequestTrace } from './middleware/RequestTrace';
import type { AccessTokenProvider } from './tokenProvider';

export interface PageReaderOptions {
  client: Client;
  /** Graph's origin (scheme, host, port): a nextLink elsewhere is not followed (the token goes to Graph only). */
  graphOrigin: string;
  tokens: AccessTokenProvider;
  /** Reads of one page whose body is unreadable or not the documented shape, before giving up. */
  maxAttempts: number;
  stats: GraphClientStats;
  logger: Logger;
}

/** One validated page of an OData collection. */
export interface Page<T> {
  value: T[];
  nextLink?: string;
}

type CollectionSchema = z.ZodType<{ value: unknown[]; '@odata.nextLink'?: string | null }>;

/** Parses and validates a page body; says what is wrong when it cannot. */
function parsePage<S extends CollectionSchema>(
  text: string,
  schema: S,
): { ok: true; page: z.infer<S> } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: V8 quotes a piece of the body in it, and bodies hold prompt text.
    return { ok: false, problem: `body is not valid JSON (truncated or corrupted; ${text.length} characters)` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, page: result.data };
  return { ok: false, problem: `body is not the documented shape: ${z.prettifyError(result.error).slice(0, 500)}` };
}

/**
 * Reads Graph pages through the SDK client with full control over parsing: the raw body is parsed and validated
 * here, a page that is unreadable or malformed is fetched again (same URL), a 401 gets one fresh token, and any
 * other refusal becomes a GraphRequestError carrying Graph's status and error code.
 */
export function createPageReader(options: PageReaderOptions) {
  const { client, tokens, stats, logger } = options;

  async function send(url: string, signal?: AbortSignal): Promise<{ response: Response; trace: RequestTrace }> {
    const trace = new RequestTrace();
    // A per-request auth provider, so we know which token a 401 refers to.
    const auth = new AuthenticationHandlerOptions({
      getAccessToken: async () => {
        const token = await tokens.getToken(signal);
        trace.tokenGeneration = token.generation;
        return token.accessToken;
      },
    });
    try {
      const response = (await client
        .api(url)
        .responseType(ResponseType.RAW)
        .middlewareOptions([trace, auth])
        .option('signal', signal)
        .get()) as Response;
      return { response, trace };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // The SDK wrapped whatever our middleware threw; the trace kept the original.
      const original = trace.failure ?? error;
      if (original instanceof AppError) throw original;
      throw graphNetworkError(original, url);
    }
  }

  /**
   * A nextLink is followed only on Graph's exact origin (scheme, host and port): anywhere else it would carry the
   * access token, and the answer would not be Graph's. Refused, the user's listing ends in an error, so their
   * watermark stays where it was and the next run reads them again.
   */
  function checkNextLink(nextLink: string, url: string): void {
    const origin = originOf(nextLink);
    if (origin !== options.graphOrigin) {
      throw new MalformedGraphResponseError(
        `Graph returned a nextLink outside Graph's origin ${options.graphOrigin} (${origin ?? 'not an absolute URL'}); it was not followed and no access token was sent there: ${nextLink.slice(0, 300)}`,
        { url, nextLink: nextLink.slice(0, 2000), graphOrigin: options.graphOrigin },
      );
    }
  }

  /** Reads the page at `url` (a path under the Graph root, or a nextLink verbatim). */
  async function read<S extends CollectionSchema>(
    url: string,
    schema: S,
    signal?: AbortSignal,
  ): Promise<Page<z.infer<S>['value'][number]>> {
    let refreshedToken = false;
    let problem = '';
    for (let attempt = 1; attempt <= options.maxAttempts;) {
      signal?.throwIfAborted();
      const { response, trace } = await send(url, signal);
      const text = await response.text();
      if (response.status === 401 && !refreshedToken) {
        refreshedToken = true;
        tokens.invalidate(trace.tokenGeneration ?? -1);
        stats.retries += 1;
        logger.info({ url }, 'Graph rejected the access token (401); retrying once with a fresh token');
        continue;
      }
      if (!response.ok) throw graphRequestErrorFrom(response.status, text, url, response.headers.get('request-id'));
      const parsed = parsePage(text, schema);
      if (parsed.ok) {
        const nextLink = parsed.page['@odata.nextLink'] ?? undefined;
        if (nextLink) checkNextLink(nextLink, url);
        return { value: parsed.page.value, nextLink };
      }
      problem = parsed.problem;
      attempt += 1;
      if (attempt <= options.maxAttempts) {
        stats.retries += 1;
        logger.warn({ url, attempt, problem }, 'Graph page unreadable; fetching it again');
      }
    }
    throw new MalformedGraphResponseError(
      `Graph page at ${url} was still unreadable after ${options.maxAttempts} attempts: ${problem}`,
      { url, problem },
    );
  }

  return { read };
}

export type PageReader = ReturnType<typeof createPageReader>;
