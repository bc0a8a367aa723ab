import { GraphAuthError } from '../errors';
import type { AuthorityProblem } from './msalNetworkModule';
import { describeNetworkError, isTlsError } from './networkErrors';

export interface EntraErrorContext {
  tenantId: string;
  clientId: string;
  authorityHost: string;
}

/**
 * What a failed token request means for the run: `transient` — Entra could not answer now (retry, honouring
 * `retryAfter`, the raw header when it sent one); `fatal` — Entra refused the request as configured, or the authority
 * cannot be trusted: retrying cannot help.
 */
export type EntraFailure =
  { kind: 'transient'; reason: string; retryAfter?: string } | { kind: 'fatal'; error: GraphAuthError };

/**
 * OAuth `error` values Entra documents as "retry the request" (Microsoft Learn, "Microsoft Entra authentication and
 * authorization error codes", Handling error codes in your application; RFC 6749 §4.1.2.1).
 */
const TRANSIENT_ERRORS = new Set(['temporarily_unavailable', 'server_error']);

/**
 * AADSTS codes Entra documents as transient (same page): 90006 ExternalServerRetryableError ("the service is
 * temporarily unavailable"), 90033 MsodsServiceUnavailable ("a transient error has occurred"), 90055
 * TenantThrottlingError ("too many incoming requests").
 */
const TRANSIENT_AADSTS = new Set([90006, 90033, 90055]);

/** Admin-readable explanations of the AADSTS codes an app-only sync meets (same Learn page). */
function explainAadsts(code: number, ctx: EntraErrorContext): string | undefined {
  switch (code) {
    case 7000215:
      return `The client secret of app ${ctx.clientId} is wrong (AADSTS7000215). Copy the secret's Value from the app registration's "Certificates & secrets" page — often the secret ID was pasted instead of its value.`;
    case 7000222:
      return `The client secret of app ${ctx.clientId} has expired (AADSTS7000222). Create a new secret in the app registration and update the configuration.`;
    case 700016:
      return `App ${ctx.clientId} was not found in tenant ${ctx.tenantId} (AADSTS700016). Check the client id and the tenant id, and that an administrator of this tenant has consented to the app.`;
    case 90002:
      return `Tenant ${ctx.tenantId} was not found (AADSTS90002). Check the tenant id (its GUID or a verified domain name).`;
    case 70011:
      return `Microsoft Entra rejected the token scope (AADSTS70011). App-only Graph tokens need the scope https://graph.microsoft.com/.default.`;
    case 500011:
      return `Microsoft Graph's service principal was not found in tenant ${ctx.tenantId} (AADSTS500011).`;
    default:
      return undefined;
  }
}

interface EntraAnswer {
  /** The OAuth `error` value, e.g. invalid_client or temporarily_unavailable. */
  error?: string;
  code?: number;
  /** First line of the description (Entra appends trace and correlation ids on later lines). */
  description?: string;
}

/** The OAuth error, AADSTS code and description, from Entra's error body or else from msal's error. */
function answerOf(problem: AuthorityProblem | undefined, error: unknown): EntraAnswer {
  const body =
    problem?.kind === 'http' && typeof problem.body === 'object' && problem.body !== null
      ? (problem.body as { error?: unknown; error_codes?: unknown; error_description?: unknown })
      : undefined;
  const msal = error as { errorCode?: unknown; errorNo?: unknown; message?: unknown } | undefined;
  const fromBody = Array.isArray(body?.error_codes) ? Number(body.error_codes[0]) : undefined;
  const fromMsal = msal?.errorNo === undefined || msal.errorNo === '' ? undefined : Number(msal.errorNo);
  const code = [fromBody, fromMsal].find((n) => n !== undefined && Number.isFinite(n));
  const oauthError =
    typeof body?.error === 'string' ? body.error : typeof msal?.errorCode === 'string' ? msal.errorCode : undefined;
  const rawDescription =
    typeof body?.error_description === 'string'
      ? body.error_description
      : typeof msal?.message === 'string'
        ? msal.message
        : undefined;
  return { error: oauthError || undefined, code, description: rawDescription?.split(/\r?\n/)[0]?.trim() };
}

/** "HTTP 503 temporarily_unavailable (AADSTS90006)" and the like, for messages. */
function describeAnswer(status: number | undefined, answer: EntraAnswer): string {
  return [
    status === undefined ? undefined : `HTTP ${status}`,
    answer.error,
    answer.code === undefined ? undefined : `(AADSTS${answer.code})`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Sorts a failed token acquisition by what Entra documents. Transient: no answer at all, HTTP 429 or 5xx, the OAuth
 * errors `temporarily_unavailable` / `server_error`, the AADSTS codes documented as transient, and msal-node refusing
 * locally after an earlier 429/5xx (`sentRequest` false: nothing went on the wire). Fatal: any other refusal (a wrong
 * or expired secret, an unknown tenant or app, a bad scope), with the AADSTS code explained, and an authority whose
 * certificate is not trusted.
 */
export function classifyEntraFailure(
  error: unknown,
  problem: AuthorityProblem | undefined,
  ctx: EntraErrorContext,
  sentRequest = true,
): EntraFailure {
  const answer = answerOf(problem, error);
  if (problem?.kind === 'network') {
    const reason = describeNetworkError(problem.error);
    if (isTlsError(problem.error)) {
      const message = `The TLS certificate of ${ctx.authorityHost} is not trusted (${reason}). Add its CA with NODE_EXTRA_CA_CERTS.`;
      return { kind: 'fatal', error: new GraphAuthError(message, undefined, error) };
    }
    return { kind: 'transient', reason: `${ctx.authorityHost} unreachable: ${reason}` };
  }
  const status = problem?.kind === 'http' ? problem.status : undefined;
  const transient =
    (status !== undefined && (status === 429 || status >= 500)) ||
    (answer.error !== undefined && TRANSIENT_ERRORS.has(answer.error)) ||
    (answer.code !== undefined && TRANSIENT_AADSTS.has(answer.code));
  if (transient) {
    return {
      kind: 'transient',
      reason: `${ctx.authorityHost} answered ${describeAnswer(status, answer)}`,
      retryAfter: problem?.kind === 'http' ? problem.retryAfter : undefined,
    };
  }
  if (!sentRequest && (error as Error | undefined)?.name === 'ServerError') {
    return { kind: 'transient', reason: 'msal-node is holding back token requests after an earlier 429/5xx' };
  }
  if (answer.code !== undefined) {
    const message =
      explainAadsts(answer.code, ctx) ??
      `Microsoft Entra refused the app's credentials (AADSTS${answer.code}): ${answer.description ?? 'no description'}`;
    return { kind: 'fatal', error: new GraphAuthError(message, answer.code, error) };
  }
  const where = problem?.kind === 'http' ? ` (HTTP ${problem.status} from ${problem.url})` : '';
  const message = `Could not get an app-only token for tenant ${ctx.tenantId} from ${ctx.authorityHost}${where}: ${answer.description ?? String(error)}`;
  return { kind: 'fatal', error: new GraphAuthError(message, undefined, error) };
}
