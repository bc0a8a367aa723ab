import type { BrowserContext, Page } from 'playwright-core';
import type { NotificationChannel } from '../../server/api/notificationContracts';
import { useDemoSuite } from './support/demoSuite';
import { openPage, untilText } from './support/pageWait';
import { waitFor, type ServerProcess } from './support/serverProcess';
import { simulatorRequest } from './support/simulator';

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

// The demo subscribed to its own simulator: activity added there arrives by notification, not by a sync.
useDemoSuite({ demoUsers: 10, env: { DEMO_NOTIFICATIONS: 'on' } }, (suite) => ({ server, context } = suite));

beforeAll(async () => {
  page = await openPage(context, pageErrors);
});

describe('the Sync view shows the change-notification channel', () => {
  it('shows the subscription, its lag and queue, as the API reports them, after activity arrived by notification', async () => {
    const channel = () => server.api<NotificationChannel>('/api/sync/notifications');
    const active = await waitFor('the subscription', async () => {
      const c = await channel();
      return c.status === 'active' ? c : undefined;
    });
    expect(active.subscriptionId).toEqual(expect.any(String));
    await simulatorRequest(server.dataDir, 'POST', '/activity', { sessions: 1 });
    const shown = await waitFor('a notified interaction stored', async () => {
      const c = await channel();
      return c.lag && c.lag.samples > 0 && c.queued === 0 ? c : undefined;
    });
    expect(shown).toMatchObject({ healthy: true, unhealthyReason: null });
    expect(shown.lag!.p95Ms).toBeGreaterThanOrEqual(shown.lag!.p50Ms);

    await page.goto(`${server.baseUrl}/tab/#/sync`);
    await untilText(page.locator('#notification-channel-title'), 'Change notifications');
    const facts = page.getByLabel('Change notifications', { exact: true }).last();
    await untilText(facts, new RegExp(`Subscription${shown.subscriptionId}`));
    const text = (await facts.textContent()) ?? '';
    expect(text).toContain(`Notifications received${shown.notificationsReceived}`);
    expect(text).toContain('Waiting to be stored0');
    expect(text).toMatch(/Lag \(created → stored, last day\)median .+, 95th percentile .+ \(\d+ interactions\)/);
    expect(await page.getByText('Healthy: polling reconciles').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

describe('activity added at Graph in demo mode', () => {
  it('reaches the activity feed by notification, without a sync run', async () => {
    const runs = async () => (await server.api<{ items: unknown[] }>('/api/sync/runs?limit=200')).items.length;
    const users = await server.api<{ items: Array<{ userId: string; displayName: string | null }> }>(
      '/api/users?limit=1',
    );
    const user = users.items[0]!;
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
    const feed = () =>
      server.api<{ items: Array<{ type: string; at: string }> }>(`/api/activity?userId=${user.userId}&limit=100`);
    expect((await feed()).items.some((i) => i.at === at)).toBe(false);
    const before = await runs();
    await simulatorRequest(server.dataDir, 'POST', '/activity', {
      userId: user.userId,
      at,
      turns: [{ prompt: 'Summarise the Northwind renewal notes for the account review.' }],
    });
    const row = await waitFor('the notified prompt in the feed', async () =>
      (await feed()).items.find((i) => i.at === at),
    );
    expect(row.type).toBeTruthy();
    expect(await runs()).toBe(before);

    await page.goto(`${server.baseUrl}/tab/#/observability?userId=${user.userId}&days=all`);
    await page.getByRole('button', { name: /^Open/ }).first().waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  });
});
