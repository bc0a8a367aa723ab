import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AccessLogEntry, ActivityRow, Overview, UserRow } from '../../server/api/contracts';
import type { Tier } from '../../server/core/privacy/tiers';
import { giveReason, reasonForm } from './support/accessReason';
import { closedContext, launchBrowser } from './support/browser';
import { openPage, untilText } from './support/pageWait';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';
import { mintSsoToken } from './support/simulator';

let server: ServerProcess;
let browser: Browser;
let someone: UserRow;
let conversationId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ demoUsers: 12 });
  ({ browser } = await launchBrowser());
  someone = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
  const feed = await server.api<{ items: ActivityRow[] }>('/api/activity?types=prompt&limit=1');
  conversationId = feed.items[0]!.conversationId;
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
}, 30_000);

/** The tab in its own browser context, every API call carrying an SSO token with the tier's app role. */
async function tabAs(tier: Tier, errors: string[]): Promise<Page> {
  const token = await mintSsoToken(server.dataDir, {
    userId: someone.userId,
    name: `E2E ${tier}`,
    roles: [`CopilotObservatory.${tier}`],
  });
  const context = await closedContext(browser, { width: 1440, height: 1000 });
  contexts.push(context);
  await context.route(
    (url) => url.hostname === '127.0.0.1' && url.pathname.startsWith('/api/'),
    (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
  );
  return openPage(context, errors);
}

const navLabels = async (page: Page): Promise<string[]> =>
  (await page.getByRole('navigation').getByRole('link').allTextContents()).map((t) => t.trim());

describe('the tab by privacy tier', () => {
  it('shows a Viewer figures with pseudonyms, hides the rest of the navigation and explains a hidden view', async () => {
    const errors: string[] = [];
    const page = await tabAs('Viewer', errors);
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    await page.getByText('E2E Viewer · Viewer').waitFor();
    expect(await navLabels(page)).toEqual(['Overview', 'Departments', 'Ask']);
    const named = await server.api<Overview>('/api/overview');
    await page
      .getByText(/^Person [0-9A-F]{6}$/)
      .first()
      .waitFor();
    const content = await page.content();
    for (const u of named.topUsers) if (u.displayName) expect(content).not.toContain(u.displayName);
    await page.goto(`${server.baseUrl}/tab/#/users`);
    await untilText(page.getByRole('heading', { level: 1 }), 'This view needs the Analyst role');
    await page.goto(`${server.baseUrl}/tab/#/conversations/${conversationId}`);
    await untilText(page.getByRole('heading', { level: 1 }), 'This view needs the Investigator role');
    expect(await reasonForm(page).count()).toBe(0);
    expect(errors.filter((e) => !/401|403/.test(e))).toEqual([]);
  });

  it('shows an Analyst people but not conversation text, and asks no reason', async () => {
    const errors: string[] = [];
    const page = await tabAs('Analyst', errors);
    await page.goto(`${server.baseUrl}/tab/#/users`);
    await page.getByText('E2E Analyst · Analyst').waitFor();
    expect(await navLabels(page)).toEqual(
      expect.arrayContaining(['Overview', 'Agents', 'Observability', 'Users', 'Risk', 'Sync']),
    );
    expect(await navLabels(page)).not.toContain('Access log');
    expect(await navLabels(page)).not.toContain('Setup');
    await page.getByText(someone.displayName!).first().waitFor();
    await page.goto(`${server.baseUrl}/tab/#/conversations/${conversationId}`);
    await untilText(page.getByRole('heading', { level: 1 }), 'This view needs the Investigator role');
    expect(await reasonForm(page).count()).toBe(0);
  });

  it('asks an Investigator why before showing a conversation, and keeps the reason in the access log', async () => {
    const errors: string[] = [];
    const page = await tabAs('Investigator', errors);
    const reason = `Case ${Date.now()}: e2e review`;
    const requests: string[] = [];
    page.on('request', (r) => (r.url().includes('/api/conversations/') ? requests.push(r.url()) : undefined));
    await page.goto(`${server.baseUrl}/tab/#/conversations/${conversationId}`);
    await reasonForm(page).waitFor();
    expect(requests).toEqual([]);
    await giveReason(page, reason);
    const messages = page.getByRole('region', { name: 'Transcript' }).locator('[data-message-type]');
    await messages.first().waitFor({ state: 'visible' });
    expect(requests.length).toBeGreaterThan(0);
    const entry = await waitFor('the access-log entry', async () => {
      const log = await server.api<{ items: AccessLogEntry[] }>('/api/access-log?limit=5');
      return log.items.find((e) => e.reason === reason);
    });
    expect(entry).toMatchObject({ what: 'conversation', via: 'tab', viewer: { userId: someone.userId } });
    expect(await navLabels(page)).not.toContain('Setup');
  });

  it('asks the reason inside the feed panel; cancelling closes it, and the page stays without text, asking nothing', async () => {
    const errors: string[] = [];
    const page = await tabAs('Investigator', errors);
    const requests: string[] = [];
    page.on('request', (r) => (r.url().includes('/api/conversations/') ? requests.push(r.url()) : undefined));
    await page.goto(`${server.baseUrl}/tab/#/observability?panel=${encodeURIComponent(conversationId)}`);
    // One modal surface: the question is in the panel, not a dialog of its own over it.
    const panel = page.getByRole('dialog');
    await reasonForm(panel).waitFor();
    expect(await panel.count()).toBe(1);
    await reasonForm(panel).getByRole('button', { name: 'Cancel' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(page.url()).not.toContain('panel=');
    await page.goto(`${server.baseUrl}/tab/#/conversations/${conversationId}`);
    await reasonForm(page).getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('This conversation opens only with a reason').waitFor();
    expect(await page.getByRole('region', { name: 'Transcript' }).count()).toBe(0);
    expect(requests).toEqual([]);
  });
});
