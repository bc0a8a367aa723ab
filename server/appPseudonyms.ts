import { randomBytes } from 'node:crypto';
import type { AppContext } from './appContext';
import { createPseudonymizer, derivePseudonymKey, type Pseudonymizer } from './core/privacy/pseudonyms';

const perConfig = new WeakMap<object, Pseudonymizer>();

/**
 * The app's pseudonymizer: keyed by AppContext.pseudonymKey (derived from STATE_SIGNING_KEY, the same on every
 * instance), else by a key made once per process (stable across requests, not across restarts).
 */
export function pseudonymsOf(ctx: AppContext): Pseudonymizer {
  let known = perConfig.get(ctx.config);
  if (!known) {
    known = createPseudonymizer(ctx.pseudonymKey ?? derivePseudonymKey(randomBytes(32)), ctx.tenantId);
    perConfig.set(ctx.config, known);
  }
  return known;
}
