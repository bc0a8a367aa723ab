import type { AiInteraction } from '../../graph/types';
import type { NotificationQueueDoc } from '../../store/realtimeCollections';

/** An interaction's key within one drain: Graph ids are unique per user only, and a notification names no user. */
export function interactionKey(interaction: Pick<AiInteraction, 'id' | 'sessionId'>): string {
  return `${interaction.id}|${interaction.sessionId}`;
}

/**
 * Of several queued notifications about one interaction (same Graph id and session), the one that says how it is now.
 * Graph may deliver an `updated` before the `created` it follows (out of order, or the creation retried later), and
 * an etag is opaque, so an `updated` is taken over a `created`, and otherwise the one received last. The others are
 * superseded: applying them too would store the first version over the edited one.
 */
export function latestVersions(items: readonly NotificationQueueDoc[]): {
  latest: NotificationQueueDoc[];
  superseded: NotificationQueueDoc[];
} {
  const byInteraction = new Map<string, NotificationQueueDoc>();
  const superseded: NotificationQueueDoc[] = [];
  for (const item of items) {
    const key = interactionKey(item.interaction!);
    const held = byInteraction.get(key);
    if (!held) {
      byInteraction.set(key, item);
      continue;
    }
    const newer = held.changeType !== 'updated' || item.changeType === 'updated';
    superseded.push(newer ? held : item);
    if (newer) byInteraction.set(key, item);
  }
  return { latest: [...byInteraction.values()], superseded };
}
