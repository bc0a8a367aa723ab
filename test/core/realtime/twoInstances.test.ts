import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../server/createApp';
import { buildMounts } from '../../../server/http/mounts';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { subscribeHarness, type RealtimeHarness } from '../../support/realtimeHarness';

/** A round-robin load balancer on loopback in front of several instances (no sticky sessions). */
async function balancer(targets: string[]): Promise<{ url: string; hits: number[]; close(): Promise<void> }> {
  const hits = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const index = next++ % targets.length;
      hits[index]! += 1;
      void fetch(`${targets[index]}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        res.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('Change notifications with two instances on one database', () => {
  let harness: AppHarness;
  let second: Server;
  let lb: Awaited<ReturnType<typeof balancer>>;
  let rt: RealtimeHarness;

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 6 });
    // A second instance: its own app, routers and caches, on the same database and Graph.
    const app = createApp(harness.ctx, buildMounts(harness.ctx));
    second = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const secondUrl = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
    lb = await balancer([harness.baseUrl, secondUrl]);
    rt = await subscribeHarness(harness, lb.url);
  }, 120_000);

  afterAll(async () => {
    await lb.close();
    second.closeAllConnections();
    await new Promise((resolve) => second.close(resolve));
    await harness.close();
  });

  it('stores each notification once whichever instance receives it, redeliveries to the other included', async () => {
    const userId = harness.adminUser.graph.id;
    const ids: string[] = [];
    await rt.control('/subscriptions/faults', 'PUT', { duplicate: 3 });
    for (const prompt of ['Summarise the Q2 forecast', 'Draft the vendor email', 'List open risks'])
      ids.push(...(await rt.addTurns(userId, [prompt])).ids);
    await rt.waitFor(async () => (await rt.collections.queue.countDocuments({ status: 'pending' })) >= 6);
    // Both instances answered webhook posts (the handshakes and the six deliveries alternate between them).
    expect(lb.hits.every((n) => n >= 2)).toBe(true);
    // Each instance's worker drains the one queue; the second finds nothing left.
    const [a, b] = [rt.worker, rt.newWorker()];
    const drained = [await a.drain(), await b.drain()];
    expect(drained[0]!.stored + drained[1]!.stored).toBe(6);
    const tenantId = harness.graph.tenant.tenantId;
    for (const id of ids)
      expect(await harness.testStore.store.interactions.countDocuments({ tenantId, userId, graphId: id })).toBe(1);
  });

  it('keeps one subscription: the other instance finds it in the database, and renews it once the owner is gone', async () => {
    const owner = (await rt.collections.subscriptions.findOne({}))!;
    // The other instance runs the next scheduled sync (the owner died): its manager reads the shared state.
    await rt.collections.subscriptions.updateOne(
      { _id: owner._id },
      { $set: { expiresAt: new Date(harness.ctx.now().getTime() + 3_600_000) } },
    );
    const renewed = await rt.newManager().ensure();
    expect(renewed.subscriptionId).toBe(owner.subscriptionId);
    expect(renewed.renewedAt).not.toBeNull();
    const listed = (await (await rt.control('/subscriptions', 'GET')).json()) as { subscriptions: unknown[] };
    expect(listed.subscriptions).toHaveLength(1);
  });
});
