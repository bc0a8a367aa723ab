import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';

/**
 * A stable ObjectId derived from a document's natural key (tenant, user, Graph id, ...).
 *
 * Every store write is an upsert filtered on this `_id` plus the natural-key fields themselves, so a rerun or a
 * retried page writes the same document again instead of a copy. `_id` uniqueness is enforced by every MongoDB
 * flavour we run on — including the CongoDB emulator, which ignores unique secondary indexes — so the natural
 * key is unique even where those indexes are not enforced. 96 bits of SHA-256 make collisions negligible.
 */
export function naturalId(...parts: readonly (string | number)[]): ObjectId {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(part));
    hash.update('\u0000');
  }
  return new ObjectId(hash.digest().subarray(0, 12));
}
