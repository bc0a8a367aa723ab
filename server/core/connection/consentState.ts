import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The admin-consent `state`: a small signed token the consent redirect carries back to us. It binds the callback
 * to one "Connect" click by one admin (nonce, expiry, admin id) so that a forged, altered, stale or replayed
 * callback is refused before anything is stored. Format: base64url(JSON payload) "." base64url(HMAC-SHA256).
 */
export interface ConsentStatePayload {
  /** Random single-use id, also stored in `consentStates` and consumed by the callback. */
  nonce: string;
  /** Object id of the admin who clicked "Connect with Microsoft". */
  adminUserId: string;
  /** Whether the callback answers with a redirect to the tab or with a page that closes a popup window. */
  ui: 'redirect' | 'popup';
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

export type StateCheck =
  | { ok: true; payload: ConsentStatePayload }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

/** Signs and verifies consent states with one HMAC key (shared by every instance of the app). */
export class ConsentStateSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('The state signing key must be at least 32 bytes.');
  }

  /** A fresh random nonce (128 bits). */
  static newNonce(): string {
    return randomBytes(16).toString('base64url');
  }

  sign(payload: ConsentStatePayload): string {
    const body = Buffer.from(
      JSON.stringify({ n: payload.nonce, a: payload.adminUserId, u: payload.ui, e: payload.expiresAt }),
    ).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** Checks shape, signature (constant time) and expiry, in that order; never throws. */
  verify(state: string | undefined, now: Date): StateCheck {
    if (!state) return { ok: false, reason: 'missing' };
    const match = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(state);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, body, mac] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'bad_signature' };
    const payload = parsePayload(body);
    if (!payload) return { ok: false, reason: 'malformed' };
    if (now.getTime() >= payload.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`consent-state.v1.${body}`).digest('base64url');
  }
}

function parsePayload(body: string): ConsentStatePayload | null {
  try {
    const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { n, a, u, e } = raw;
    if (typeof n !== 'string' || typeof a !== 'string' || typeof e !== 'number') return null;
    if (u !== 'redirect' && u !== 'popup') return null;
    return { nonce: n, adminUserId: a, ui: u, expiresAt: e };
  } catch {
    // A signed body that is not our JSON cannot happen without the key; treat it as malformed.
    return null;
  }
}
