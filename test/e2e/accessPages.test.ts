import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { useDemoSuite } from './support/demoSuite';
import type { ServerProcess } from './support/serverProcess';
import { mintSsoToken } from './support/simulator';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let context: BrowserContext;

/** Opens the tab with every API call carrying `authorization` (what the tab sends inside Teams). */
async function openTabWith(authorization: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.route('**/api/**', (route) =>
    route.continue({ headers: { ...route.request().headers(), authorization } }),
  );
  await page.goto(`${server.baseUrl}/tab/`);
  return page;
}

// A small export cap, so an export that does not fit is easy to make.
useDemoSuite(
  { demoUsers: 12, env: { CSV_MAX_ROWS: '10' }, artifacts: ARTIFACTS },
  (suite) => ({ server, context } = suite),
);

describe('who may open the admin tab', () => {
  it('shows someone with no role the "you need a role" page, naming all four, instead of any data', async () => {
    const someone = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
    const token = await mintSsoToken(server.dataDir, { userId: someone.userId, name: someone.displayName, roles: [] });
    const page = await openTabWith(`Bearer ${token}`);
    await page.getByRole('heading', { name: 'You need a Copilot Observatory role' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(
      /only people with one of its roles \(Viewer, Analyst, Investigator or Admin\) can open it/,
    );
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '12-not-an-admin.png') });
    await page.close();
  });

  it('lets a user holding the admin app role in, without the demo banner', async () => {
    const someone = (await server.api<{ items: UserRow[] }>('/api/users?limit=1')).items[0]!;
    const token = await mintSsoToken(server.dataDir, {
      userId: someone.userId,
      name: someone.displayName?.trim() ?? 'Admin',
      roles: ['CopilotObservatory.Admin'],
    });
    const page = await openTabWith(`Bearer ${token}`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await page.close();
  });

  it('shows a sign-in problem page for a token the server cannot verify', async () => {
    const page = await openTabWith('Bearer not-a-real-token');
    await page.getByRole('heading', { name: 'We could not sign you in' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '13-sign-in-problem.png') });
    await page.close();
  });

  it('keeps a part that fails to load inside its card: an error with Retry, the rest of the tab still works', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    // The Overview's charts arrive as a lazily loaded chunk: one that cannot be fetched (a deploy replaced it).
    await page.route('**/assets/OverviewCharts-*.js', (route) => route.abort());
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    const alert = page.getByRole('alert').filter({ hasText: 'The charts could not be shown' });
    await alert.waitFor();
    expect(await alert.getByText(/a new version may have been deployed/).count()).toBe(1);
    expect(await alert.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    // The figures above the charts are still there.
    await page.getByRole('region', { name: 'Headline figures' }).getByText('Licensed users', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '14-view-failed.png') });
    await page.getByRole('navigation').getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    expect(await page.getByText('could not be shown').count()).toBe(0);
    await page.close();
  });

  it('tells the admin when a CSV export holds only the first rows of what the filters match', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.baseUrl}/tab/#/observability`);
    await page.getByRole('heading', { name: 'Observability', level: 1 }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^copilot-observatory-activity-.*\.csv$/);
    const notice = page.getByRole('status').filter({ hasText: 'The file holds the first 10 of' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/first 10 of [\d,]+ rows: narrow the filters/);
    await page.close();
  });
});
