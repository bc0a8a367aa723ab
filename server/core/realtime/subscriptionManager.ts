import { randomBytes } from 'node:crypto';
import { GraphRequestError } from '../../errors';
import type { SubscriptionApi } from '../../graph/subscriptionClient';
import type { Logger } from '../../logger';
import type { RealtimeCollections, RealtimeSubscriptionDoc } from '../../store/realtimeCollections';
import type { NotificationCertificate } from './notificationCertificate';
import { subscriptionStateId } from './notificationIntake';

/** The tenant-wide resource (Microsoft Learn: "Get change notifications for Copilot AI interactions"). */
export const TENANT_INTERACTIONS_RESOURCE = '/copilot/interactionHistory/getAllEnterpriseInteractions';
/** Graph grants this resource at most 4,320 minutes; ask a little less so clock skew never makes it refuse. */
const LIFETIME_MINUTES = 4_200;
/** Renew once less than this is left (a day: a missed renewal has a whole day to be retried). */
const RENEW_BEFORE_MS = 24 * 60 * 60_000;

export interface SubscriptionManagerDeps {
  collections: RealtimeCollections;
  tenantId: string;
  api: SubscriptionApi;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  certificate: () => Promise<NotificationCertificate>;
  now: () => Date;
  logger: Logger;
}

/**
 * Keeps the tenant's one subscription alive: creates it (a fresh clientState each time), renews it when less than
 * a day is left, recreates it after Graph removed it or the URL or certificate changed. Call `ensure()` from one
 * owner at a time (the scheduled sync's instance, or the queue worker under the sync lease).
 */
export class SubscriptionManager {
  /** Whether this process has seen Graph confirm the stored subscription (Graph may have dropped it meanwhile). */
  private confirmed = false;

  constructor(private readonly deps: SubscriptionManagerDeps) {}

  async ensure(): Promise<RealtimeSubscriptionDoc> {
    const { collections, tenantId, now } = this.deps;
    const stored = await collections.subscriptions.findOne({ _id: subscriptionStateId(tenantId) });
    const state =
      stored?.status === 'reauthorizationRequired' && stored.subscriptionId ? await this.reauthorize(stored) : stored;
    const certificate = await this.deps.certificate();
    const current =
      state?.subscriptionId &&
      state.status === 'active' &&
      state.expiresAt &&
      state.expiresAt.getTime() > now().getTime() &&
      state.notificationUrl === this.deps.notificationUrl &&
      state.lifecycleNotificationUrl === this.deps.lifecycleNotificationUrl;
    if (current && !this.confirmed && !(await this.deps.api.get(state.subscriptionId!))) {
      this.deps.logger.warn(
        { subscriptionId: state.subscriptionId },
        'Graph no longer has our subscription: recreating it.',
      );
      return this.create(state, certificate);
    }
    this.confirmed = Boolean(current);
    if (current && state.certificateId !== certificate.id) {
      const rotated = await this.rotate(state, certificate);
      if (rotated) return rotated;
      return this.create(state, certificate);
    }
    if (current && state.expiresAt!.getTime() - now().getTime() > RENEW_BEFORE_MS) return state;
    if (current) {
      const renewed = await this.renew(state);
      if (renewed) return renewed;
    }
    return this.create(state, certificate);
  }

  /**
   * Graph's answer to `reauthorizationRequired`: POST /subscriptions/{id}/reauthorize keeps the subscription (its id,
   * clientState and expiry); one Graph no longer has (404) is recreated by the caller.
   */
  private async reauthorize(state: RealtimeSubscriptionDoc): Promise<RealtimeSubscriptionDoc> {
    try {
      await this.deps.api.reauthorize(state.subscriptionId!);
    } catch (error) {
      if (error instanceof GraphRequestError && error.graphStatus === 404) return { ...state, status: 'removed' };
      await this.save({ lastError: (error as Error).message });
      throw error;
    }
    this.deps.logger.info({ subscriptionId: state.subscriptionId }, 'Subscription reauthorized.');
    this.confirmed = true;
    return this.save({ status: 'active', reauthorizedAt: this.deps.now(), lastError: null });
  }

  /**
   * A new certificate (rotation): the subscription gets it by PATCH, with a fresh expiry, and keeps its id and
   * clientState. Notifications Graph encrypted for the old one before the switch still decrypt: its key stays
   * stored. Null when Graph no longer has the subscription or refuses the change (the caller recreates it).
   */
  private async rotate(
    state: RealtimeSubscriptionDoc,
    certificate: NotificationCertificate,
  ): Promise<RealtimeSubscriptionDoc | null> {
    try {
      const answer = await this.deps.api.update(state.subscriptionId!, {
        expirationDateTime: this.expiry().toISOString(),
        encryptionCertificate: certificate.certificateBase64,
        encryptionCertificateId: certificate.id,
      });
      this.deps.logger.info(
        { subscriptionId: state.subscriptionId, certificateId: certificate.id },
        'Notification certificate rotated.',
      );
      return this.save({
        certificateId: certificate.id,
        expiresAt: new Date(answer.expirationDateTime),
        renewedAt: this.deps.now(),
        lastError: null,
      });
    } catch (error) {
      if (error instanceof GraphRequestError && (error.graphStatus === 404 || error.graphStatus === 400)) return null;
      await this.save({ lastError: (error as Error).message });
      throw error;
    }
  }

  private async renew(state: RealtimeSubscriptionDoc): Promise<RealtimeSubscriptionDoc | null> {
    try {
      const answer = await this.deps.api.renew(state.subscriptionId!, this.expiry());
      this.deps.logger.info(
        { subscriptionId: state.subscriptionId, expiresAt: answer.expirationDateTime },
        'Subscription renewed.',
      );
      return this.save({ expiresAt: new Date(answer.expirationDateTime), renewedAt: this.deps.now(), lastError: null });
    } catch (error) {
      if (error instanceof GraphRequestError && error.graphStatus === 404) return null;
      await this.save({ lastError: (error as Error).message });
      throw error;
    }
  }

  private async create(
    state: RealtimeSubscriptionDoc | null,
    certificate: NotificationCertificate,
  ): Promise<RealtimeSubscriptionDoc> {
    const clientState = randomBytes(32).toString('base64url');
    // The notification may arrive during the create (Graph validates first): store the secret before asking.
    await this.save({
      clientState,
      status: 'failed',
      certificateId: certificate.id,
      notificationUrl: this.deps.notificationUrl,
      lifecycleNotificationUrl: this.deps.lifecycleNotificationUrl,
    });
    if (state?.subscriptionId) await this.removeQuietly(state.subscriptionId);
    const body = {
      changeType: 'created,updated,deleted',
      notificationUrl: this.deps.notificationUrl,
      lifecycleNotificationUrl: this.deps.lifecycleNotificationUrl,
      resource: TENANT_INTERACTIONS_RESOURCE,
      expirationDateTime: this.expiry().toISOString(),
      clientState,
      includeResourceData: true,
      encryptionCertificate: certificate.certificateBase64,
      encryptionCertificateId: certificate.id,
    };
    let created;
    try {
      created = await this.deps.api.create(body);
    } catch (error) {
      // One tenant-wide subscription per app: one we lost track of (a wiped database) holds the quota.
      if (!(error instanceof GraphRequestError && error.graphStatus === 403)) throw await this.failed(error);
      const stale = (await this.deps.api.list()).filter(
        (s) => s.resource.toLowerCase().replace(/\(\)$/, '') === TENANT_INTERACTIONS_RESOURCE.toLowerCase(),
      );
      if (stale.length === 0) throw await this.failed(error);
      for (const s of stale) await this.removeQuietly(s.id);
      created = await this.deps.api
        .create(body)
        .catch(async (retry: unknown) => Promise.reject(await this.failed(retry)));
    }
    this.deps.logger.info(
      { subscriptionId: created.id, expiresAt: created.expirationDateTime },
      'Subscribed to Copilot interaction notifications.',
    );
    return this.save({
      subscriptionId: created.id,
      status: 'active',
      expiresAt: new Date(created.expirationDateTime),
      createdAt: this.deps.now(),
      renewedAt: null,
      lastError: null,
    });
  }

  private async failed(error: unknown): Promise<unknown> {
    await this.save({ subscriptionId: null, status: 'failed', lastError: (error as Error).message });
    this.deps.logger.warn({ err: error }, 'Could not subscribe to Copilot interaction notifications.');
    return error;
  }

  private async removeQuietly(id: string): Promise<void> {
    await this.deps.api.remove(id).catch((error: unknown) =>
      // Already gone (expired, removed by Graph): nothing to undo.
      this.deps.logger.info({ err: error, subscriptionId: id }, 'An old subscription could not be deleted.'),
    );
  }

  private expiry(): Date {
    return new Date(this.deps.now().getTime() + LIFETIME_MINUTES * 60_000);
  }

  private async save(fields: Partial<RealtimeSubscriptionDoc>): Promise<RealtimeSubscriptionDoc> {
    const { collections, tenantId } = this.deps;
    const saved = await collections.subscriptions.findOneAndUpdate(
      { _id: subscriptionStateId(tenantId) },
      {
        $set: fields,
        $setOnInsert: {
          tenantId,
          ...(fields.subscriptionId === undefined ? { subscriptionId: null } : {}),
          ...(fields.expiresAt === undefined ? { expiresAt: null } : {}),
          ...(fields.createdAt === undefined ? { createdAt: null } : {}),
          ...(fields.renewedAt === undefined ? { renewedAt: null } : {}),
          ...(fields.reauthorizedAt === undefined ? { reauthorizedAt: null } : {}),
          ...(fields.lastError === undefined ? { lastError: null } : {}),
          lastNotificationAt: null,
          notificationsReceived: 0,
        },
      },
      { upsert: true, returnDocument: 'after' },
    );
    return saved!;
  }
}
