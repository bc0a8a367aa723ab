import { GraphAuthError } from '../errors';
import type { AuthorityProblem } from './msalNetworkModule';
import { describeNetworkError, isTlsError } from './networkErrors';

export interface EntraErrorContext {
  tenantId: string;
  clientId: string;
  authorityHost: string;
}

/** What a failed token request means for the run. */
export type EntraFailure = { retryable: true; reason: string } | { retryable: false; error: GraphAuthError };

/** Admin-readable explanations of the AADSTS codes an app-only sync meets (shared/reference/graph.md §4.4). */
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

/** The AADSTS code and first line of description, from an Entra error body or an msal error. */
function aadstsOf(problem: AuthorityProblem | undefined, error: unknown): { code?: number; description?: string } {
  const body =
    problem?.kind === 'http' ? (problem.body as { error_codes?: unknown; error_description?: unknown }) : undefined;
  const fromBody = Array.isArray(body?.error_codes) ? Number(body.error_codes[0]) : undefined;
  const errorNo = (error as { errorNo?: unknown } | undefined)?.errorNo;
  const fromMsal = errorNo === undefined || errorNo === '' ? undefined : Number(errorNo);
  const code = [fromBody, fromMsal].find((n) => n !== undefined && Number.isFinite(n));
  const rawDescription =
    typeof body?.error_description === 'string' ? body.error_description : (error as Error | undefined)?.message;
  // Entra appends trace and correlation ids on later lines; the first line is the reason.
  const description = rawDescription?.split(/\r?\n/)[0]?.trim();
  return { code, description };
}

/**
 * Sorts a failed token acquisition: AADSTS errors and other 4xx answers are fatal for the run (no retry, a clear
 * message with the AADSTS code); network failures and 5xx/429 from the authority may be retried; an untrusted
 * certificate is fatal.
 */
export function classifyEntraFailure(
  error: unknown,
  problem: AuthorityProblem | undefined,
  ctx: EntraErrorContext,
): EntraFailure {
  const { code, description } = aadstsOf(problem, error);
  if (code !== undefined) {
    const message =
      explainAadsts(code, ctx) ??
      `Microsoft Entra refused the app's credentials (AADSTS${code}): ${description ?? 'no description'}`;
    return { retryable: false, error: new GraphAuthError(message, code, error) };
  }
  if (problem?.kind === 'network') {
    const reason = describeNetworkError(problem.error);
    if (isTlsError(problem.error)) {
      const message = `The TLS certificate of ${ctx.authorityHost} is not trusted (${reason}). Add its CA with NODE_EXTRA_CA_CERTS.`;
      return { retryable: false, error: new GraphAuthError(message, undefined, error) };
    }
    return { retryable: true, reason: `${ctx.authorityHost} unreachable: ${reason}` };
  }
  if (problem?.kind === 'http' && (problem.status >= 500 || problem.status === 429)) {
    return { retryable: true, reason: `${ctx.authorityHost} answered HTTP ${problem.status}` };
  }
  if ((error as Error | undefined)?.name === 'ThrottlingError')
    return { retryable: true, reason: 'msal is holding back after a 429/5xx' };
  const status = problem?.kind === 'http' ? ` (HTTP ${problem.status} from ${problem.url})` : '';
  const message = `Could not get an app-only token for tenant ${ctx.tenantId} from ${ctx.authorityHost}${status}: ${description ?? String(error)}`;
  return { retryable: false, error: new GraphAuthError(message, undefined, error) };
}
