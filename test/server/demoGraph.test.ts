import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoGraph, type DemoGraph } from '../../server/demoGraph';
import { createSubscriptionClient } from '../../server/graph/subscriptionClient';
import { createTokenProvider } from '../../server/graph/tokenProvider';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';

interface Notification {
  changeType: string;
  resourceData: { id: string };
}

/** The demo's own stream of new Copilot sessions reaches change-notification subscribers as each is added. */
describe("the demo tenant's live activity", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'observatory-demo-graph-'));
  const received: Notification[] = [];
  const webhook = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('validationToken');
    if (token !== null) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(...(JSON.parse(body) as { value: Notification[] }).value);
      res.writeHead(202).end();
    });
  });
  let demo: DemoGraph;

  beforeAll(async () => {
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    demo = await startDemoGraph({
      dataDir: dir,
      users: 8,
      seed: 3,
      logger: createSilentLogger(),
      now: () => new Date(),
      liveActivityMs: 300,
    });
  }, 60_000);

  afterAll(async () => {
    await demo.stop();
    webhook.closeAllConnections();
    await new Promise((resolve) => webhook.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is notified to a subscriber as it is added, each notification naming an interaction the export API serves', async () => {
    const fetch = createFetch({ extraCaPem: demo.certPem });
    const { tenant, simulator } = demo;
    const tokens = createTokenProvider({
      tenantId: tenant.tenantId,
      clientId: tenant.app.clientId,
      clientSecret: tenant.app.clientSecret,
      authorityHost: simulator.authorityHost,
      fetch,
      logger: createSilentLogger(),
    });
    const subscribedAt = new Date();
    await createSubscriptionClient({ graphBaseUrl: simulator.graphBaseUrl, tokens, fetch }).create({
      changeType: 'created',
      notificationUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
      resource: '/copilot/interactionHistory/getAllEnterpriseInteractions',
      expirationDateTime: new Date(Date.now() + 30 * 60_000).toISOString(),
      clientState: 'demo-live-activity',
    });
    const deadline = Date.now() + 20_000;
    while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBeGreaterThanOrEqual(4);
    const added = new Set([...tenant.groundTruth({ after: subscribedAt })].map((r) => r.interaction.id));
    expect(received.every((n) => n.changeType === 'created' && added.has(n.resourceData.id))).toBe(true);
  }, 60_000);
});
