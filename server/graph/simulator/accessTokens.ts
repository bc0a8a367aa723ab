import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * App-only access tokens shaped like Entra's (header.payload.signature, with tid/appid/roles/iat/nbf/exp), signed
 * with HMAC-SHA256 and a secret that lives only as long as the simulator. Clients must treat them as opaque.
 */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  app_displayname: string;
  appid: string;
  appidacr: '1';
  idp: string;
  idtyp: 'app';
  oid: string;
  roles: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'empty' | 'malformed' | 'signature' | 'expired' | 'wrongTenant' };

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Roles the sync needs (Microsoft Learn: getAllEnterpriseInteractions, permissions; Microsoft Learn: user resource type). */
export const DEFAULT_APP_ROLES = ['AiEnterpriseInteraction.Read.All', 'User.Read.All'] as const;

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const NOT_BEFORE_SKEW_SECONDS = 300;

/** Issues and verifies the simulator's access tokens. */
export class AccessTokenIssuer {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly tenantId: string,
    private readonly now: () => Date,
  ) {}

  /** Issues a token for the app; `nbf` is five minutes back, as Entra does for clock skew. */
  issue(input: {
    clientId: string;
    roles: readonly string[];
    lifetimeSeconds: number;
    servicePrincipalId: string;
  }): string {
    const iat = Math.floor(this.now().getTime() / 1000);
    const claims: AccessTokenClaims = {
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat,
      nbf: iat - NOT_BEFORE_SKEW_SECONDS,
      exp: iat + input.lifetimeSeconds,
      app_displayname: 'Copilot Observatory',
      appid: input.clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${this.tenantId}/`,
      idtyp: 'app',
      oid: input.servicePrincipalId,
      roles: [...input.roles],
      sub: input.servicePrincipalId,
      tid: this.tenantId,
      uti: b64url(randomUUID()).slice(0, 22),
      ver: '1.0',
    };
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'graph-simulator' }));
    const payload = b64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  /** Checks a bearer token: shape, signature, tenant and lifetime against the injected clock. */
  verify(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'empty' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'signature' };
    let claims: AccessTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.tid !== this.tenantId) return { ok: false, reason: 'wrongTenant' };
    const nowSeconds = this.now().getTime() / 1000;
    if (nowSeconds >= claims.exp || nowSeconds < claims.nbf) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

/** The 401 message Graph gives for each way a token can be unusable. */
export function invalidTokenMessage(reason: Exclude<TokenCheck, { ok: true }>['reason']): string {
  switch (reason) {
    case 'empty':
      return 'Access token is empty.';
    case 'malformed':
      return 'CompactToken parsing failed with error code: 80049217';
    case 'expired':
      return 'Access token has expired or is not yet valid.';
    case 'wrongTenant':
      return 'Access token validation failure. Invalid audience.';
    default:
      return 'Access token validation failure.';
  }
}
