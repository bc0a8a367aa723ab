import { createHmac, hkdfSync } from 'node:crypto';
import type { UserRef } from '../insights/types';

/** A person as a Viewer sees them: a stable label in place of the name, nothing else about them. */
export interface Pseudonym {
  /** `p-` and 16 hex digits: stable per person and key, usable as a row key; not the Entra id. */
  id: string;
  /** "Person 7F3A9C". */
  label: string;
}

export type Pseudonymizer = (userId: string) => Pseudonym;

/**
 * Keyed pseudonyms (HMAC-SHA256 of the tenant and the person's object id): the same person gets the same label on
 * every request and every instance sharing the key, so top-N lists and trends still line up, while nobody without
 * the key can go back from a label to a person (object ids are guessable; the key is not).
 */
export function createPseudonymizer(key: Buffer, tenantId: string): Pseudonymizer {
  const cache = new Map<string, Pseudonym>();
  return (userId) => {
    const normalised = userId.toLowerCase();
    let known = cache.get(normalised);
    if (!known) {
      const digest = createHmac('sha256', key).update(`${tenantId.toLowerCase()}\n${normalised}`).digest('hex');
      known = { id: `p-${digest.slice(0, 16)}`, label: `Person ${digest.slice(0, 6).toUpperCase()}` };
      if (cache.size > 100_000) cache.clear();
      cache.set(normalised, known);
    }
    return known;
  };
}

/** A person as a Viewer sees them: the pseudonym for id and name, no address, no department (it could single them out). */
export function pseudonymousRef<T extends UserRef>(row: T, pseudonyms: Pseudonymizer): T {
  const p = pseudonyms(row.userId);
  return { ...row, userId: p.id, displayName: p.label, userPrincipalName: null, department: null };
}

/** Every person of a map by user id as their pseudonym (keys unchanged). */
export function pseudonymousRefs<T extends UserRef>(refs: Map<string, T>, pseudonyms: Pseudonymizer): Map<string, T> {
  return new Map([...refs].map(([id, ref]) => [id, pseudonymousRef(ref, pseudonyms)]));
}

/**
 * The pseudonym key, derived (HKDF-SHA256) from a key every instance shares (the one derived from STATE_SIGNING_KEY):
 * no extra secret to configure, and never stored in the database.
 */
export function derivePseudonymKey(sharedKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sharedKey, 'copilot-observatory', 'person pseudonym', 32));
}
