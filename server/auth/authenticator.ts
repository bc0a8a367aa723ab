import type { JWTVerifyGetKey } from 'jose';
import { AppError, unauthorized } from '../errors';
import { DEMO_PRINCIPAL_ID, DEMO_PRINCIPAL_NAME, type Principal } from './principal';
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
   * not relayed by a proxy; otherwise 401. Does not check the admin rule (see `isAdmin` / requireAdmin).
   */
  authenticate(req: AuthRequest): Promise<Principal>;
  isAdmin(p: Omit<Principal, 'isAdmin'>): boolean;
  /** The tenant's published signing keys it checks tokens with (Graph's notification validation tokens reuse them). */
  signingKeys?: JWTVerifyGetKey;
}

export interface AuthenticatorDeps {
  mode: 'demo' | 'tenant';
  tenantId: string;
  validateToken: (token: string) => Promise<SsoClaims>;
  isAdmin: (p: Omit<Principal, 'isAdmin'>) => boolean;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A browser page on another site can reach localhost through DNS rebinding; its Host header gives it away.
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'];

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return {
    isAdmin: deps.isAdmin,
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
        return { ...base, isAdmin: deps.isAdmin(base) };
      }
      if (deps.mode === 'demo' && isLocalDirectRequest(req)) {
        const base = {
          userId: DEMO_PRINCIPAL_ID,
          tenantId: deps.tenantId,
          name: DEMO_PRINCIPAL_NAME,
          upn: null,
          roles: [],
          groups: [],
          demo: true,
        };
        return { ...base, isAdmin: deps.isAdmin(base) };
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
