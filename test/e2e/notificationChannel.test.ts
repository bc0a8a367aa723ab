import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NotificationChannel } from '../../server/api/notificationContracts';
import { launchBrowser } from './support/browser';
import { openPage, untilText } from './support/pageWait';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';
import { simulatorRequest } from './support/simulator';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The demo subscribed to its own simulator: activity added there arrives by notification, not by a sync.
  server = await startServer({ demoUsers: 10, env: { DEMO_NOTIFICATIONS: 'on' } });
  ({ browser, context } = await launchBrowser());
  page = await openPage(context, pageErrors);
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

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
