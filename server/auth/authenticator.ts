import type { JWTVerifyGetKey } from 'jose';
import { AppError, unauthorized } from '../errors';
import type { Tier } from '../core/privacy/tiers';
import { DEMO_PRINCIPAL_ID, demoPrincipalName, type Principal } from './principal';
import type { Unranked } from './tierRule';
import type { SsoClaims } from './tokenValidator';

/** The parts of an HTTP request authentication looks at (Express's Request fits). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string };
}

export interface Authenticator {
  /**
   * Who is calling. A bearer token is always validated, in every mode. Without an Authorization header the local
   * demo identity is returned only in demo mode, for a loopback caller addressing the app by a loopback name and
   * not relayed by a proxy; otherwise 401. Ranks the caller (`tier`) but refuses nobody for it (see requireTier).
   */
  authenticate(req: AuthRequest): Promise<Principal>;
  /** The caller's tier from what is known of them (the bot knows no roles or groups). */
  tierOf(p: Unranked): Tier | null;
  /** `tierOf(p) === 'Admin'`. */
  isAdmin(p: Unranked): boolean;
  /** The tenant's published signing keys it checks tokens with (Graph's notification validation tokens reuse them). */
  signingKeys?: JWTVerifyGetKey;
}

export interface AuthenticatorDeps {
  mode: 'demo' | 'tenant';
  tenantId: string;
  validateToken: (token: string) => Promise<SsoClaims>;
  tierOf: (p: Unranked) => Tier | null;
  /** The demo identity's tier (DEMO_TIER), which its label names. */
  demoTier?: Tier;
}

/** The principal with its tier. */
export function ranked(base: Unranked, tier: Tier | null): Principal {
  return { ...base, tier, isAdmin: tier === 'Admin' };
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A browser page on another site can reach localhost through DNS rebinding; its Host header gives it away.
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'];

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return {
    tierOf: deps.tierOf,
    isAdmin: (p) => deps.tierOf(p) === 'Admin',
    async authenticate(req) {
      const header = req.headers.authorization;
      if (header !== undefined) {
        const value = Array.isArray(header) ? header.join(',') : header;
        const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(value.trim());
        if (!match) throw new AppError('invalid_token', 'The Authorization header must be "Bearer <token>".', 401);
        const claims = await deps.validateToken(match[1]!);
        const base = {
          userId: claims.oid,
          tenantId: claims.tid,
          name: claims.name,
          upn: claims.upn,
          roles: claims.roles,
          groups: claims.groups,
          demo: false,
        };
        return ranked(base, deps.tierOf(base));
      }
      if (deps.mode === 'demo' && isLocalDirectRequest(req)) {
        const base = {
          userId: DEMO_PRINCIPAL_ID,
          tenantId: deps.tenantId,
          name: demoPrincipalName(deps.demoTier ?? 'Admin'),
          upn: null,
          roles: [],
          groups: [],
          demo: true,
        };
        return ranked(base, deps.tierOf(base));
      }
      throw unauthorized(
        deps.mode === 'demo'
          ? 'Sign-in is required: the local demo identity is only available from this machine (localhost).'
          : 'Sign-in is required: open Copilot Observatory in Microsoft Teams.',
      );
    },
  };
}

function isLocalDirectRequest(req: AuthRequest): boolean {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return false;
  if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  const host = req.headers.host;
  return typeof host === 'string' && LOOPBACK_HOST.test(host);
}
