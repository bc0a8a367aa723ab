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
/** The author of the newest prompt: "what did they ask Copilot" has an answer. */
let asker: { userId: string; name: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ demoUsers: 12 });
  ({ browser } = await launchBrowser());
  someone = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
  const feed = await server.api<{ items: ActivityRow[] }>('/api/activity?types=prompt&limit=1');
  conversationId = feed.items[0]!.conversationId;
  asker = { userId: feed.items[0]!.userId, name: feed.items[0]!.displayName! };
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

  it('shows an Analyst the Sync view within the tier: status and history, no Sync now, no 403, the Admin role named', async () => {
    const errors: string[] = [];
    const page = await tabAs('Analyst', errors);
    const refused: string[] = [];
    const asked: string[] = [];
    page.on('response', (r) => (r.status() === 403 ? refused.push(r.url()) : undefined));
    page.on('request', (r) => (r.url().includes('/api/sync/') ? asked.push(new URL(r.url()).pathname) : undefined));
    await page.goto(`${server.baseUrl}/tab/#/sync`);
    await page.getByText('E2E Analyst · Analyst').waitFor();
    await page.getByTestId('sync-last-status').waitFor();
    await page.getByRole('grid', { name: 'Sync runs' }).waitFor();
    const note = page.getByTestId('needs-role');
    await untilText(note, /Starting a sync \("Sync now"\) and the change notifications' status need the Admin role/);
    expect(await page.getByRole('button', { name: /Sync now|Sync running/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Change notifications' }).count()).toBe(0);
    expect(await page.getByText('Could not load this').count()).toBe(0);
    expect(asked).not.toContain('/api/sync/notifications');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);

    const admin = await tabAs('Admin', []);
    await admin.goto(`${server.baseUrl}/tab/#/sync`);
    await admin.getByRole('button', { name: /Sync now|Sync running/ }).waitFor();
    expect(await admin.getByTestId('needs-role').count()).toBe(0);
  });

  it("asks an Investigator why before Ask lists a person's prompts, then lists them and logs the reason", async () => {
    const errors: string[] = [];
    const page = await tabAs('Investigator', errors);
    const answers: string[] = [];
    page.on('response', (r) => (r.url().endsWith('/api/ask') ? void r.text().then((t) => answers.push(t)) : undefined));
    const reason = `Ask case ${Date.now()}`;
    await page.goto(`${server.baseUrl}/tab/#/ask`);
    await page
      .getByRole('textbox', { name: 'Question' })
      .fill(`what did ${asker.name} ask copilot in the last 30 days`);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const form = page.getByRole('form', { name: 'Why do you need to read these prompts?' });
    await form.waitFor();
    await form.getByText(`${asker.name}'s prompts are what they asked Copilot`).waitFor();
    expect(await page.getByRole('grid', { name: 'Answer' }).count()).toBe(0);
    expect(answers.map((a) => JSON.parse(a) as { kind: string; rows: unknown[] })).toEqual([
      expect.objectContaining({ kind: 'reason_needed', rows: [] }),
    ]);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await page.getByRole('grid', { name: 'Answer' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await form.getByRole('textbox', { name: /Reason/ }).fill(reason);
    await form.getByRole('button', { name: 'Show prompts' }).click();
    const grid = page.getByRole('grid', { name: 'Answer' });
    await grid.getByRole('columnheader', { name: 'Prompt' }).waitFor();
    expect(await grid.getByRole('row').count()).toBeGreaterThan(1);
    const entry = await waitFor('the access-log entry', async () => {
      const log = await server.api<{ items: AccessLogEntry[] }>('/api/access-log?limit=5');
      return log.items.find((e) => e.reason === reason);
    });
    expect(entry).toMatchObject({ what: 'user_prompts', via: 'tab', subjectUserId: asker.userId });
    expect(errors).toEqual([]);
    // The Admin's Access log shows the entry as Ask's, with its reason.
    const admin = await tabAs('Admin', []);
    await admin.goto(`${server.baseUrl}/tab/#/access-log`);
    const row = admin.getByRole('grid', { name: 'Access log' }).getByRole('row').filter({ hasText: reason });
    await row.waitFor();
    expect(await row.textContent()).toContain("A user's prompts (Ask or the bot)");
    expect(await row.textContent()).toContain('The tab');
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
