import { GRAPH_DEFAULT_SCOPE } from '../../graph/constants';

/**
 * The two ends of Microsoft Entra's admin-consent round trip (Microsoft Learn: admin consent on the Microsoft identity platform): the v2.0
 * `adminconsent` URL we send an administrator to, and what comes back on the redirect URI.
 */

export interface ConsentUrlInput {
  authorityHost: string;
  /** The tenant GUID (or `organizations` when it is not known yet; never `common`, which v2.0 refuses). */
  tenant: string;
  clientId: string;
  redirectUri: string;
  state: string;
}

/** `{authority}/{tenant}/v2.0/adminconsent?client_id&scope=https://graph.microsoft.com/.default&redirect_uri&state`. */
export function adminConsentUrl(input: ConsentUrlInput): string {
  const url = new URL(
    `${input.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(input.tenant)}/v2.0/adminconsent`,
  );
  // `.default`: application permissions are the static ones on the app registration (Microsoft Learn: admin consent on the Microsoft identity platform).
  url.search = new URLSearchParams({
    client_id: input.clientId,
    scope: GRAPH_DEFAULT_SCOPE,
    redirect_uri: input.redirectUri,
    state: input.state,
  }).toString();
  return url.toString();
}

export type ConsentRedirect =
  | { kind: 'granted'; tenant: string; scope: string | null }
  | { kind: 'error'; error: string; description: string | null; aadsts: number | null }
  /** Neither an error nor a grant, or parameters that are not single strings: not something Entra sends. */
  | { kind: 'invalid'; message: string };

const MAX_PARAM_LENGTH = 4096;

/** Reads the redirect's query. `error` wins over `admin_consent`: v2.0 sends `admin_consent=True` on errors too. */
export function parseConsentRedirect(query: Record<string, unknown>): ConsentRedirect {
  const read = (name: string): string | undefined | null => {
    const value = query[name];
    if (value === undefined) return undefined;
    return typeof value === 'string' && value.length <= MAX_PARAM_LENGTH ? value : null;
  };
  const names = ['error', 'error_description', 'admin_consent', 'tenant', 'scope'] as const;
  const values = Object.fromEntries(names.map((n) => [n, read(n)])) as Record<
    (typeof names)[number],
    string | undefined | null
  >;
  const bad = names.find((n) => values[n] === null);
  if (bad) return { kind: 'invalid', message: `The "${bad}" parameter must appear once, as text.` };
  if (values.error) {
    const description = values.error_description ? firstLine(values.error_description) : null;
    const aadsts = /AADSTS(\d{4,8})/.exec(values.error_description ?? '')?.[1];
    return { kind: 'error', error: values.error, description, aadsts: aadsts ? Number(aadsts) : null };
  }
  if (values.admin_consent?.toLowerCase() === 'true' && values.tenant)
    return { kind: 'granted', tenant: values.tenant, scope: values.scope ?? null };
  return { kind: 'invalid', message: 'The redirect carries neither a granted consent nor an error.' };
}

/** Entra appends Trace ID / Correlation ID / Timestamp lines; the first line is the reason. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim().slice(0, 300);
}
