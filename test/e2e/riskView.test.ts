import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { FindingDetail, FindingRow, UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { expectEvery } from '../support/expectEvery';
import { useDemoSuite } from './support/demoSuite';
import { waitFor, type ServerProcess } from './support/serverProcess';
import { injectAndSync } from './support/injectActivity';
import { simulatorRequest } from './support/simulator';
import { apiCallOf as callOf, openPage, untilText } from './support/pageWait';

interface ApiPage<T> {
  items: T[];
  total: number;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
/** Built at run time, so no secret-shaped literal sits in the source (and each run's token is new). */
const SECRET = `ghp_${`${Date.now().toString(36)}aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6`.slice(0, 36)}`;
const NOTE = 'Sandbox token, revoked the same day.';
/** A made-up project code name no seeded prompt holds. */
const WATCHWORD = 'Bluefinix';

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let user: UserRow;
let promptId: string | undefined;
let finding: FindingRow;
let openBefore: number;
let watchFinding: FindingRow;

const grid = (name: string): Locator => page.getByRole('grid', { name, exact: true });

/** The path + query of the API call `action` makes to `endpoint`. */
const apiCallOf = (endpoint: string, action: () => Promise<unknown>) => callOf(page, endpoint, action);

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

useDemoSuite({ demoUsers: 12, artifacts: ARTIFACTS }, (suite) => ({ server, context } = suite));

beforeAll(async () => {
  user = (await server.api<ApiPage<UserRow>>('/api/users?limit=1')).items[0]!;
  [promptId] = await injectAndSync(server, user.userId, [
    { prompt: `The deploy fails with my token ${SECRET}, can you see why?`, response: 'Rotate it first.' },
  ]);
  page = await openPage(context, pageErrors);
}, 120_000);

describe('the Risk view in a real browser against the real server', () => {
  it("counts the injected secret's finding on the Overview's risk card", async () => {
    const found = await server.api<ApiPage<FindingRow>>(`/api/findings?userId=${user.userId}&limit=200`);
    finding = found.items.find((f) => f.interactionId === promptId && f.category === 'credential')!;
    expect(finding).toMatchObject({ status: 'open', severity: 'high' });
    openBefore = (await server.api<ApiPage<FindingRow>>('/api/findings?status=open&limit=1')).total;
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    await untilText(page.getByTestId('risk-open-total'), String(openBefore));
    await screenshot('20-overview-risk-card');
  });

  it("shows the person's and the agents' open findings, each linking to the Risk view so filtered", async () => {
    const open = (await server.api<ApiPage<FindingRow>>(`/api/findings?status=open&userId=${user.userId}&limit=1`))
      .total;
    await page.goto(`${server.baseUrl}/tab/#/people/${encodeURIComponent(user.userId)}`);
    const mine = page.getByTestId('person-open-findings');
    await untilText(mine, new RegExp(`^${open} open risk findings? \\(\\d+ high\\)$`));
    expect(await mine.getAttribute('href')).toBe(`#/risk?userId=${encodeURIComponent(user.userId)}&status=open`);
    await page.goto(`${server.baseUrl}/tab/#/inventory/agents?userId=${encodeURIComponent(user.userId)}`);
    const perAgent = page.getByTestId('agents-open-findings').getByRole('link', { name: /open findings, show them$/ });
    await perAgent.first().waitFor();
    // One link per agent with open findings (the person may have some in other apps too): the injected one's app is
    // among them, and each link keeps the person.
    const hrefs = await perAgent.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((href) => href.includes(`appKey=${finding.appKey}`))).toBe(true);
    expectEvery(hrefs, (href) => href.includes(`userId=${encodeURIComponent(user.userId)}`));
  });

  it('lists findings as the API does and filters them by category, in the URL too', async () => {
    await apiCallOf('/api/findings', () =>
      page.getByRole('navigation').getByRole('link', { name: 'Risk', exact: true }).click(),
    );
    expect(page.url()).toContain('#/risk');
    const filtered = await apiCallOf('/api/findings', () =>
      page.getByRole('combobox', { name: 'Category' }).selectOption('credential'),
    );
    expect(filtered).toContain('category=credential');
    expect(page.url()).toContain('category=credential');
    const expected = await server.api<ApiPage<FindingRow>>(filtered);
    expect(expected.items.every((f) => f.category === 'credential')).toBe(true);
    const rows = grid('Findings')
      .locator('[role="row"]')
      .filter({ hasNot: page.locator('[role="columnheader"]') });
    await waitFor('the filtered rows', async () =>
      (await rows.count()) === expected.items.length && (await grid('Findings').getAttribute('aria-busy')) !== 'true'
        ? true
        : undefined,
    );
    expect(await grid('Findings').locator(`a[href="#/risk/${finding.id}"]`).count()).toBe(1);
    await screenshot('21-risk-credentials');
  });

  it("narrows the list to one person from their row, and widens it again from the filter's tag", async () => {
    const name = user.displayName!.trim();
    const narrowed = await apiCallOf('/api/findings', () =>
      grid('Findings')
        .getByRole('button', { name: `Only the findings of ${name}` })
        .first()
        .click(),
    );
    expect(narrowed).toContain(`userId=${encodeURIComponent(user.userId)}`);
    expect(narrowed).toContain('category=credential');
    await untilText(page.getByTestId('user-filter'), name);
    const widened = await apiCallOf('/api/findings', () => page.getByTestId('user-filter').click());
    expect(widened).not.toContain('userId=');
    expect(page.url()).not.toContain('userId=');
  });

  it('opens the finding: masked evidence and never the secret, its rule, user, app and conversation link', async () => {
    const detail = await server.api<FindingDetail>(`/api/findings/${finding.id}`);
    await grid('Findings').locator(`a[href="#/risk/${finding.id}"]`).click();
    expect(page.url()).toContain(`#/risk/${finding.id}`);
    await untilText(page.getByRole('heading', { level: 1 }), detail.title);
    const masked = page.getByTestId('masked-value');
    await untilText(masked.first(), detail.evidence[0]!.masked);
    const facts = page.getByTestId('finding-facts');
    expect(await facts.textContent()).toContain(detail.rule);
    expect(await facts.getByRole('link', { name: user.displayName!.trim() }).getAttribute('href')).toBe(
      `#/people/${encodeURIComponent(user.userId)}`,
    );
    expect(await page.getByTestId('finding-conversation').getAttribute('href')).toBe(
      `#/conversations/${detail.conversationId}`,
    );
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET.slice(4, 30));
    await screenshot('22-finding');
  });

  it('dismisses it with a note: the status, the history and the API show the change', async () => {
    await page.getByRole('textbox', { name: /Note/ }).fill(NOTE);
    await page.getByRole('button', { name: /^Dismiss/ }).click();
    await page.getByTestId('triage-done').waitFor({ state: 'visible' });
    const facts = page.getByTestId('finding-facts');
    await facts.locator('[data-status="dismissed"]').waitFor();
    const history = page.getByTestId('finding-history');
    await untilText(history.locator('li').last(), new RegExp(`^Dismissed by .*${NOTE}$`));
    const detail = await server.api<FindingDetail>(`/api/findings/${finding.id}`);
    expect(detail.status).toBe('dismissed');
    expect(detail.history.map((h) => [h.status, h.note])).toEqual([['dismissed', NOTE]]);
    // A dismissed finding can only be reopened.
    expect(await page.getByRole('group', { name: 'Change the status' }).getByRole('button').allTextContents()).toEqual([
      'Reopen',
    ]);
    await screenshot('23-finding-dismissed');
  });

  it("shows one open finding fewer on the Overview's risk card, linking to the open findings", async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).click();
    await untilText(page.getByTestId('risk-open-total'), String(openBefore - 1));
    const high = page.getByTestId('risk-open-high');
    expect(await high.getAttribute('href')).toBe('#/risk?status=open&severity=high');
    const call = await apiCallOf('/api/findings', () => high.click());
    expect(call).toContain('status=open');
    expect(call).toContain('severity=high');
    expect(await grid('Findings').locator(`a[href="#/risk/${finding.id}"]`).count()).toBe(0);
  });

  it('adds a watch-list word from the tab, refuses a runaway regex, and finds the word in the next synced prompt', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Risk', exact: true }).click();
    await page.getByRole('link', { name: 'Watch-list and suppressions' }).click();
    expect(page.url()).toContain('#/risk-rules');
    await untilText(page.getByTestId('rescan-note'), /npm run risk:rescan/);
    const form = page.getByRole('form', { name: 'Add a watch-list entry' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Runaway');
    await form.getByRole('textbox', { name: 'Keyword or pattern' }).fill('(a+)+$');
    await form.getByRole('checkbox', { name: 'Regular expression' }).check();
    const errorsBefore = pageErrors.length;
    await form.getByRole('button', { name: 'Add to the watch-list' }).click();
    await untilText(page.getByRole('alert'), /The watch-list was not changed.*exponential time/);
    // The refused request is the one console error expected here (the browser logs every 4xx answer).
    expect(pageErrors.splice(errorsBefore)).toEqual([
      'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await form.getByRole('checkbox', { name: 'Regular expression' }).uncheck();
    await form.getByRole('textbox', { name: 'Name' }).fill('Project Bluefin');
    await form.getByRole('textbox', { name: 'Keyword or pattern' }).fill(WATCHWORD);
    await form.getByRole('combobox', { name: 'Severity' }).selectOption('high');
    await form.getByRole('button', { name: 'Add to the watch-list' }).click();
    await grid('Watch-list entries')
      .getByRole('button', { name: 'Remove the watch-list entry Project Bluefin' })
      .waitFor();
    const entries = await server.api<{ items: { name: string; pattern: string; severity: string }[] }>(
      '/api/risk-watchlist',
    );
    expect(entries.items.map((e) => [e.name, e.pattern, e.severity])).toEqual([['Project Bluefin', WATCHWORD, 'high']]);
    await screenshot('24-risk-rules');

    const [watched] = await injectAndSync(server, user.userId, [
      { prompt: `Summarise the ${WATCHWORD} launch plan for the board.` },
    ]);
    await page.goto(`${server.baseUrl}/tab/#/risk?category=watchlist`);
    const found = await server.api<ApiPage<FindingRow>>(`/api/findings?category=watchlist&userId=${user.userId}`);
    watchFinding = found.items.find((f) => f.interactionId === watched)!;
    expect(watchFinding).toMatchObject({
      severity: 'high',
      status: 'open',
      title: expect.stringContaining('Project Bluefin'),
    });
    await grid('Findings').locator(`a[href="#/risk/${watchFinding.id}"]`).waitFor();
  });

  it("suppresses the rule for the user from the finding's page: the next matching prompt of theirs opens no finding", async () => {
    const name = user.displayName!.trim();
    await grid('Findings').locator(`a[href="#/risk/${watchFinding.id}"]`).click();
    await page.getByRole('button', { name: `Suppress this rule for ${name}` }).click();
    await page.getByTestId('suppress-done').waitFor({ state: 'visible' });
    const suppressions = await server.api<{ items: { rule: string; userId: string | null }[] }>(
      '/api/finding-suppressions',
    );
    expect(suppressions.items.map((s) => [s.rule, s.userId])).toEqual([[watchFinding.rule, user.userId]]);

    // Another user's prompt in the same sync is still found: the suppression is what spares this user's.
    const other = (await server.api<ApiPage<UserRow>>('/api/users?limit=5')).items.find(
      (u) => u.userId !== user.userId,
    )!;
    const theirs = (await simulatorRequest(server.dataDir, 'POST', '/activity', {
      userId: other.userId,
      turns: [{ prompt: `Is the ${WATCHWORD} budget approved?` }],
    })) as { turns: { promptId: string }[] };
    const [mine] = await injectAndSync(server, user.userId, [{ prompt: `Draft the ${WATCHWORD} press release.` }]);
    const watchlist = await server.api<ApiPage<FindingRow>>('/api/findings?category=watchlist&limit=200');
    expect(watchlist.items.filter((f) => f.interactionId === mine && f.userId === user.userId)).toEqual([]);
    expect(
      watchlist.items.filter((f) => f.interactionId === theirs.turns[0]!.promptId && f.userId === other.userId),
    ).toHaveLength(1);

    await page.getByRole('link', { name: 'See the suppressions' }).click();
    await grid('Suppressions')
      .getByRole('button', { name: new RegExp(`^Remove the suppression of ${watchFinding.rule}`) })
      .waitFor();
    await screenshot('25-risk-suppressed');
  });

  it('raised no page errors or console errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
