import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** What a test or the demo asks for: a Teams SSO (delegated, v2.0) access token for one directory user. */
export interface SsoTokenRequest {
  /** The user's object id (`oid`). */
  userId: string;
  name?: string | null;
  upn?: string | null;
  /** App roles assigned to the user on our Entra app (`roles` claim). */
  roles?: string[];
  /** Group object ids (`groups` claim). */
  groups?: string[];
  /** Delegated scopes (`scp`); Teams SSO gives `access_as_user`. */
  scopes?: string[];
  /** Defaults to the tenant app's client id (what `webApplicationInfo.id` makes Teams ask for). */
  audience?: string;
  /** Defaults to `<origin>/<tenant>/v2.0`, Entra's v2.0 issuer form on the simulator's origin. */
  issuer?: string;
  /** Defaults to the simulator tenant. */
  tenantId?: string;
  /** Seconds from now; negative gives an already expired token. */
  lifetimeSeconds?: number;
}

export interface PublicJwk {
  kty: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}

/**
 * Signs Teams SSO tokens with a locally generated RSA key (RS256, a `kid` in the header) and publishes the public
 * half as a JWKS, the way Entra does at `/{tenant}/discovery/v2.0/keys`. The key lives only as long as the simulator.
 */
export class SsoTokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: PublicJwk;

  constructor(
    private readonly tenantId: string,
    private readonly defaultAudience: string,
    private readonly now: () => Date,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
    this.publicJwk = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: randomUUID(), use: 'sig', alg: 'RS256' };
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.publicJwk] };
  }

  /**
   * Signs other Microsoft identity tokens with the same published key: the `validationTokens` Graph puts in change
   * notifications with resource data are JWTs signed by Microsoft identity, checked against the tenant's key set.
   */
  async signClaims(claims: Record<string, unknown>, lifetimeSeconds = 3600): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid })
      .setIssuedAt(iat)
      .setNotBefore(iat - 300)
      .setExpirationTime(iat + lifetimeSeconds)
      .sign(this.privateKey);
  }

  async issue(origin: string, request: SsoTokenRequest): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const lifetime = request.lifetimeSeconds ?? 3600;
    const tenantId = request.tenantId ?? this.tenantId;
    const claims: Record<string, unknown> = {
      tid: tenantId,
      oid: request.userId,
      sub: request.userId,
      name: request.name ?? null,
      preferred_username: request.upn ?? null,
      scp: (request.scopes ?? ['access_as_user']).join(' '),
      ver: '2.0',
      // The Teams web client's id: what `azp` holds for a token Teams fetched through getAuthToken.
      azp: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
    };
    if (request.roles?.length) claims.roles = request.roles;
    if (request.groups?.length) claims.groups = request.groups;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid })
      .setIssuer(request.issuer ?? `${origin}/${tenantId}/v2.0`)
      .setAudience(request.audience ?? this.defaultAudience)
      .setIssuedAt(lifetime < 0 ? iat + lifetime - 60 : iat)
      .setNotBefore(lifetime < 0 ? iat + lifetime - 60 : iat - 300)
      .setExpirationTime(iat + lifetime)
      .sign(this.privateKey);
  }
}
