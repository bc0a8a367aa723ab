import { GraphRequestError } from '../errors';
import type { AccessTokenProvider } from './tokenProvider';

/** The subscription as Graph answers it (the fields we use). */
export interface GraphSubscription {
  id: string;
  resource: string;
  expirationDateTime: string;
  clientState?: string | null;
}

/** Graph's `/subscriptions` (Microsoft Learn: "Create subscription", "Update subscription", "Delete subscription"). */
export interface SubscriptionApi {
  create(body: Record<string, unknown>): Promise<GraphSubscription>;
  /** The subscription, or null when Graph no longer has it. */
  get(id: string): Promise<GraphSubscription | null>;
  renew(id: string, expirationDateTime: Date): Promise<GraphSubscription>;
  /** PATCH with other properties too (a new `encryptionCertificate` and `encryptionCertificateId` on rotation). */
  update(id: string, body: Record<string, unknown>): Promise<GraphSubscription>;
  /** `POST /subscriptions/{id}/reauthorize`, the answer to a `reauthorizationRequired` lifecycle event. */
  reauthorize(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  list(): Promise<GraphSubscription[]>;
}

export interface SubscriptionClientOptions {
  graphBaseUrl: string;
  tokens: AccessTokenProvider;
  fetch: typeof fetch;
}

/**
 * `/v1.0/subscriptions` over plain fetch with the sync's app-only tokens. Creating one makes Graph call our webhook
 * for the handshake before it answers, so calls get a generous timeout; Graph's errors become GraphRequestError.
 */
export function createSubscriptionClient(options: SubscriptionClientOptions): SubscriptionApi {
  const base = `${options.graphBaseUrl.replace(/\/+$/, '')}/v1.0/subscriptions`;
  const call = async (method: string, url: string, body?: unknown): Promise<unknown> => {
    const { accessToken } = await options.tokens.getToken();
    const response = await options.fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = `Graph answered ${response.status} to ${method} /subscriptions.`;
      let graphCode = 'unknown';
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (parsed.error?.message) message = parsed.error.message;
        graphCode = parsed.error?.code ?? graphCode;
      } catch {
        // Not JSON (a proxy's page): the status says enough.
      }
      throw new GraphRequestError({ status: response.status, graphCode, message, url });
    }
    return text ? (JSON.parse(text) as unknown) : null;
  };
  return {
    create: async (body) => (await call('POST', base, body)) as GraphSubscription,
    get: async (id) => {
      try {
        return (await call('GET', `${base}/${encodeURIComponent(id)}`)) as GraphSubscription;
      } catch (error) {
        if (error instanceof GraphRequestError && error.graphStatus === 404) return null;
        throw error;
      }
    },
    renew: async (id, expiry) =>
      (await call('PATCH', `${base}/${encodeURIComponent(id)}`, {
        expirationDateTime: expiry.toISOString(),
      })) as GraphSubscription,
    update: async (id, body) => (await call('PATCH', `${base}/${encodeURIComponent(id)}`, body)) as GraphSubscription,
    reauthorize: async (id) => {
      await call('POST', `${base}/${encodeURIComponent(id)}/reauthorize`);
    },
    remove: async (id) => {
      await call('DELETE', `${base}/${encodeURIComponent(id)}`);
    },
    list: async () => ((await call('GET', base)) as { value: GraphSubscription[] }).value,
  };
}
