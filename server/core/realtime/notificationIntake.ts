import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ObjectId, UpdateFilter } from 'mongodb';
import { AppError } from '../../errors';
import type { AiInteraction } from '../../graph/types';
import type { Logger } from '../../logger';
import { naturalId } from '../../store/naturalId';
import type {
  NotificationQueueDoc,
  RealtimeCollections,
  RealtimeSubscriptionDoc,
} from '../../store/realtimeCollections';
import { decryptResourceData, type EncryptedContent } from './notificationCrypto';

/** One item of a change-notification POST, as the router parsed it. */
export interface ChangeNotificationItem {
  subscriptionId: string;
  clientState?: string | null;
  changeType: string;
  tenantId: string;
  resourceData?: { id?: string } | null;
  encryptedContent?: EncryptedContent | null;
}

/** One item of a lifecycle-notification POST. */
export interface LifecycleNotificationItem {
  subscriptionId: string;
  clientState?: string | null;
  tenantId: string;
  lifecycleEvent: string;
}

export interface IntakeDeps {
  collections: RealtimeCollections;
  tenantId: string;
  /** Checks the envelope's validationTokens (signature, issuer, audience, tenant). */
  verifyTokens: (tokens: readonly string[]) => Promise<void>;
  /** Private keys by `encryptionCertificateId` (the current certificate and any still overlapping). */
  privateKeys: () => Promise<Map<string, KeyObject>>;
  now: () => Date;
  logger: Logger;
}

/** The `_id` of the tenant's subscription state. */
export const subscriptionStateId = (tenantId: string) => naturalId('realtimeSubscription', tenantId);

const forbidden = (code: string, message: string): AppError => new AppError(code, message, 403);

/**
 * Accepts a change-notification POST: every item must name our subscription, tenant and clientState; the
 * validation tokens must pass; each item's `dataSignature` is checked before it is decrypted. Only then is anything
 * queued, keyed on (change, interaction, session, etag) so a redelivered notification is stored once. No content is logged.
 */
export async function acceptChangeNotifications(
  deps: IntakeDeps,
  items: readonly ChangeNotificationItem[],
  validationTokens: readonly string[],
): Promise<{ queued: number; duplicates: number }> {
  const state = await checkSubscription(deps, items);
  if (items.some((i) => i.encryptedContent)) await deps.verifyTokens(validationTokens);
  const keys = await deps.privateKeys();
  const docs: NotificationQueueDoc[] = [];
  const receivedAt = deps.now();
  for (const item of items) {
    if (!item.encryptedContent && item.changeType === 'deleted' && item.resourceData?.id) {
      // A deletion may name only the id: the worker finds the stored interaction by it.
      const resourceId = item.resourceData.id;
      const id = naturalId('notification', deps.tenantId, 'deleted', resourceId, '');
      docs.push(queueItem(deps.tenantId, id, receivedAt, { kind: 'change', changeType: 'deleted', resourceId }));
      continue;
    }
    if (!item.encryptedContent)
      throw new AppError('resource_data_missing', 'Notifications must include encrypted resource data.', 400);
    const key = keys.get(item.encryptedContent.encryptionCertificateId);
    if (!key)
      throw new AppError(
        'unknown_certificate',
        'The notification was encrypted for a certificate we do not hold.',
        400,
      );
    const interaction = parseInteraction(decryptResourceData(item.encryptedContent, key), item.resourceData?.id);
    // Graph ids are unique per user only: the session (a GUID) keeps two users' same-id, same-etag changes apart.
    const id = naturalId(
      'notification',
      deps.tenantId,
      item.changeType,
      interaction.id,
      interaction.sessionId ?? '',
      interaction.etag ?? '',
    );
    const fields = { kind: 'change' as const, changeType: item.changeType, interaction, resourceId: interaction.id };
    docs.push(queueItem(deps.tenantId, id, receivedAt, fields));
  }
  const queued = await enqueue(deps, docs);
  await noteReceived(deps, state, items.length);
  deps.logger.info(
    { received: items.length, queued, duplicates: items.length - queued },
    'Change notifications queued.',
  );
  return { queued, duplicates: items.length - queued };
}

/** Accepts a lifecycle-notification POST (same subscription and clientState checks) into the queue. */
export async function acceptLifecycleNotifications(
  deps: IntakeDeps,
  items: readonly LifecycleNotificationItem[],
): Promise<{ queued: number }> {
  await checkSubscription(deps, items);
  const receivedAt = deps.now();
  const docs = items.map((item) =>
    queueItem(
      deps.tenantId,
      naturalId('lifecycle', deps.tenantId, item.subscriptionId, item.lifecycleEvent, receivedAt.toISOString()),
      receivedAt,
      { kind: 'lifecycle', lifecycleEvent: item.lifecycleEvent },
    ),
  );
  const queued = await enqueue(deps, docs);
  deps.logger.info({ events: items.map((i) => i.lifecycleEvent) }, 'Lifecycle notifications queued.');
  return { queued };
}

/** A new queue entry: pending, never tried. */
function queueItem(
  tenantId: string,
  id: ObjectId,
  receivedAt: Date,
  fields: Pick<NotificationQueueDoc, 'kind'> & Partial<NotificationQueueDoc>,
): NotificationQueueDoc {
  return {
    changeType: null,
    lifecycleEvent: null,
    interaction: null,
    resourceId: null,
    ...fields,
    _id: id,
    tenantId,
    status: 'pending',
    attempts: 0,
    receivedAt,
    claimedAt: null,
    processedAt: null,
    note: null,
  };
}

async function checkSubscription(
  deps: IntakeDeps,
  items: readonly { subscriptionId: string; clientState?: string | null; tenantId: string }[],
): Promise<RealtimeSubscriptionDoc> {
  const state = await deps.collections.subscriptions.findOne({ _id: subscriptionStateId(deps.tenantId) });
  if (!state?.subscriptionId) throw forbidden('unknown_subscription', 'No change-notification subscription is active.');
  for (const item of items) {
    if (item.tenantId !== deps.tenantId) throw forbidden('wrong_tenant', 'The notification is for another tenant.');
    if (item.subscriptionId !== state.subscriptionId)
      throw forbidden('unknown_subscription', 'The notification names a subscription we do not hold.');
    if (!sameSecret(item.clientState ?? '', state.clientState))
      throw forbidden('client_state_mismatch', 'The notification clientState does not match the subscription.');
  }
  return state;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseInteraction(json: string, resourceId: string | undefined): AiInteraction {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AppError('undecryptable_data', 'The decrypted notification data is not JSON.', 400);
  }
  const i = value as Partial<AiInteraction> | null;
  const valid =
    i &&
    typeof i.id === 'string' &&
    typeof i.sessionId === 'string' &&
    typeof i.createdDateTime === 'string' &&
    typeof i.appClass === 'string' &&
    typeof i.interactionType === 'string';
  if (!valid) throw new AppError('invalid_resource_data', 'The decrypted notification is not an aiInteraction.', 400);
  if (resourceId !== undefined && resourceId !== i.id)
    throw new AppError(
      'invalid_resource_data',
      'The decrypted interaction is not the one the notification names.',
      400,
    );
  return i as AiInteraction;
}

async function enqueue(deps: IntakeDeps, docs: NotificationQueueDoc[]): Promise<number> {
  if (docs.length === 0) return 0;
  const result = await deps.collections.queue.bulkWrite(
    docs.map((doc) => ({
      updateOne: { filter: { _id: doc._id }, update: { $setOnInsert: doc }, upsert: true },
    })),
    { ordered: false },
  );
  return result.upsertedCount;
}

async function noteReceived(deps: IntakeDeps, state: RealtimeSubscriptionDoc, count: number): Promise<void> {
  const update: UpdateFilter<RealtimeSubscriptionDoc> = {
    $set: { lastNotificationAt: deps.now() },
    $inc: { notificationsReceived: count },
  };
  await deps.collections.subscriptions.updateOne({ _id: state._id }, update);
}
