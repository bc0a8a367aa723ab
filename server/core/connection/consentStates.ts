import type { Store } from '../../store/Store';
import { naturalId } from '../../store/naturalId';
import { ConsentStateSigner, type ConsentStatePayload } from './consentState';

/** How long an admin has between "Connect with Microsoft" and coming back from the consent page. */
export const CONSENT_STATE_TTL_MS = 10 * 60_000;
/** Used and expired states are kept a day (for support questions), then removed when new ones are issued. */
const KEEP_OLD_STATES_MS = 24 * 60 * 60_000;

export interface ConsentStateDeps {
  store: Store;
  signer: ConsentStateSigner;
  now: () => Date;
}

export type StateRefusal = 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'replayed' | 'unknown';

export type RedeemedState = { ok: true; payload: ConsentStatePayload } | { ok: false; reason: StateRefusal };

/** Creates and records a single-use state for one admin's consent attempt. */
export async function issueConsentState(
  deps: ConsentStateDeps,
  input: { adminUserId: string; ui: ConsentStatePayload['ui'] },
): Promise<{ state: string; expiresAt: Date }> {
  const now = deps.now();
  const nonce = ConsentStateSigner.newNonce();
  const expiresAt = new Date(now.getTime() + CONSENT_STATE_TTL_MS);
  await deps.store.consentStates.deleteMany({ expiresAt: { $lt: new Date(now.getTime() - KEEP_OLD_STATES_MS) } });
  await deps.store.consentStates.insertOne({ _id: naturalId(nonce), nonce, createdAt: now, expiresAt, usedAt: null });
  const state = deps.signer.sign({
    nonce,
    adminUserId: input.adminUserId,
    ui: input.ui,
    expiresAt: expiresAt.getTime(),
  });
  return { state, expiresAt };
}

/**
 * Verifies a returned state and consumes its nonce in one atomic update (`usedAt: null` -> now), so of two
 * callbacks carrying the same state — a replay, a double submit — exactly one gets through.
 */
export async function redeemConsentState(deps: ConsentStateDeps, state: string | undefined): Promise<RedeemedState> {
  const now = deps.now();
  const check = deps.signer.verify(state, now);
  if (!check.ok) return check;
  const { nonce } = check.payload;
  const taken = await deps.store.consentStates.findOneAndUpdate(
    { _id: naturalId(nonce), nonce, usedAt: null },
    { $set: { usedAt: now } },
  );
  if (taken) return check;
  const known = await deps.store.consentStates.findOne({ _id: naturalId(nonce) }, { projection: { usedAt: 1 } });
  return { ok: false, reason: known ? 'replayed' : 'unknown' };
}
