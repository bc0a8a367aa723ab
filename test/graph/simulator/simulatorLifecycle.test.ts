import { Agent, fetch } from 'undici';
import { interactionsPath, startSimulator, testCertificate } from './simulatorTestKit';

describe('a running simulator', () => {
  it('listens on a free 127.0.0.1 port and names its Graph and authority URLs', async () => {
    const sut = await startSimulator();
    try {
      expect(sut.simulator.origin).toBe(`https://127.0.0.1:${sut.simulator.port}`);
      expect(sut.simulator.graphBaseUrl).toBe(`${sut.simulator.origin}/`);
      expect(sut.simulator.authorityHost).toBe(sut.simulator.origin);
    } finally {
      await sut.close();
    }
  });

  it('delays Graph responses by the configured latency and counts pages and concurrency', async () => {
    const sut = await startSimulator({ latencyMs: { min: 60, max: 80 }, rateLimitPerSecond: 1_000 });
    try {
      const userId = sut.tenant.users.find((u) => u.active)!.graph.id;
      await sut.http.token();
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => sut.http.graph(interactionsPath(userId, '?$top=4'))),
      );
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
      const stats = sut.simulator.stats();
      expect(stats.pagesServed).toBe(6);
      expect(stats.interactionsServed).toBe(24);
      expect(stats.tokensIssued).toBe(1);
      expect(stats.maxConcurrent).toBeGreaterThan(1);
      expect(stats.byStatus['200']).toBeGreaterThanOrEqual(7);
    } finally {
      await sut.close();
    }
  });

  it('closes promptly even with idle keep-alive connections and a request in flight', async () => {
    const sut = await startSimulator({ faults: { slowPageRate: 1, slowPageMs: 10_000 } });
    const agent = new Agent({ connect: { ca: (await testCertificate()).cert } });
    try {
      const token = await sut.http.token();
      const userId = sut.tenant.users.find((u) => u.active)!.graph.id;
      const inFlight = fetch(`${sut.simulator.origin}${interactionsPath(userId)}`, {
        headers: { authorization: `Bearer ${token}` },
        dispatcher: agent,
      }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await sut.simulator.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await inFlight).toBeInstanceOf(Error);
    } finally {
      await agent.destroy();
      await sut.http.close();
    }
  });
});
