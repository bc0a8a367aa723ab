import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../server/appContext';
import { createConsentCallbackRouter } from '../../server/connect/consentCallbackRouter';
import type { ConsentSwitches } from '../../server/graph/simulator/consentRoutes';
import { createSetupRouter } from '../../server/connect/setupRouter';
import { createApp } from '../../server/createApp';
import { createFetch } from '../../server/graph/trustedFetch';
import { startAppHarness, type AppHarness, type AppHarnessOptions } from '../support/appHarness';

export const STATE_KEY = 'test-state-signing-key-0123456789-abcdefghijklmnop';

export interface CallbackReply {
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
}

export interface ConnectHarness {
  h: AppHarness;
  /** `http://127.0.0.1:PORT` of an app with the connect routers and a clock the test moves. */
  baseUrl: string;
  clock: { now: Date; advance(ms: number): void };
  /** Headers of an admin request (a Teams SSO token for the admin user). */
  adminHeaders(): Promise<Record<string, string>>;
  api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** POST /api/setup/connect -> the admin-consent URL. */
  startConnect(ui?: 'redirect' | 'popup'): Promise<string>;
  /** Visits the consent URL at the simulated Entra: the query Entra redirects back with (or its error page). */
  visitConsent(
    url: string,
  ): Promise<{ status: number; redirectQuery: URLSearchParams | null; redirectTo: string | null; text: string }>;
  /** GET /auth/consent/callback with that query, as the browser would after Entra's redirect. */
  callback(query: URLSearchParams | string): Promise<CallbackReply>;
  /** The whole round trip: connect, consent page, callback. */
  connectRoundTrip(ui?: 'redirect' | 'popup'): Promise<{ query: URLSearchParams; reply: CallbackReply }>;
  simulator(switches: Partial<ConsentSwitches> & { reset?: boolean }): Promise<ConsentSwitches>;
  close(): Promise<void>;
}

/**
 * The app harness (real MongoDB, the Graph simulator over HTTPS, real auth) plus an app serving only the connect
 * routers on a clock the test controls, so states can expire.
 */
export async function startConnectHarness(options: AppHarnessOptions = {}): Promise<ConnectHarness> {
  const h = await startAppHarness({
    sync: false,
    userCount: 12,
    ...options,
    env: { STATE_SIGNING_KEY: STATE_KEY, ...options.env },
  });
  const clock = {
    now: new Date(h.ctx.now()),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const ctx: AppContext = { ...h.ctx, now: () => new Date(clock.now) };
  const overrides = { verifyAttempts: 2, verifyDelayMs: 0 };
  const app = createApp(ctx, [
    { path: '/auth/consent', router: createConsentCallbackRouter(ctx, overrides) },
    { path: '/api/setup', router: createSetupRouter(ctx, overrides) },
  ]);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulatorFetch = createFetch({ extraCaPem: h.graph.cert });

  const adminHeaders = async () => ({ Authorization: `Bearer ${await h.tokens.admin()}` });
  const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(await adminHeaders()), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const startConnect = async (ui?: 'redirect' | 'popup') => {
    const reply = await api<{ url: string }>('POST', '/api/setup/connect', ui ? { ui } : {});
    if (reply.status !== 200) throw new Error(`connect failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.url;
  };
  const visitConsent = async (url: string) => {
    const response = await simulatorFetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    return {
      status: response.status,
      redirectTo: location,
      redirectQuery: location ? new URL(location).searchParams : null,
      text: await response.text(),
    };
  };
  const callback = async (query: URLSearchParams | string): Promise<CallbackReply> => {
    const response = await fetch(`${baseUrl}/auth/consent/callback?${query.toString()}`, { redirect: 'manual' });
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
      headers: response.headers,
    };
  };
  const simulator = async (switches: Partial<ConsentSwitches> & { reset?: boolean }) => {
    const response = await simulatorFetch(`${h.graph.simulator.origin}/_simulator/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(switches),
    });
    if (response.status !== 200)
      throw new Error(`simulator switch failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as ConsentSwitches;
  };
  return {
    h,
    baseUrl,
    clock,
    adminHeaders,
    api,
    startConnect,
    visitConsent,
    callback,
    async connectRoundTrip(ui) {
      const visit = await visitConsent(await startConnect(ui));
      if (!visit.redirectQuery) throw new Error(`the consent page did not redirect: ${visit.status} ${visit.text}`);
      return { query: visit.redirectQuery, reply: await callback(visit.redirectQuery) };
    },
    simulator,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
    },
  };
}
