import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { AiInteraction } from '../types';
import { encryptResourceData } from './notificationEncryption';
import { WebhookDelivery, type DeliveryRecord } from './webhookDelivery';
import {
  checkExpiration,
  parseCreateRequest,
  readCertificate,
  SubscriptionError,
  type SubscriptionRequest,
} from './subscriptionRules';

/** A subscription as Graph returns it (the certificate itself is never echoed back). */
export interface SimSubscription extends Omit<SubscriptionRequest, 'expirationDateTime'> {
  id: string;
  applicationId: string;
  creatorId: string;
  expirationDateTime: string;
  /** Set by a `reauthorizationRequired` event; cleared by POST …/reauthorize (or a renewal, which also reauthorizes). */
  reauthorizationRequired?: boolean;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export type { DeliveryFaults, DeliveryRecord } from './webhookDelivery';

export interface SubscriptionHubOptions {
  tenantId: string;
  now: () => Date;
  logger: Logger;
  /** Signs validation tokens with the tenant's published key. */
  signClaims: (claims: Record<string, unknown>) => Promise<string>;
  /** How long a subscriber has to echo the validation token (Graph: 10 seconds). */
  validationTimeoutMs?: number;
  /** How the handshake and notifications reach subscribers (default: the global fetch). */
  fetch?: typeof fetch;
}

/** The first-party app Graph's change tracking runs as: `azp`/`appid` of every validation token. */
export const CHANGE_TRACKING_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';

/**
 * The simulator's change-notification service for Copilot interactions: subscriptions per app (one tenant-wide
 * subscription per app, as Graph's quota allows), the validation handshake, encrypted notifications for new
 * activity and lifecycle events on demand. In memory, like the rest of the simulator.
 */
export class SubscriptionHub {
  private readonly subscriptions = new Map<string, SimSubscription>();
  /** Posts to subscribers: Graph's retries and the faults the control API sets. */
  readonly delivery: WebhookDelivery;
  /** How many reauthorize calls succeeded (the control API shows it). */
  reauthorizations = 0;

  constructor(private readonly options: SubscriptionHubOptions) {
    this.delivery = new WebhookDelivery({
      logger: options.logger,
      now: options.now,
      isLive: (id) => this.live().some((s) => s.id === id),
      fetch: options.fetch,
    });
  }

  /** Every POST made to subscribers (the latest 1,000). */
  get deliveries(): readonly DeliveryRecord[] {
    return this.delivery.records;
  }

  /** Stops pending retries and delayed deliveries. */
  close(): void {
    this.delivery.close();
  }

  list(appId: string): SimSubscription[] {
    this.expire();
    return [...this.subscriptions.values()].filter((s) => s.applicationId === appId);
  }

  get(id: string, appId: string): SimSubscription {
    this.expire();
    const found = this.subscriptions.get(id);
    if (!found || found.applicationId !== appId)
      throw new SubscriptionError(404, 'ResourceNotFound', `The object was not found.`);
    return found;
  }

  /** POST /subscriptions: rules, quota, then the handshake on both URLs; 201 body. */
  async create(body: unknown, appId: string, servicePrincipalId: string): Promise<SimSubscription> {
    const request = parseCreateRequest(body, this.options.now());
    if (this.list(appId).some((s) => s.resource.toLowerCase() === request.resource.toLowerCase()))
      throw new SubscriptionError(
        403,
        'ExtensionError',
        'Operation: Create; Exception: [Status Code: Forbidden; Reason: Subscription quota exceeded: an application can have only one tenant-wide subscription to this resource.]',
      );
    await this.validateEndpoint(request.notificationUrl);
    if (request.lifecycleNotificationUrl) await this.validateEndpoint(request.lifecycleNotificationUrl);
    const subscription: SimSubscription = {
      ...request,
      id: randomUUID(),
      applicationId: appId,
      creatorId: servicePrincipalId,
      expirationDateTime: request.expirationDateTime.toISOString(),
    };
    this.subscriptions.set(subscription.id, subscription);
    this.options.logger.info({ subscriptionId: subscription.id }, 'Graph simulator subscription created.');
    return subscription;
  }

  /** PATCH: Graph renews by a new `expirationDateTime` (the same limits as on create). */
  update(id: string, body: unknown, appId: string): SimSubscription {
    const found = this.get(id, appId);
    const b = (body ?? {}) as Record<string, unknown>;
    const certificate = b.encryptionCertificate ?? b.encryptionCertificateId;
    if (b.expirationDateTime === undefined && certificate === undefined)
      throw new SubscriptionError(400, 'InvalidRequest', 'Nothing to update.');
    if (certificate !== undefined) {
      // A rotated certificate: both together, and a certificate Graph can encrypt for.
      if (typeof b.encryptionCertificate !== 'string' || typeof b.encryptionCertificateId !== 'string')
        throw new SubscriptionError(
          400,
          'InvalidRequest',
          'encryptionCertificate and encryptionCertificateId must be updated together.',
        );
      readCertificate(b.encryptionCertificate);
      found.encryptionCertificate = b.encryptionCertificate;
      found.encryptionCertificateId = b.encryptionCertificateId;
    }
    if (b.expirationDateTime !== undefined)
      found.expirationDateTime = checkExpiration(
        b.expirationDateTime,
        this.options.now(),
        found.lifecycleNotificationUrl !== null,
      ).toISOString();
    found.reauthorizationRequired = false;
    return found;
  }

  /** POST /subscriptions/{id}/reauthorize: Graph answers 204 and the subscription keeps its id and expiry. */
  reauthorize(id: string, appId: string): void {
    const found = this.get(id, appId);
    found.reauthorizationRequired = false;
    this.reauthorizations += 1;
  }

  delete(id: string, appId: string): void {
    this.get(id, appId);
    this.subscriptions.delete(id);
  }

  /**
   * Sends notifications of one change type for these interactions to every live subscription that asked for it;
   * never throws. Each POST is retried as Graph retries (see webhookDelivery.ts), with the faults set.
   */
  async deliver(interactions: readonly AiInteraction[], changeType = 'created'): Promise<void> {
    const delivery = this.delivery;
    for (const subscription of this.live()) {
      if (!subscription.changeType.split(',').includes(changeType) || interactions.length === 0) continue;
      try {
        if (delivery.take('lose')) {
          delivery.record(subscription.id, 'notification', interactions.length, 'lost');
          continue;
        }
        const body = await this.envelope(subscription, interactions, changeType);
        if (delivery.take('corruptSignature')) corruptSignatures(body);
        const times = delivery.take('duplicate') ? 2 : 1;
        await delivery.send(subscription.id, subscription.notificationUrl, body, interactions.length, times);
      } catch (error) {
        this.options.logger.warn({ err: error, subscriptionId: subscription.id }, 'Could not deliver notifications.');
        delivery.record(subscription.id, 'notification', interactions.length, 'unreachable');
      }
    }
  }

  /** Sends a lifecycle event to the subscription's lifecycle URL (`subscriptionRemoved` also removes it). */
  async lifecycle(id: string, event: LifecycleEvent): Promise<DeliveryRecord> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new SubscriptionError(404, 'ResourceNotFound', 'The object was not found.');
    if (!subscription.lifecycleNotificationUrl)
      throw new SubscriptionError(400, 'InvalidRequest', 'The subscription has no lifecycleNotificationUrl.');
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (event === 'reauthorizationRequired') subscription.reauthorizationRequired = true;
    const body = {
      value: [
        {
          subscriptionId: id,
          subscriptionExpirationDateTime: subscription.expirationDateTime,
          tenantId: this.options.tenantId,
          clientState: subscription.clientState,
          lifecycleEvent: event,
        },
      ],
    };
    const status = await this.delivery.post(subscription.lifecycleNotificationUrl, body);
    return this.delivery.record(id, 'lifecycle', 1, status);
  }

  /** Every live subscription, whichever app made it (delivery and the control API). */
  live(): SimSubscription[] {
    this.expire();
    return [...this.subscriptions.values()];
  }

  private expire(): void {
    const now = this.options.now().getTime();
    for (const [id, s] of this.subscriptions)
      if (Date.parse(s.expirationDateTime) <= now) this.subscriptions.delete(id);
  }

  private async envelope(
    subscription: SimSubscription,
    interactions: readonly AiInteraction[],
    changeType: string,
  ): Promise<Record<string, unknown>> {
    const certificate = subscription.includeResourceData ? readCertificate(subscription.encryptionCertificate!) : null;
    const value = interactions.map((interaction) => {
      const resource = `copilot/interactionHistory/interactions('${interaction.id}')`;
      return {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        changeType,
        resource,
        resourceData: { id: interaction.id, '@odata.type': '#Microsoft.Graph.aiInteraction', '@odata.id': resource },
        clientState: subscription.clientState,
        tenantId: this.options.tenantId,
        ...(certificate
          ? {
              encryptedContent: encryptResourceData(
                JSON.stringify(interaction),
                certificate,
                subscription.encryptionCertificateId!,
              ),
            }
          : {}),
      };
    });
    if (!certificate) return { value };
    // One token per app and tenant in the batch (Microsoft Learn: changeNotificationCollection).
    const token = await this.options.signClaims({
      iss: `https://sts.windows.net/${this.options.tenantId}/`,
      aud: subscription.applicationId,
      azp: CHANGE_TRACKING_APP_ID,
      appid: CHANGE_TRACKING_APP_ID,
      tid: this.options.tenantId,
      ver: '1.0',
    });
    return { value, validationTokens: [token] };
  }

  /** The handshake: POST `?validationToken=…`, which must come back as text/plain with 200 within 10 seconds. */
  private async validateEndpoint(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.options.validationTimeoutMs ?? 10_000),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new SubscriptionError(400, 'InvalidRequest', 'Subscription validation request timed out.');
      throw new SubscriptionError(
        400,
        'InvalidRequest',
        'Subscription validation request failed. Unreachable endpoint.',
      );
    }
    const text = await response.text().catch(() => '');
    const plain = (response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
    if (response.status !== 200 || text !== token || !plain)
      throw new SubscriptionError(
        400,
        'InvalidRequest',
        `Subscription validation request failed. Notification endpoint must respond with 200 OK and the validationToken as text/plain (got ${response.status}).`,
      );
  }
}

function corruptSignatures(body: Record<string, unknown>): void {
  for (const item of body.value as Array<{ encryptedContent?: { dataSignature: string } }>) {
    if (!item.encryptedContent) continue;
    const signature = Buffer.from(item.encryptedContent.dataSignature, 'base64');
    signature[0] = (signature[0] ?? 0) ^ 0xff;
    item.encryptedContent.dataSignature = signature.toString('base64');
  }
}
