import { hkdfSync } from 'node:crypto';

/**
 * The key of findings' evidence hashes, derived (HKDF-SHA256) from the deployment's state signing key so every
 * instance computes the same hashes and no extra secret has to be configured. It is never stored in the database:
 * with the key beside the hashes, short values such as card numbers could be recovered by trying candidates.
 */
export function deriveRiskHashKey(stateSigningKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', stateSigningKey, 'copilot-observatory', 'risk evidence hash', 32));
}
