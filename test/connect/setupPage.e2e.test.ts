import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { SetupStatus } from '../../server/connect/setupContracts';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { startServer, waitFor, type ServerProcess } from '../e2e/support/serverProcess';
import { ROOT } from '../support/buildDist';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ demoUsers: 12 });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  // The demo's simulated Entra serves a self-signed certificate; the real consent page is login.microsoftonline.com.
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ignoreHTTPSErrors: true });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

const outcome = () => page.getByTestId('setup-outcome');

async function textOf(testId: string, expected: RegExp): Promise<string> {
  return waitFor(
    `${testId} ~ ${expected}`,
    async () => {
      const text = await page
        .getByTestId(testId)
        .first()
        .textContent()
        .catch(() => null);
      return text && expected.test(text) ? text : undefined;
    },
    20_000,
  );
}

describe('the Setup view in a real browser against the real server', () => {
  it('connects the demo tenant through the consent page and comes back connected', async () => {
    await page.goto(`${server.baseUrl}/tab/#/setup`);
    await page.getByRole('button', { name: 'Connect with Microsoft' }).waitFor();
    await textOf('connection-status', /^Not connected$/);
    const status = await server.api<SetupStatus>('/api/setup/status');
    expect(status.redirectUri).toBe(`${server.baseUrl}/auth/consent/callback`);

    await page.getByRole('button', { name: 'Connect with Microsoft' }).click();
    await page.waitForURL(`${server.baseUrl}/tab/#/setup?connected=1`);
    expect(await textOf('setup-outcome', /Connected/)).toContain('first sync has started');
    await textOf('connection-status', /^Connected$/);
    expect((await server.api<SetupStatus>('/api/setup/status')).connection.status).toBe('connected');
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup-connected.png'), fullPage: true });
  });

  it('runs Test connection and lists each check', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    const checks = page.getByTestId('setup-checks').locator('li');
    await waitFor('four checks', async () => ((await checks.count()) === 4 ? true : undefined), 20_000);
    const statuses = await checks.evaluateAll((items) =>
      items.map((i) => [i.getAttribute('data-check'), i.getAttribute('data-status')]),
    );
    expect(Object.fromEntries(statuses)).toMatchObject({ token: 'pass', users: 'pass', licenses: 'pass' });
    expect(await page.getByTestId('setup-checks').textContent()).toContain('AiEnterpriseInteraction.Read.All');
  });

  it('copies diagnostics to the clipboard', async () => {
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const copied = JSON.parse(await page.evaluate<string>('navigator.clipboard.readText()')) as {
      tenant: { tenantId: string };
      connection: { status: string };
    };
    const status = await server.api<SetupStatus>('/api/setup/status');
    expect(copied.tenant.tenantId).toBe(status.tenantId);
    expect(copied.connection.status).toBe('connected');
  });

  it('explains a declined consent in plain words', async () => {
    const status = await server.api<SetupStatus>('/api/setup/status');
    const switched = await context.request.post(`${status.authorityHost}/_simulator/consent`, {
      data: { outcome: 'decline' },
    });
    expect(switched.status()).toBe(200);
    await page.goto(`${server.baseUrl}/tab/#/setup`);
    await page.getByRole('button', { name: 'Connect with Microsoft' }).click();
    await page.waitForURL(`${server.baseUrl}/tab/#/setup?error=consent_declined`);
    expect(await textOf('setup-outcome', /Not connected/)).toMatch(/declined or cancelled/);
    // A declined re-consent changes nothing at Microsoft: the earlier connection stands.
    await textOf('connection-status', /^Connected$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup-declined.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await outcome().waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${server.baseUrl}/tab/#/setup`);
  });
});
