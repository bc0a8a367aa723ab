import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { Me, UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { launchBrowser } from './support/browser';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';
import { mintSsoToken } from './support/simulator';

/**
 * A stand-in for the Teams web client at https://teams.microsoft.com (served by the browser's request routing, so
 * nothing leaves the machine): it frames the tab and answers teams-js' postMessage protocol: initialize, getContext
 * (theme "default"), getAuthToken (a real SSO token from the demo tenant), and can send a live theme change.
 */
function teamsHostPage(tabUrl: string, token: string): string {
  return `<!doctype html><html><body style="margin:0">
<iframe id="tab" src="${tabUrl}" style="border:0;width:1400px;height:900px"></iframe>
<script>
  window.hostCalls = [];
  window.tokenRequests = 0;
  const tabWindow = () => document.getElementById('tab').contentWindow;
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.func !== 'string' || event.source !== tabWindow()) return;
    window.hostCalls.push(message.func);
    const reply = (args) => event.source.postMessage({ id: message.id, uuid: message.uuid, args }, event.origin);
    if (message.func === 'initialize') {
      reply(['content', 'web', JSON.stringify({ apiVersion: 4, supports: { appInitialization: {}, authentication: {} } }), '2.58.0']);
    } else if (message.func === 'getContext') {
      reply([{ theme: 'default', locale: 'en-us', hostClientType: 'web', hostName: 'Teams', entityId: 'admin', frameContext: 'content' }]);
    } else if (message.func === 'authentication.getAuthToken') {
      window.tokenRequests++;
      reply([true, ${JSON.stringify(token)}]);
    } else {
      reply([]);
    }
  });
  window.changeTheme = (theme) => tabWindow().postMessage({ func: 'themeChange', args: [theme] }, '*');
</script></body></html>`;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ demoUsers: 12 });
  ({ browser, context } = await launchBrowser({ framedByPublicHost: true }));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

describe('the tab inside a Teams host', () => {
  it('signs in with the Teams SSO token, hides the demo parts, and follows the Teams theme live', async () => {
    const admin = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
    const token = await mintSsoToken(server.dataDir, {
      userId: admin.userId,
      name: 'Teams Admin',
      roles: ['CopilotObservatory.Admin'],
    });
    await context.route('https://teams.microsoft.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: teamsHostPage(`${server.baseUrl}/tab/`, token) }),
    );
    const page: Page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const meCalls: Array<string | undefined> = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/me')) meCalls.push(request.headers()['authorization']);
    });
    await page.goto('https://teams.microsoft.com/_#/apps/copilot-observatory');
    const tab: Frame = await waitFor('the tab frame', async () =>
      page.frames().find((f) => f.url().startsWith(`${server.baseUrl}/tab/`)),
    );

    // Framed by Teams (frame-ancestors allows it), signed in as the token's user, not the demo identity.
    await tab.getByText('Teams Admin').waitFor();
    expect(meCalls).toEqual([`Bearer ${token}`]);
    const me = (await (
      await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Me;
    expect(me).toMatchObject({ isAdmin: true, demo: false });
    expect(await tab.getByTestId('demo-banner').count()).toBe(0);
    expect(await tab.getByRole('combobox', { name: 'Theme' }).count()).toBe(0);
    expect(await page.evaluate('window.tokenRequests')).toBeGreaterThan(0);
    await tab.getByTestId('stat-Active users').waitFor();

    const provider = tab.locator('.fui-FluentProvider').first();
    expect(await provider.getAttribute('data-theme')).toBe('light');
    await page.evaluate("window.changeTheme('dark')");
    await waitFor('the dark theme', async () =>
      (await provider.getAttribute('data-theme')) === 'dark' ? true : undefined,
    );
    await page.evaluate("window.changeTheme('contrast')");
    await waitFor('the high-contrast theme', async () =>
      (await provider.getAttribute('data-theme')) === 'contrast' ? true : undefined,
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, '14-in-teams-high-contrast.png') });
    await page.close();
  });

  it('refuses to be framed by a site that is not a Teams or Microsoft 365 host', async () => {
    await context.route('https://intranet.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe src="${server.baseUrl}/tab/"></iframe>` }),
    );
    const page = await context.newPage();
    const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
    await page.goto('https://intranet.example/');
    expect((await refused).text()).toMatch(
      /violates the following Content Security Policy directive: "frame-ancestors .*The request has been blocked/s,
    );
    expect(page.frames().some((f) => f.url().startsWith(`${server.baseUrl}/tab/`) && f !== page.mainFrame())).toBe(
      false,
    );
    await page.close();
  });
});
