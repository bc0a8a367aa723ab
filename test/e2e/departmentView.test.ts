import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { DepartmentAdoption, DepartmentDetail, Overview } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { useDemoSuite } from './support/demoSuite';
import { apiCallOf as callOf, openPage, untilText } from './support/pageWait';
import { waitFor, type ServerProcess } from './support/serverProcess';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const grid = (name: string): Locator => page.getByRole('grid', { name, exact: true });
const dataRows = (name: string): Locator =>
  grid(name)
    .locator('[role="row"]')
    .filter({ hasNot: page.locator('[role="columnheader"]') });

/** The path + query of the API call `action` makes to `endpoint`. */
const apiCallOf = (endpoint: string, action: () => Promise<unknown>) => callOf(page, endpoint, action);

/**
 * The Overview asks for its range and for the period before it (the change): the call with the later end is the
 * range itself.
 */
async function overviewCallOf(action: () => Promise<unknown>): Promise<string> {
  const calls: URL[] = [];
  const listen = (r: { url(): string }) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/overview') calls.push(url);
  };
  page.on('response', listen);
  try {
    await action();
    await waitFor('both overview calls', async () => (calls.length >= 2 ? true : undefined));
  } finally {
    page.off('response', listen);
  }
  const [latest] = calls.sort((a, b) => b.searchParams.get('to')!.localeCompare(a.searchParams.get('to')!));
  return `${latest!.pathname}${latest!.search}`;
}

// A small minimum group, so the 30-person demo has several departments of its own.
useDemoSuite(
  { demoUsers: 30, env: { MIN_GROUP_SIZE: '3' }, artifacts: ARTIFACTS },
  (suite) => ({ server, context } = suite),
);

beforeAll(async () => {
  page = await openPage(context, pageErrors);
});

describe('the department view in a real browser against the real server', () => {
  let adoption: DepartmentAdoption;

  it('lists departments with the figures the API reports, and sorts them by a header', async () => {
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    const call = await apiCallOf('/api/departments', () =>
      page.getByRole('navigation').getByRole('link', { name: 'Departments', exact: true }).click(),
    );
    expect(call).toMatch(/from=.*to=/);
    adoption = await server.api<DepartmentAdoption>(call);
    const own = adoption.items.filter((d) => d.kind === 'department');
    expect(own.length).toBeGreaterThan(1);
    await untilText(dataRows('Departments').first(), new RegExp(own[0]!.department!));
    expect(await dataRows('Departments').count()).toBe(adoption.items.length);
    expect(await page.getByTestId('min-group-note').textContent()).toContain('fewer than 3 licensed users');
    // The demo tenant has licences the export API refuses: said beside the figures, counted in none of them.
    expect(adoption.unreadableUsers).toBeGreaterThan(0);
    const unread = `${adoption.unreadableUsers} licensed user${adoption.unreadableUsers === 1 ? '' : 's'} could not be read`;
    await untilText(page.getByTestId('unreadable-note'), new RegExp(`^${unread} and (is|are) not counted`));
    await page
      .getByTestId('unreadable-note')
      .getByRole('link', { name: /Sync view/ })
      .waitFor();

    await grid('Departments').getByRole('columnheader', { name: 'Active users', exact: true }).click();
    await waitFor('the sort in the URL', async () => (page.url().includes('sort=activeUsers') ? true : undefined));
    const desc = !page.url().includes('dir=asc');
    const sorted = [...own].sort((a, b) => (desc ? b.activeUsers! - a.activeUsers! : a.activeUsers! - b.activeUsers!));
    await untilText(dataRows('Departments').first().locator('[role="gridcell"]').first(), sorted[0]!.department!);
    await page.screenshot({ path: path.join(ARTIFACTS, 'departments.png'), fullPage: true });
  });

  it("opens a department's page and, from its top users, a person's page", async () => {
    const name = adoption.items.find((d) => d.kind === 'department')!.department!;
    const call = await apiCallOf(`/api/departments/${encodeURIComponent(name)}`, () =>
      grid('Departments').getByRole('link', { name, exact: true }).click(),
    );
    expect(page.url()).toContain(`#/departments/${encodeURIComponent(name)}`);
    await untilText(page.locator('main h1'), name);
    const detail = await server.api<DepartmentDetail>(call);
    expect(detail.topUsers.length).toBeGreaterThan(0);
    const top = detail.topUsers[0]!;
    await untilText(page.getByTestId('stat-Active users'), String(detail.figures.activeUsers));
    expect(await page.getByTestId('unreadable-note').count()).toBe(detail.unreadableUsers > 0 ? 1 : 0);
    const person = top.displayName ?? top.userPrincipalName ?? top.userId;
    await grid('Top users').getByRole('link', { name: person, exact: true }).click();
    await waitFor('the person page', async () =>
      page.url().includes(`#/people/${encodeURIComponent(top.userId)}`) ? true : undefined,
    );
    await untilText(page.locator('main h1'), person);
    // The person's department links back to its page.
    await page.getByTestId('person-facts').getByRole('link', { name, exact: true }).click();
    await waitFor('the department page', async () =>
      page.url().includes(`#/departments/${encodeURIComponent(name)}`) ? true : undefined,
    );
  });

  it('changes the range with a preset: the URL and the figures follow, and the change is shown', async () => {
    await overviewCallOf(() => page.goto(`${server.baseUrl}/tab/#/overview`));
    const week = await overviewCallOf(() => page.getByLabel('Time range').selectOption('7'));
    expect(page.url()).toContain('days=7');
    const overview = await server.api<Overview>(week);
    await untilText(page.getByTestId('stat-Active users'), String(overview.activeUsers));
    await page.getByRole('group', { name: 'Active users' }).getByTestId('change').waitFor();

    const month = await overviewCallOf(() => page.getByLabel('Time range').selectOption('period:previous-month'));
    expect(page.url()).toContain('period=previous-month');
    const params = new URL(`http://x${month}`).searchParams;
    const from = new Date(params.get('from')!);
    const to = new Date(params.get('to')!);
    expect(from.getUTCDate()).toBe(1);
    expect(to.getUTCDate()).toBe(1);
    expect((to.getUTCMonth() - from.getUTCMonth() + 12) % 12).toBe(1);
    await untilText(
      page.getByTestId('stat-Prompts'),
      (await server.api<Overview>(month)).prompts.toLocaleString('en-US'),
    );
  });

  it('says "not synced before" for a range older than the synced history, and offers the same presets on Agents', async () => {
    await page.goto(`${server.baseUrl}/tab/#/overview?from=2020-01-01&to=2020-01-31`);
    await untilText(page.getByTestId('not-synced-before'), /^Not synced before /);
    // Nothing to compare with before the synced history: no change is claimed.
    await untilText(page.getByTestId('stat-Active users'), '0');
    expect(await page.getByTestId('change').count()).toBe(0);
    const agents = await apiCallOf('/api/agents', () => page.goto(`${server.baseUrl}/tab/#/inventory/agents`));
    // The same default as every view: the last 30 days, with "All time" one choice away.
    expect(agents).toMatch(/from=.*to=/);
    const all = await apiCallOf('/api/agents', () => page.getByLabel('Time range').selectOption('all'));
    expect(all).not.toContain('from=');
    expect(page.url()).toContain('days=all');
    expect(pageErrors).toEqual([]);
  });
});
