import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { RecordingRelay, subscribeHarness, type RealtimeHarness } from '../../support/realtimeHarness';

/**
 * clientState is the secret our subscription shares with Graph; Microsoft Learn ("Receive change notifications through
 * webhooks") asks the receiver to check it on every notification. A notification that leaves it out — or sends it as
 * null — proves nothing and is refused like a wrong one, however genuine the rest of it looks.
 */
describe('a change notification without its clientState', () => {
  let harness: AppHarness;
  let relay: RecordingRelay;
  let rt: RealtimeHarness;

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 4 });
    relay = new RecordingRelay(harness.baseUrl);
    await relay.listen();
    rt = await subscribeHarness(harness, relay.url);
  }, 120_000);

  afterAll(async () => {
    await relay.close();
    await harness.close();
  });

  it('is refused with 403 client_state_mismatch and queues nothing, whether the field is absent or null', async () => {
    await rt.addTurns(harness.adminUser.graph.id, ['Draft the quarterly supplier review']);
    await rt.waitFor(async () => relay.recorded.some((r) => r.path === '/api/notifications'));
    await rt.waitFor(async () => (await rt.collections.queue.countDocuments({})) >= 2);
    const genuine = JSON.parse(relay.recorded.find((r) => r.path === '/api/notifications')!.body) as {
      value: Record<string, unknown>[];
    };
    expect(genuine.value.length).toBeGreaterThan(0);
    // Both genuine deliveries (prompt and response) are queued: cleared, a wrongly accepted copy would be queued again.
    await rt.collections.queue.deleteMany({});
    for (const clientState of [undefined, null]) {
      const forged = {
        ...genuine,
        value: genuine.value.map(({ clientState: _dropped, ...item }) =>
          clientState === undefined ? item : { ...item, clientState },
        ),
      };
      const answer = await fetch(`${harness.baseUrl}/api/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(forged),
      });
      expect(answer.status).toBe(403);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('client_state_mismatch');
    }
    expect(await rt.collections.queue.countDocuments({})).toBe(0);
  });
});
