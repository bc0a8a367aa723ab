import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../../errors';

/** The first-party app Microsoft Graph change tracking runs as: the `azp` (v2) or `appid` (v1) of its tokens. */
export const GRAPH_CHANGE_TRACKING_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';

export interface ValidationTokenSettings {
  keys: JWTVerifyGetKey;
  tenantId: string;
  /** Our app's client id: the tokens' audience. */
  clientId: string;
  /** The authority host, for the v2.0 issuer form besides `https://sts.windows.net/{tenant}/`. */
  authorityHost: string;
  now: () => Date;
}

const refused = (message: string): AppError => new AppError('invalid_validation_token', message, 401);

/**
 * Checks every `validationTokens` entry of a notification with resource data as Microsoft Learn's "Set up change
 * notifications that include resource data" asks: signed by Microsoft identity (the tenant's published keys), not
 * expired, issued for this tenant, audience our app, and requested by Graph change tracking. Throws a 401 naming
 * the failed check; a 503 when the keys cannot be fetched (Graph retries).
 */
export function createValidationTokenVerifier(
  settings: ValidationTokenSettings,
): (tokens: readonly string[]) => Promise<void> {
  const authority = settings.authorityHost.replace(/\/+$/, '');
  const issuers = [`https://sts.windows.net/${settings.tenantId}/`, `${authority}/${settings.tenantId}/v2.0`];
  return async (tokens) => {
    if (tokens.length === 0) throw refused('Notifications with resource data must carry validationTokens.');
    for (const token of tokens) {
      if (token.length > 16_384) throw refused('A validation token is too large.');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, settings.keys, {
          algorithms: ['RS256'],
          audience: settings.clientId,
          issuer: issuers,
          clockTolerance: 300,
          currentDate: settings.now(),
          requiredClaims: ['exp', 'tid'],
        }));
      } catch (error) {
        throw describe(error);
      }
      if (payload.tid !== settings.tenantId) throw refused('A validation token was issued for another tenant.');
      const caller = typeof payload.azp === 'string' ? payload.azp : payload.appid;
      if (caller !== GRAPH_CHANGE_TRACKING_APP_ID)
        throw refused('A validation token was not requested by Microsoft Graph change tracking.');
    }
  };
}

function describe(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired) return refused('A validation token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return refused(`A validation token's "${error.claim}" claim is not acceptable.`);
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys
  )
    return refused('A validation token is not signed by Microsoft identity for this tenant.');
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid)
    return new AppError('signing_keys_unavailable', 'The tenant signing keys could not be fetched; retry later.', 503);
  if (error instanceof joseErrors.JOSEError) return refused('A validation token is malformed.');
  return new AppError('signing_keys_unavailable', 'The tenant signing keys could not be fetched; retry later.', 503);
}
