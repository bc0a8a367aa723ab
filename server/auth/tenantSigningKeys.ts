import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';

/**
 * Entra's published signing keys for a tenant (`{authority}/{tenant}/discovery/v2.0/keys`), fetched and cached the
 * same way for every token we check: Teams SSO tokens and Graph's notification validation tokens.
 */
export function tenantSigningKeys(authorityHost: string, tenantId: string, fetchImpl: typeof fetch): JWTVerifyGetKey {
  const authority = authorityHost.replace(/\/+$/, '');
  return createRemoteJWKSet(new URL(`${authority}/${tenantId}/discovery/v2.0/keys`), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
    cacheMaxAge: 6 * 60 * 60 * 1000,
    [customFetch]: fetchImpl as unknown as FetchImplementation,
  });
}
