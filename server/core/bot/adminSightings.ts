import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import type { Tier } from '../privacy/tiers';

/**
 * How long a tier seen on a tab sign-in lets the same person use the bot at that tier. Teams activities carry no
 * `roles` or `groups` claims and reading app role assignments or group membership would need Directory.Read.All,
 * which the app does not ask for; so the bot trusts what a verified tab token showed, for a day.
 */
export const ADMIN_SIGHTING_TTL_MS = 24 * 60 * 60_000;

const idOf = (tenantId: string, userId: string) => naturalId('adminSighting', tenantId, userId.toLowerCase());

/**
 * Records a verified tab sign-in: a person with a tier is remembered with it (refreshing the time), anyone else is
 * forgotten at once, so removing a role or group takes effect for the bot on that person's next sign-in, or after the
 * TTL.
 */
export async function recordTabSignIn(
  store: Store,
  signIn: { tenantId: string; userId: string; tier: Tier | null },
  now: Date,
): Promise<void> {
  const _id = idOf(signIn.tenantId, signIn.userId);
  if (signIn.tier === null) {
    await store.adminSightings.deleteOne({ _id });
    return;
  }
  await store.adminSightings.updateOne(
    { _id },
    { $set: { tenantId: signIn.tenantId, userId: signIn.userId.toLowerCase(), seenAt: now, tier: signIn.tier } },
    { upsert: true },
  );
}

/** The tier this person signed in to the tab with within the TTL, or null. */
export async function seenTier(
  store: Store,
  tenantId: string,
  userId: string,
  now: Date,
  ttlMs = ADMIN_SIGHTING_TTL_MS,
): Promise<Tier | null> {
  const sighting = await store.adminSightings.findOne(
    { _id: idOf(tenantId, userId), seenAt: { $gt: new Date(now.getTime() - ttlMs) } },
    { projection: { _id: 1, tier: 1 } },
  );
  if (!sighting) return null;
  return sighting.tier ?? 'Admin';
}
