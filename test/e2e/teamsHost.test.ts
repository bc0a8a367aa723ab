import path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { Me, UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { useDemoSuite } from './support/demoSuite';
import { waitFor, type ServerProcess } from './support/serverProcess';
import { mintSsoToken } from './support/simulator';
import { teamsStandInPage, type TeamsStandInOptions, type TeamsStandInRecord } from './support/teamsStandIn';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let context: BrowserContext;

useDemoSuite(
  { demoUsers: 12, browser: { framedByPublicHost: true }, artifacts: ARTIFACTS },
  (suite) => ({ server, context } = suite),
);

/** Opens the stand-in Teams client framing the tab as `options` say; returns it and the tab's frame. */
async function openInTeams(options: TeamsStandInOptions): Promise<{ page: Page; tab: Frame; apiCalls: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${server.baseUrl}/api/`)) apiCalls.push(new URL(request.url()).pathname);
  });
  // A page route wins over the context's, so each test frames the tab its own way.
  await page.route('https://teams.microsoft.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: teamsStandInPage(options) }),
  );
  await page.goto('https://teams.microsoft.com/_#/apps/copilot-observatory');
  const tab = await waitFor('the tab frame', async () =>
    page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(`${server.baseUrl}/tab/`)),
  );
  return { page, tab, apiCalls };
}

const hostRecord = (page: Page): Promise<TeamsStandInRecord> => page.evaluate('window.host');

async function tokenFor(roles: string[]): Promise<string> {
  const someone = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
  return mintSsoToken(server.dataDir, { userId: someone.userId, name: 'Channel Member', roles });
}

describe('the tab inside a Teams host', () => {
  it('signs in with the Teams SSO token, hides the demo parts, and follows the Teams theme live', async () => {
    const admin = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
    const token = await mintSsoToken(server.dataDir, {
      userId: admin.userId,
      name: 'Teams Admin',
      roles: ['CopilotObservatory.Admin'],
    });
    await context.route('https://teams.microsoft.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: teamsStandInPage({ tabUrl: `${server.baseUrl}/tab/`, token }) }),
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
    expect(await page.evaluate('window.host.tokenRequests')).toBeGreaterThan(0);
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

  it("configures a channel tab in Teams' Add a tab dialog: Save follows the form, Save pins the chosen view", async () => {
    const { page, tab, apiCalls } = await openInTeams({
      tabUrl: `${server.baseUrl}/tab/#/config`,
      token: await tokenFor([]),
      frameContext: 'settings',
    });
    const lastValidity = async (): Promise<boolean | undefined> => (await hostRecord(page)).validity.at(-1);
    await tab.getByRole('heading', { name: 'Copilot Observatory channel tab' }).waitFor();
    await waitFor('Save enabled', async () => ((await lastValidity()) === true ? true : undefined));
    const calls = (await hostRecord(page)).calls;
    expect(calls).toContain('registerHandler save');
    expect(calls.indexOf('registerHandler save')).toBeLessThan(calls.indexOf('settings.setValidityState'));
    expect(await tab.getByTestId('config-outside-teams').count()).toBe(0);
    expect(await tab.getByTestId('channel-tab-link').textContent()).toBe(`${server.baseUrl}/tab/#/overview`);

    await tab.getByRole('radio', { name: 'Observability' }).check();
    await tab.getByRole('combobox', { name: 'Time range' }).selectOption('7');
    const name = tab.getByRole('textbox', { name: /Tab name/ });
    expect(await name.inputValue()).toBe('Copilot activity'); // the suggested name follows the view
    await name.fill('   ');
    await waitFor('Save disabled', async () => ((await lastValidity()) === false ? true : undefined));
    await tab.getByText('Give the tab a name.').waitFor();
    await name.fill('Copilot this week');
    await waitFor('Save enabled again', async () => ((await lastValidity()) === true ? true : undefined));
    const pinned = `${server.baseUrl}/tab/#/observability?days=7`;
    expect(await tab.getByTestId('channel-tab-link').textContent()).toBe(pinned);
    await page.screenshot({ path: path.join(ARTIFACTS, '15-channel-tab-config-in-teams.png') });

    await page.evaluate('window.pressSave()');
    await waitFor('the save outcome', async () => ((await hostRecord(page)).saveOutcomes.length ? true : undefined));
    const record = await hostRecord(page);
    expect(record.savedConfigs).toEqual([
      {
        entityId: 'observatory-observability',
        contentUrl: pinned,
        websiteUrl: pinned,
        suggestedDisplayName: 'Copilot this week',
      },
    ]);
    expect(record.saveOutcomes).toEqual(['success']);
    // The dialog reads no data, so it neither asks for a token nor calls the API.
    expect(record.tokenRequests).toBe(0);
    expect(apiCalls).toEqual([]);
    await page.close();
  });

  it('tells Teams why the settings were not saved when Teams refuses them, and shows it in the dialog', async () => {
    const { page, tab } = await openInTeams({
      tabUrl: `${server.baseUrl}/tab/#/config`,
      token: await tokenFor([]),
      frameContext: 'settings',
      refuseConfigWith: 'Tabs cannot be added to this channel.',
    });
    await waitFor('Save enabled', async () => ((await hostRecord(page)).validity.at(-1) === true ? true : undefined));
    await page.evaluate('window.pressSave()');
    await tab.getByText('Teams could not save the tab').waitFor();
    expect((await hostRecord(page)).saveOutcomes).toEqual(['failure: Tabs cannot be added to this channel.']);
    await tab.getByText('Tabs cannot be added to this channel.').waitFor();
    await page.close();
  });

  it('opens the pinned channel tab as the full app: a member without the admin role sees no data, an admin does', async () => {
    const pinned = `${server.baseUrl}/tab/#/observability?days=7`;
    const member = await openInTeams({ tabUrl: pinned, token: await tokenFor([]) });
    await member.tab.getByRole('heading', { name: 'You need a Copilot Observatory role' }).waitFor();
    expect(await member.tab.getByRole('navigation').count()).toBe(0);
    expect(member.apiCalls).toEqual(['/api/me']);
    await member.page.close();

    const admin = await openInTeams({ tabUrl: pinned, token: await tokenFor(['CopilotObservatory.Admin']) });
    await admin.tab.getByRole('heading', { name: 'Observability', level: 1 }).waitFor();
    expect(admin.tab.url()).toBe(pinned);
    expect(await admin.tab.getByTestId('demo-banner').count()).toBe(0);
    await admin.page.close();
  });

  it('outside Teams, says the page is for Teams and previews the link a channel tab would pin', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.baseUrl}/tab/#/config`);
    await page
      .getByTestId('config-outside-teams')
      .getByText('Used by Teams when adding the tab to a channel')
      .waitFor();
    const link = page.getByTestId('channel-tab-link');
    expect(await link.textContent()).toBe(`${server.baseUrl}/tab/#/overview`);
    await page.getByRole('radio', { name: 'Inventory > Agents' }).check();
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('90');
    expect(await link.textContent()).toBe(`${server.baseUrl}/tab/#/inventory/agents?days=90`);
    expect(await link.getAttribute('href')).toBe(`${server.baseUrl}/tab/#/inventory/agents?days=90`);
    await page.getByRole('radio', { name: 'Sync' }).check();
    expect(await page.getByRole('combobox', { name: 'Time range' }).count()).toBe(0);
    expect(await link.textContent()).toBe(`${server.baseUrl}/tab/#/sync`);
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '16-channel-tab-config-outside-teams.png') });
    await page.close();
  });
});
