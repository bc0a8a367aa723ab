import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationWorker, type NotificationWorkerDeps } from '../../server/core/realtime/notificationWorker';
import { ensureNotificationCertificate, loadNotificationSealKey } from '../../server/core/realtime/certificateStore';
import type { NotificationCertificate } from '../../server/core/realtime/notificationCertificate';
import { SubscriptionManager } from '../../server/core/realtime/subscriptionManager';
import { createSubscriptionClient } from '../../server/graph/subscriptionClient';
import { createTokenProvider } from '../../server/graph/tokenProvider';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';
import {
  ensureRealtimeIndexes,
  realtimeCollections,
  type RealtimeCollections,
  type RealtimeSubscriptionDoc,
} from '../../server/store/realtimeCollections';
import { startAppHarness, type AppHarness } from './appHarness';
import {
  actualAggregates,
  actualDayTotals,
  actualSites,
  actualSourceMonths,
  expectedDayTotals,
  expectedFrom,
  expectedSites,
  expectedSourceMonths,
  storedRows,
  type TruthRow,
} from './groundTruth';

/** A subscribed app harness: the subscription made through the simulator's real handshake, a worker, the control API. */
export interface RealtimeHarness {
  collections: RealtimeCollections;
  manager: SubscriptionManager;
  state: RealtimeSubscriptionDoc;
  worker: NotificationWorker;
  /** A manager as another instance builds it: same database, Graph and URLs, nothing in memory from this one. */
  newManager(): SubscriptionManager;
  /** Another worker on the same queue (a second process), with overrides. */
  newWorker(overrides?: Partial<NotificationWorkerDeps>): NotificationWorker;
  /** The simulator's `/_simulator` control API. */
  control(path: string, method: string, body?: unknown): Promise<Response>;
  /** Adds one session of the given prompts (each answered) for a user; its Graph ids by turn. */
  addTurns(userId: string, prompts: string[]): Promise<{ ids: string[]; sessionId: string }>;
  waitFor(condition: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** How many notifications wait in the queue. */
  pending(): Promise<number>;
  /** Waits until `count` notifications wait in the queue, then drains it with the harness's worker. */
  drainAfter(count: number, timeoutMs?: number): ReturnType<NotificationWorker['drain']>;
}

/** An app harness over a 10-user simulated tenant, subscribed to its change notifications (the realtime suites'). */
export async function startSubscribedHarness(): Promise<{ harness: AppHarness; rt: RealtimeHarness }> {
  const harness = await startAppHarness({ userCount: 10 });
  return { harness, rt: await subscribeHarness(harness) };
}

/**
 * The store holds exactly Graph's interactions since the oldest one stored (the harness's sync reads a backfill
 * window, not all history), each with Graph's text, and every aggregate, the per-site counts included, is what
 * that ground truth gives.
 */
export async function expectStoreEqualsGraph(harness: AppHarness): Promise<void> {
  const store = harness.testStore.store;
  const { tenantId } = harness.graph.tenant;
  const stored = await storedRows(store, tenantId);
  const oldest = await store.interactions.find({ tenantId }).sort({ createdAt: 1 }).limit(1).next();
  const truth = [...harness.graph.tenant.groundTruth({ after: new Date(oldest!.createdAt.getTime() - 1) })];
  const key = (r: TruthRow) => `${r.userId}|${r.interaction.id}`;
  expect(stored.map(key).sort()).toEqual(truth.map(key).sort());
  const texts = new Map(stored.map((r) => [key(r), r.interaction.body?.content]));
  for (const r of truth) expect([key(r), texts.get(key(r))]).toEqual([key(r), r.interaction.body?.content]);
  expect(await actualAggregates(store, tenantId)).toEqual(expectedFrom(truth));
  expect(await actualSites(store, tenantId)).toEqual(expectedSites(truth));
  expect(await actualSourceMonths(store, tenantId)).toEqual(await expectedSourceMonths(store, tenantId));
  expect(await actualDayTotals(store, tenantId)).toEqual(expectedDayTotals(truth));
}

/** Subscribes `harness`'s app (at `baseUrl`, or a relay in front of it) to the simulator's notifications. */
export async function subscribeHarness(harness: AppHarness, baseUrl = harness.baseUrl): Promise<RealtimeHarness> {
  const { tenant, simulator, cert } = harness.graph;
  const httpFetch = createFetch({ extraCaPem: cert });
  const collections = realtimeCollections(harness.testStore.store.db);
  await ensureRealtimeIndexes(collections);
  const tokens = createTokenProvider({
    tenantId: tenant.tenantId,
    clientId: tenant.app.clientId,
    clientSecret: tenant.app.clientSecret,
    authorityHost: simulator.authorityHost,
    fetch: httpFetch,
    logger: createSilentLogger(),
  });
  const newManager = () =>
    new SubscriptionManager({
      collections,
      tenantId: tenant.tenantId,
      api: createSubscriptionClient({ graphBaseUrl: simulator.graphBaseUrl, tokens, fetch: httpFetch }),
      notificationUrl: `${baseUrl}/api/notifications`,
      lifecycleNotificationUrl: `${baseUrl}/api/notifications/lifecycle`,
      certificate: harnessCertificate(harness, collections),
      now: harness.ctx.now,
      logger: createSilentLogger(),
    });
  const manager = newManager();
  const state = await manager.ensure();
  const newWorker = (overrides: Partial<NotificationWorkerDeps> = {}) =>
    new NotificationWorker({
      store: harness.testStore.store,
      collections,
      tenantId: tenant.tenantId,
      now: harness.ctx.now,
      logger: createSilentLogger(),
      riskHashKey: randomBytes(32),
      instanceId: `realtime-test-${randomBytes(4).toString('hex')}`,
      onMissed: async () => undefined,
      ...overrides,
    });
  const worker = newWorker();
  const pending = () => collections.queue.countDocuments({ status: 'pending' });
  const control = (path: string, method: string, body?: unknown) =>
    httpFetch(`${simulator.origin}/_simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    collections,
    manager,
    newManager,
    state,
    worker,
    newWorker,
    control,
    addTurns: async (userId, prompts) => {
      const turns = prompts.map((prompt) => ({ prompt, response: `Answer to: ${prompt}` }));
      const answer = await control('/activity', 'POST', { userId, turns });
      if (answer.status !== 201) throw new Error(`adding activity failed: ${answer.status}`);
      const body = (await answer.json()) as { ids: string[]; interactions: Array<{ sessionId: string }> };
      return { ids: body.ids, sessionId: body.interactions[0]!.sessionId };
    },
    waitFor,
    pending,
    drainAfter: async (count, timeoutMs) => {
      await waitFor(async () => (await pending()) >= count, timeoutMs);
      return worker.drain();
    },
  };
}

/** The app's certificate source: sealed with the key the app's webhook opens it with (from its configuration). */
export function harnessCertificate(
  harness: AppHarness,
  collections: RealtimeCollections,
): () => Promise<NotificationCertificate> {
  const { config } = harness;
  const sealKey = loadNotificationSealKey({
    configuredKey: config.STATE_SIGNING_KEY,
    dataDir: config.DATA_DIR,
    mode: config.mode,
  });
  return async () =>
    ensureNotificationCertificate({
      collections,
      tenantId: harness.graph.tenant.tenantId,
      now: harness.ctx.now,
      sealKey: await sealKey,
    });
}

/** Polls `condition` every 25 ms until it holds (or fails after `timeoutMs`). */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Recorded {
  path: string;
  body: string;
}

/**
 * Stands between the simulator and the app on loopback: forwards every request unchanged and keeps a copy of each
 * notification body, so a test can replay or tamper with exactly what Graph sent.
 */
export class RecordingRelay {
  readonly recorded: Recorded[] = [];
  private readonly server: Server;
  url = '';

  constructor(private readonly target: string) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!req.url?.includes('validationToken=')) this.recorded.push({ path: req.url ?? '', body });
        void fetch(`${this.target}${req.url}`, {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          body: body || undefined,
        }).then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
          res.end(await answer.text());
        });
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
