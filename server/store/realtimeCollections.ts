import type { Collection, Db, ObjectId } from 'mongodb';
import type { AiInteraction } from '../graph/types';
import type { AggregateCollection } from './documents';

/** The tenant-wide change-notification subscription this deployment owns (one document per tenant). */
export interface RealtimeSubscriptionDoc {
  _id: ObjectId;
  tenantId: string;
  /** Graph's subscription id; null until one is created (or after Graph removed it). */
  subscriptionId: string | null;
  /** Secret Graph repeats in every notification; compared before anything else is trusted. */
  clientState: string;
  status: 'active' | 'removed' | 'reauthorizationRequired' | 'failed';
  expiresAt: Date | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  certificateId: string;
  createdAt: Date | null;
  renewedAt: Date | null;
  /** Last successful POST …/reauthorize (after a `reauthorizationRequired` event); absent on older documents. */
  reauthorizedAt?: Date | null;
  lastNotificationAt: Date | null;
  notificationsReceived: number;
  lastError: string | null;
  /** The last polling pass seen as reconciliation: its window and what it stored that notifications had not. */
  lastReconciliation?: ReconciliationRecord | null;
  /** Set when a reconciliation found a gap; cleared by one that found none. */
  gapDetectedAt?: Date | null;
  gapsDetected?: number;
  /** Interactions polling stored that notifications should have brought, over all gaps. */
  missedTotal?: number;
}

/** One polling pass read as reconciliation (see reconciliation.ts). */
export interface ReconciliationRecord {
  at: Date;
  runId: string;
  trigger: string;
  /** The window it checked: created from `from` to `to` (the pass's start less a grace period). */
  from: Date;
  to: Date;
  /** New interactions the pass stored. */
  found: number;
  /** Of those, created in the window: notifications should have brought them (drift). */
  missed: number;
}

/** A private key encrypted at rest: AES-256-GCM, base64 fields. */
export interface SealedPrivateKey {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  data: string;
}

/** A notification key pair; its private key is stored sealed (see certificateStore.ts). */
export interface NotificationCertificateDoc {
  _id: ObjectId;
  tenantId: string;
  certificateId: string;
  certificatePem: string;
  privateKeySealed?: SealedPrivateKey;
  /** Plain text, as an earlier version stored it; sealed and removed when first read. */
  privateKeyPem?: string;
  createdAt: Date;
  notAfter: Date;
}

/** One received notification waiting for (or done with) processing: the durable queue between 202 and the store. */
export interface NotificationQueueDoc {
  _id: ObjectId;
  tenantId: string;
  kind: 'change' | 'lifecycle';
  changeType: string | null;
  lifecycleEvent: string | null;
  /** The decrypted aiInteraction (change notifications). */
  interaction: AiInteraction | null;
  /** The Graph id the notification names (`resourceData.id`), for a `deleted` one that carries no resource data. */
  resourceId?: string | null;
  status: 'pending' | 'processing' | 'done' | 'deferred' | 'skipped';
  attempts: number;
  receivedAt: Date;
  claimedAt: Date | null;
  processedAt: Date | null;
  note: string | null;
  /** A stored `created` item: ms from Graph's createdDateTime to stored. */
  lagMs?: number;
}

/** One counter change on one aggregate document (counters only: first/last times and sets are not undone). */
export interface CountChange {
  collection: AggregateCollection;
  _id: ObjectId;
  /** [field path, delta] pairs (field paths hold dots, which stored keys should not). */
  inc: [string, number][];
}

/**
 * An interaction Graph reported deleted: what it was (no text) and when, kept after the interaction itself is
 * removed, with the counters it had added and whether they were taken back. `_id` is the interaction's `_id`.
 */
export interface InteractionTombstoneDoc {
  _id: ObjectId;
  tenantId: string;
  userId: string | null;
  graphId: string;
  sessionId: string | null;
  interactionType: string | null;
  appKey: string | null;
  createdAt: Date | null;
  /** When the deleted notification was applied. */
  deletedAt: Date;
  /** Whether we had stored it (false: deleted before it reached us; nothing to correct). */
  wasStored: boolean;
  counts: CountChange[];
  /** Set once the counters were taken back (a crash before that is finished by the next attempt). */
  countsCorrectedAt: Date | null;
}

export interface RealtimeCollections {
  subscriptions: Collection<RealtimeSubscriptionDoc>;
  certificates: Collection<NotificationCertificateDoc>;
  queue: Collection<NotificationQueueDoc>;
  tombstones: Collection<InteractionTombstoneDoc>;
}

/** The realtime channel's collections, from the same Db as the rest of the store. */
export function realtimeCollections(db: Db): RealtimeCollections {
  return {
    subscriptions: db.collection<RealtimeSubscriptionDoc>('realtimeSubscriptions'),
    certificates: db.collection<NotificationCertificateDoc>('notificationCertificates'),
    queue: db.collection<NotificationQueueDoc>('notificationQueue'),
    tombstones: db.collection<InteractionTombstoneDoc>('interactionTombstones'),
  };
}

/** Settled queue entries are kept this long (to recognise a redelivery), then MongoDB's TTL monitor removes them. */
export const SETTLED_QUEUE_TTL_SECONDS = 2 * 24 * 60 * 60;

/** The worker claims by (tenantId, status, receivedAt); settled entries expire; certificates are read by tenant. */
export async function ensureRealtimeIndexes(c: RealtimeCollections): Promise<void> {
  await c.queue.createIndex({ tenantId: 1, status: 1, receivedAt: 1 }, { name: 'tenant_status_received' });
  // Pending entries have no processedAt (null), which a TTL index never expires.
  await c.queue.createIndex({ processedAt: 1 }, { name: 'settled_ttl', expireAfterSeconds: SETTLED_QUEUE_TTL_SECONDS });
  await c.certificates.createIndex({ tenantId: 1, createdAt: -1 }, { name: 'tenant_created' });
  await c.tombstones.createIndex({ tenantId: 1, deletedAt: -1 }, { name: 'tenant_deleted' });
}
