import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors';

export interface TokenValidatorSettings {
  /** The signing keys: Entra's JWKS for the tenant (or the simulator's, or a test's local key set). */
  keys: JWTVerifyGetKey;
  tenantId: string;
  /** Accepted `aud` values: the app's client id, `api://<client id>`, its Application ID URI. */
  audiences: readonly string[];
  /** Accepted `iss` values (v2.0 and v1.0 forms for the tenant). */
  issuers: readonly string[];
  /** Delegated scope the tab's token must carry. */
  requiredScope: string;
  now: () => Date;
}

/** Claims we rely on after validation. */
export interface SsoClaims {
  oid: string;
  tid: string;
  name: string | null;
  upn: string | null;
  roles: string[];
  groups: string[];
}

const invalidToken = (message: string): AppError => new AppError('invalid_token', message, 401);

/**
 * Validates a Teams SSO token: RS256 signature against the tenant's keys, issuer, audience, expiry (5 minutes of
 * clock skew, as Microsoft's own validators allow), tenant and delegated scope. Every failure is a 401 whose
 * message says which check failed, never the token.
 */
export function createTokenValidator(settings: TokenValidatorSettings): (token: string) => Promise<SsoClaims> {
  return async (token) => {
    if (token.length > 16_384) throw invalidToken('The sign-in token is too large.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, settings.keys, {
        algorithms: ['RS256'],
        audience: [...settings.audiences],
        issuer: [...settings.issuers],
        clockTolerance: 300,
        currentDate: settings.now(),
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      }));
    } catch (error) {
      throw describeFailure(error);
    }
    if (payload.tid !== settings.tenantId) throw invalidToken('The sign-in token was issued for another tenant.');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(settings.requiredScope))
      throw invalidToken(`The sign-in token lacks the ${settings.requiredScope} scope (app-only tokens are refused).`);
    return {
      oid: String(payload.oid),
      tid: String(payload.tid),
      name: typeof payload.name === 'string' ? payload.name : null,
      upn:
        typeof payload.preferred_username === 'string'
          ? payload.preferred_username
          : typeof payload.upn === 'string'
            ? payload.upn
            : null,
      roles: stringArray(payload.roles),
      groups: stringArray(payload.groups),
    };
  };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const keysUnavailable = (): AppError =>
  new AppError('signing_keys_unavailable', 'The tenant signing keys could not be fetched; try again shortly.', 503);

function describeFailure(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired) return invalidToken('The sign-in token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return invalidToken('The sign-in token is for another application.');
    if (error.claim === 'iss') return invalidToken('The sign-in token comes from an unexpected issuer.');
    if (error.claim === 'nbf') return invalidToken('The sign-in token is not valid yet.');
    return invalidToken(`The sign-in token's "${error.claim}" claim is not acceptable.`);
  }
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys
  )
    return invalidToken('The sign-in token is not signed by the tenant.');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return invalidToken('The sign-in token uses a refused algorithm.');
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return keysUnavailable();
  if (error instanceof joseErrors.JOSEError) return invalidToken('The sign-in token is malformed.');
  // Anything else came from fetching the key set (network, TLS, HTTP status), not from the token.
  return keysUnavailable();
}
