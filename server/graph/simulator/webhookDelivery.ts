import type { Logger } from '../../logger';

/**
 * Delivery faults, each for the next N notification POSTs: `lose` never sends (the subscriber must recover by
 * polling), `duplicate` sends twice, `corruptSignature` flips a byte of each item's dataSignature (a forgery in
 * transit), `outOfOrder` holds a delivery back until the one after it has been sent (or `delayMs` has passed),
 * `delay` sends it `delayMs` late, `unreachable` makes the next N attempts fail as an endpoint that cannot be reached
 * would (retries included, so a count above the retries left ends in a drop).
 */
export interface DeliveryFaults {
  lose: number;
  duplicate: number;
  corruptSignature: number;
  outOfOrder: number;
  delay: number;
  unreachable: number;
}

export type DeliveryFaultName = keyof DeliveryFaults;
export const DELIVERY_FAULT_NAMES: readonly DeliveryFaultName[] = [
  'lose',
  'duplicate',
  'corruptSignature',
  'outOfOrder',
  'delay',
  'unreachable',
];

/**
 * How a failed delivery is retried. Microsoft Learn ("Receive change notifications through webhooks"): without a 2xx
 * answer in time, Graph resends the notification at exponential back-off intervals for up to 4 hours, then discards
 * it; a throttled endpoint's failed notifications are retried after 10 minutes. The first interval is not
 * documented: one minute here.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const GRAPH_RETRY_POLICY: RetryPolicy = { firstDelayMs: 60_000, maxDelayMs: 600_000, windowMs: 4 * 3_600_000 };
/** Graph sends a slow endpoint's new notifications with a 10-second delay (Microsoft Learn, webhooks throttling). */
export const GRAPH_SLOW_ENDPOINT_DELAY_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 10_000;

export type DeliveryStatus = number | 'unreachable' | 'lost' | 'held' | 'delayed' | 'dropped';

/** One POST the simulator made (or chose not to make) to a subscriber, for tests and the demo. */
export interface DeliveryRecord {
  subscriptionId: string;
  kind: 'notification' | 'lifecycle';
  items: number;
  status: DeliveryStatus;
  /** 0 for the first attempt, then one more per retry. */
  attempt: number;
  at: string;
}

export interface WebhookDeliveryOptions {
  logger: Logger;
  now: () => Date;
  /** Whether the subscription still exists (a retry for a deleted or expired one is not sent). */
  isLive: (subscriptionId: string) => boolean;
  /** How POSTs reach subscribers (default: the global fetch). */
  fetch?: typeof fetch;
}

interface Held {
  send: () => Promise<void>;
  sent: boolean;
}

/** Posts notification bodies to subscribers with Graph's retries and the faults a test asks for. */
export class WebhookDelivery {
  readonly records: DeliveryRecord[] = [];
  readonly faults: DeliveryFaults = {
    lose: 0,
    duplicate: 0,
    corruptSignature: 0,
    outOfOrder: 0,
    delay: 0,
    unreachable: 0,
  };
  retry: RetryPolicy = { ...GRAPH_RETRY_POLICY };
  delayMs = GRAPH_SLOW_ENDPOINT_DELAY_MS;
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: Held[] = [];
  private closed = false;

  constructor(private readonly options: WebhookDeliveryOptions) {}

  /** Consumes one of the next-N fault counts; true when this delivery gets it. */
  take(fault: DeliveryFaultName): boolean {
    if (this.faults[fault] <= 0) return false;
    this.faults[fault] -= 1;
    return true;
  }

  /**
   * Sends one notification body (`times` copies), applying the ordering faults; resolves once the first attempts are
   * made (retries follow on timers).
   */
  async send(subscriptionId: string, url: string, body: unknown, items: number, times: number): Promise<void> {
    const send = async () => {
      for (let i = 0; i < times; i += 1) await this.attempt(subscriptionId, url, body, items, 0, 0);
    };
    if (this.take('outOfOrder')) {
      const held: Held = { send, sent: false };
      this.held.push(held);
      this.record(subscriptionId, 'notification', items, 'held', 0);
      this.later(this.delayMs, () => this.release([held]));
      return;
    }
    if (this.take('delay')) {
      this.record(subscriptionId, 'notification', items, 'delayed', 0);
      this.later(this.delayMs, send);
      return;
    }
    await send();
    const overtaken = this.held;
    this.held = [];
    await this.release(overtaken);
  }

  /** Records a POST made outside the retry machinery (lifecycle events). */
  record(
    subscriptionId: string,
    kind: DeliveryRecord['kind'],
    items: number,
    status: DeliveryStatus,
    attempt = 0,
  ): DeliveryRecord {
    const entry = { subscriptionId, kind, items, status, attempt, at: this.options.now().toISOString() };
    this.records.push(entry);
    if (this.records.length > 1000) this.records.shift();
    return entry;
  }

  /** One POST; its status, or 'unreachable' when no HTTP answer came (refused, reset, timed out). */
  async post(url: string, body: unknown): Promise<number | 'unreachable'> {
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch (error) {
      this.options.logger.debug({ err: error, url }, 'A notification POST got no answer.');
      return 'unreachable';
    }
  }

  /** Stops every pending retry, delayed and held delivery (the simulator is closing). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
  }

  private async attempt(
    subscriptionId: string,
    url: string,
    body: unknown,
    items: number,
    attempt: number,
    waitedMs: number,
  ): Promise<void> {
    if (this.closed) return;
    if (attempt > 0 && !this.options.isLive(subscriptionId)) {
      this.record(subscriptionId, 'notification', items, 'dropped', attempt);
      return;
    }
    const status = this.take('unreachable') ? 'unreachable' : await this.post(url, body);
    this.record(subscriptionId, 'notification', items, status, attempt);
    if (typeof status === 'number' && status >= 200 && status < 300) return;
    const wait = Math.min(this.retry.firstDelayMs * 2 ** attempt, this.retry.maxDelayMs);
    if (waitedMs + wait > this.retry.windowMs) {
      this.options.logger.warn({ subscriptionId, attempts: attempt + 1 }, 'Graph simulator dropped a notification.');
      this.record(subscriptionId, 'notification', items, 'dropped', attempt + 1);
      return;
    }
    this.later(wait, () => this.attempt(subscriptionId, url, body, items, attempt + 1, waitedMs + wait));
  }

  private async release(held: Held[]): Promise<void> {
    for (const entry of held) {
      if (entry.sent) continue;
      entry.sent = true;
      this.held = this.held.filter((h) => h !== entry);
      await entry.send();
    }
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'A delayed notification delivery failed.'),
      );
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
