import { GraphRequestError } from '../errors';
import { describeNetworkError } from './networkErrors';

/** Graph's `{ error: { code, message, innerError } }` body, when the text is one. */
function readErrorBody(text: string): { code?: string; message?: string; requestId?: string } {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> };
    };
    const error = body?.error;
    if (!error || typeof error !== 'object') return {};
    const requestId = error.innerError?.['request-id'];
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : undefined,
      requestId: typeof requestId === 'string' ? requestId : undefined,
    };
  } catch {
    return {};
  }
}

/** What an admin should check, by status and Graph's error code (Microsoft Learn: getAllEnterpriseInteractions, errors; Microsoft Learn: Microsoft Graph error responses; Microsoft Learn: Microsoft Entra authentication and authorization error codes). */
function hintFor(status: number, code: string, url: string): string | undefined {
  const isExport = /\/interactionHistory\//i.test(url);
  if (status === 403 && code === 'Authorization_RequestDenied') {
    return 'The app lacks the permission or admin consent: grant User.Read.All and AiEnterpriseInteraction.Read.All (application) and consent for the tenant.';
  }
  if (status === 403 && isExport) {
    return 'For the Copilot export API this usually means the user has no Microsoft 365 Copilot license with the Graph-grounded chat plan, or the app lacks AiEnterpriseInteraction.Read.All.';
  }
  if (status === 401) return 'Graph did not accept the app-only token even after a fresh one was requested.';
  if (status === 429)
    return 'Graph kept throttling the tenant past the retry budget; lower the request rate or retry later.';
  if (status === 404) return 'Graph does not know this resource (for a user: deleted, or not in this tenant).';
  return undefined;
}

/** The typed error for a Graph answer the client will not retry (or stopped retrying). */
export function graphRequestErrorFrom(
  status: number,
  bodyText: string,
  url: string,
  requestIdHeader?: string | null,
): GraphRequestError {
  const body = readErrorBody(bodyText);
  const graphCode = body.code ?? `http_${status}`;
  const hint = hintFor(status, graphCode, url);
  const message = [
    `Graph answered ${status} ${graphCode}${body.message ? ` ("${body.message}")` : ''} for GET ${url}.`,
    hint,
  ]
    .filter(Boolean)
    .join(' ');
  return new GraphRequestError({
    status,
    graphCode,
    message,
    requestId: body.requestId ?? requestIdHeader ?? undefined,
    url,
  });
}

/** The typed error for a request that never got an answer (connection failures past the retry budget). */
export function graphNetworkError(error: unknown, url: string): GraphRequestError {
  const reason = describeNetworkError(error);
  return new GraphRequestError({
    status: 0,
    graphCode: 'network_error',
    message: `Could not reach Graph for GET ${url}: ${reason}`,
    url,
    cause: error,
  });
}
