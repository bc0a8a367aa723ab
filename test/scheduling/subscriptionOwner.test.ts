import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { interactionId } from '../../server/core/sync/interactionMapper';
import { createFetch } from '../../server/graph/trustedFetch';
import type { RealtimeSubscriptionDoc } from '../../server/store/realtimeCollections';
import { startGraphHarness, testCertificate, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';
import { listeningUrl, simulatedTenantEnv, startServerProcess, type ServerProcess } from './serverProcess';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The public https endpoint in front of the instances, as a load balancer would be: round robin, and a backend that
 * does not answer is skipped (its process was killed). Uses the simulator's certificate, which the simulator trusts.
 */
class Balancer {
  readonly backends: string[] = [];
  private next = 0;
  private readonly server: Server;
  url = '';

  constructor(tls: { cert: string; key: string }) {
    this.server = createServer(tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        void this.forward(req.method ?? 'POST', req.url ?? '/', req.headers['content-type'], body).then((answer) => {
          res.writeHead(answer.status, { 'content-type': answer.type });
          res.end(answer.text);
        });
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(method: string, url: string, type: string | undefined, body: Buffer) {
    for (let tried = 0; tried < this.backends.length; tried += 1) {
      const backend = this.backends[this.next++ % this.backends.length]!;
      try {
        const answer = await fetch(`${backend}${url}`, {
          method,
          headers: { 'content-type': type ?? 'application/json' },
          body: body.length > 0 ? body : undefined,
        });
        return {
          status: answer.status,
          type: answer.headers.get('content-type') ?? 'text/plain',
          text: await answer.text(),
        };
      } catch {
        // Connection refused: that instance is gone; try the next one.
      }
    }
    return { status: 502, type: 'text/plain', text: 'no backend answered' };
  }
}

/**
 * Two compiled servers in tenant mode on one MongoDB database, one Graph (the simulator) and one public notification
 * URL in front of both. Graph allows one tenant-wide subscription per app: the instance that runs the scheduled sync
 * keeps it. Killing the one that created it, the other renews it on its next scheduled pass.
 */
describe('two server processes and one change-notification subscription', () => {
  let h: GraphHarness;
  let t: TestStore;
  let balancer: Balancer;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    const tls = await testCertificate();
    h = await startGraphHarness({
      seed: 11,
      userCount: 12,
      referenceTime: new Date(),
      simulator: { webhookCaPem: tls.cert },
    });
    t = await openTestStore('owner');
    balancer = new Balancer(tls);
    await balancer.listen();
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await balancer.close();
    await t.close();
    await h.close();
  });

  const simulatorFetch = () => createFetch({ extraCaPem: h.cert });
  const control = async <T>(route: string, method = 'GET', body?: unknown): Promise<T> => {
    const answer = await simulatorFetch()(`${h.simulator.origin}/_simulator${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await answer.json()) as T;
  };
  const graphSubscriptions = async () =>
    (await control<{ subscriptions: Array<{ id: string; expirationDateTime: string }> }>('/subscriptions'))
      .subscriptions;
  const state = () =>
    t.client
      .db(t.dbName)
      .collection<RealtimeSubscriptionDoc>('realtimeSubscriptions')
      .findOne({ tenantId: h.tenant.tenantId });
  async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}\n${servers.map((s) => s.output().slice(-3000)).join('\n')}`);
      await sleep(200);
    }
  }
  /** A prompt added at Graph reaches the store through the balancer, without a sync being asked for. */
  async function notifiedPromptStored(prompt: string): Promise<void> {
    const userId = h.tenant.users.find((u) => u.licensed && u.copilotEnabled)!.graph.id;
    const added = await control<{ ids: string[] }>('/activity', 'POST', { userId, turns: [{ prompt }] });
    const _id = interactionId(h.tenant.tenantId, userId, added.ids[0]!);
    await until(
      'the notified prompt stored',
      async () => (await t.store.interactions.countDocuments({ _id })) === 1,
      30_000,
    );
  }

  it('keeps exactly one subscription, renewed by the survivor after its creator is killed', async () => {
    const env: NodeJS.ProcessEnv = {
      ...simulatedTenantEnv(h, t, 'subscription-owner-test-shared-signing-key-01'),
      NOTIFICATION_URL: `${balancer.url}/api/notifications`,
      BACKFILL_DAYS: '3',
      // Short cycles: a scheduled pass every 15 s, reconciliation (and so the owner's renewal check) every minute.
      SYNC_INTERVAL_MINUTES: String(15 / 60),
      RECONCILE_INTERVAL_MINUTES: '1',
      SYNC_LOCK_SECONDS: '3',
    };
    for (const name of ['a', 'b']) servers.push(startServerProcess(name, { ...env, INSTANCE_ID: name }));
    await Promise.all(
      servers.map(async (s) =>
        balancer.backends.push(new URL(await listeningUrl(s)).origin.replace('0.0.0.0', '127.0.0.1')),
      ),
    );

    const created = await until(
      'the subscription',
      async () => (await state())?.status === 'active' && state(),
      90_000,
    );
    const creators = servers.filter((s) =>
      s.lines.some((l) => l.msg === 'Subscribed to Copilot interaction notifications.'),
    );
    expect(creators).toHaveLength(1);
    expect((await graphSubscriptions()).map((s) => s.id)).toEqual([created!.subscriptionId]);
    await notifiedPromptStored('Summarise the vendor onboarding notes');

    const [creator] = creators;
    const survivor = servers.find((s) => s !== creator)!;
    creator!.child.kill('SIGKILL');
    await creator!.exited;
    // Renewal is due (less than a day left in the stored state); Graph's own expiry is still days away.
    const graphExpiry = Date.parse((await graphSubscriptions())[0]!.expirationDateTime);
    const soon = new Date(Date.now() + 3_600_000);
    await t.client
      .db(t.dbName)
      .collection<RealtimeSubscriptionDoc>('realtimeSubscriptions')
      .updateOne({ tenantId: h.tenant.tenantId }, { $set: { expiresAt: soon } });

    const renewed = await survivor.waitForLog((l) => l.msg === 'Subscription renewed.', 150_000, 'the renewal');
    expect(renewed.subscriptionId).toBe(created!.subscriptionId);
    const after = (await state())!;
    expect(after).toMatchObject({ status: 'active', subscriptionId: created!.subscriptionId });
    expect(after.expiresAt!.getTime()).toBeGreaterThan(soon.getTime() + 24 * 3_600_000);
    const atGraph = await graphSubscriptions();
    expect(atGraph.map((s) => s.id)).toEqual([created!.subscriptionId]);
    expect(Date.parse(atGraph[0]!.expirationDateTime)).toBeGreaterThanOrEqual(graphExpiry);
    expect(survivor.lines.some((l) => l.msg === 'Subscribed to Copilot interaction notifications.')).toBe(false);
    // Notifications still arrive, now through the survivor alone.
    await notifiedPromptStored('List the contracts that renew in June');
  }, 300_000);
});
