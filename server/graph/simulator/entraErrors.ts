import { randomUUID } from 'node:crypto';
import type { TokenErrorBody } from '../types';

/**
 * Microsoft Entra's token-endpoint errors (Microsoft Learn: OAuth 2.0 client credentials flow; Microsoft Learn: Microsoft Entra authentication and authorization error codes): OAuth `error`, an AADSTS description ending in
 * Trace ID / Correlation ID / Timestamp lines separated by CRLF, `error_codes`, `timestamp` as
 * `YYYY-MM-DD HH:MM:SSZ`, `trace_id`, `correlation_id` and `error_uri`.
 */
export interface EntraError {
  status: number;
  error: string;
  code: number;
  description: string;
}

export const entraErrors = {
  temporarilyUnavailable: (status: number): EntraError => ({
    status,
    error: 'temporarily_unavailable',
    code: 90006,
    description: 'The service is temporarily unavailable. Please try again.',
  }),
  missingParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (grantType: string): EntraError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  tenantNotFound: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  noTenantInformation: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50059,
    description:
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  applicationNotFound: (clientId: string, tenant: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  missingCredential: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000216,
    description:
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
  }),
  invalidSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    description: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  invalidScope: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    description: `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  scopeWithoutDefault: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
};

/** The JSON body Entra sends for an error; `correlationId` echoes the client's `client-request-id`. */
export function entraErrorBody(
  err: EntraError,
  now: Date,
  origin: string,
  correlationId?: string,
): TokenErrorBody & { error_uri: string } {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = `${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 19)}Z`;
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${origin}/error?code=${err.code}`,
  };
}
