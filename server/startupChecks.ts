import type { AppContext } from './appContext';
import { AppError, ConfigError } from './errors';

/**
 * With a real tenant, proves at start-up that the authenticator refuses the local demo identity: a loopback
 * request without a token — the one the demo signs in for free — must be turned away.
 */
export async function assertNoDemoIdentity(ctx: Pick<AppContext, 'mode' | 'auth'>): Promise<void> {
  if (ctx.mode !== 'tenant') return;
  try {
    const principal = await ctx.auth.authenticate({
      headers: { host: '127.0.0.1' },
      socket: { remoteAddress: '127.0.0.1' },
    });
    throw new ConfigError([
      `The demo identity is active with a real tenant (a request without a token was let in as "${principal.name ?? principal.userId}"): refusing to start`,
    ]);
  } catch (error) {
    if (error instanceof AppError && error.status === 401) return;
    throw error;
  }
}
