import { giveReason } from './support/accessReason';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type {
  AccessLogEntry,
  ActivityRow,
  AgentRow,
  Conversation,
  DataSourceRow,
  LicensedInactiveRow,
  Overview,
  SyncRunSummary,
  SyncStatus,
  UserRow,
} from '../../server/api/contracts';
import { parseCsv } from '../api/apiClient';
import { ROOT } from '../support/buildDist';
import { launchBrowser } from './support/browser';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';
import { slowGraphPages } from './support/simulator';

/** A list page as it travels (the row types are already wire types). */
interface ApiPage<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** Set while a test feeds the page hostile HTML: Chromium then reports (and CSP blocks) its inline handlers. */
let hostileHtmlShown = false;

/** The grid with this accessible name. */
const grid = (name: string): Locator => page.getByRole('grid', { name, exact: true });
/** Its data rows (the first row is the header). */
const dataRows = (name: string): Locator =>
  grid(name)
    .locator('[role="row"]')
    .filter({ hasNot: page.locator('[role="columnheader"]') });

/** The "Showing n of total" line under the grid `label` (a view can hold more than one list). */
const rowCountAfter = (label: string): Locator =>
  grid(label).locator('xpath=following::*[@data-testid="row-count"][1]');

const textIncluding = (part: string): RegExp => new RegExp(part.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Waits until the locator's text equals (string) or matches (RegExp) `expected`. */
async function untilText(locator: Locator, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    `text ${String(expected)}`,
    async () => {
      const text =
        (
          await locator
            .first()
            .textContent()
            .catch(() => null)
        )?.trim() ?? null;
      if (text === null) return undefined;
      return (typeof expected === 'string' ? text === expected : expected.test(text)) ? true : undefined;
    },
    timeoutMs,
  );
}

async function untilAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await waitFor(
    `${name}=${value}`,
    async () => ((await locator.getAttribute(name)) === value ? true : undefined),
    10_000,
  );
}

async function screenshot(name: string): Promise<void> {
  // Charts animate in; give them a moment so the picture shows them drawn.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The path + query of the last API call the page made to `endpoint` (so the test can ask the API the same). */
async function apiCallOf(endpoint: string, action: () => Promise<unknown>): Promise<string> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === endpoint && r.request().method() === 'GET'),
    action(),
  ]);
  const url = new URL(response.url());
  return `${url.pathname}${url.search}`;
}

async function openView(label: string, endpoint: string): Promise<string> {
  return apiCallOf(endpoint, () =>
    page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click(),
  );
}

/** "Showing 50 of 123" under a table (the first on the page, or the one after the grid `label`), as numbers. */
async function rowCount(label?: string): Promise<{ shown: number; total: number }> {
  const count = label ? rowCountAfter(label) : page.getByTestId('row-count').first();
  const text = (await count.textContent()) ?? '';
  const [shown, total] = (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
  return { shown: shown ?? NaN, total: total ?? NaN };
}

async function expectTableMatches<T>(
  label: string,
  apiPath: string,
  cellText: (row: T) => string,
): Promise<ApiPage<T>> {
  const expected = await server.api<ApiPage<T>>(apiPath);
  // While new rows load the previous ones stay, marked busy: wait until the grid holds the answer.
  await waitFor('the new rows', async () =>
    (await grid(label)
      .getAttribute('aria-busy')
      .catch(() => 'true')) === 'true'
      ? undefined
      : true,
  );
  // The response can arrive before React has drawn it: wait for the first row the API names.
  if (expected.items.length > 0) await untilText(dataRows(label).first(), textIncluding(cellText(expected.items[0]!)));
  expect(await rowCount(label)).toEqual({ shown: expected.items.length, total: expected.total });
  expect(await dataRows(label).count()).toBe(expected.items.length);
  const firstRows = await dataRows(label).evaluateAll((rows) => rows.slice(0, 5).map((r) => r.textContent ?? ''));
  expected.items.slice(0, 5).forEach((item, i) => expect(firstRows[i]).toContain(cellText(item).trim()));
  return expected;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ demoUsers: 30 });
  ({ browser, context } = await launchBrowser());
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (hostileHtmlShown && message.text().startsWith('Executing inline event handler violates')) return;
    pageErrors.push(`console: ${message.text()}`);
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

describe('the admin tab in a real browser against the real server', () => {
  it('opens on the Overview with the demo banner and the figures the API reports', async () => {
    const overviewCall = await apiCallOf('/api/overview', () => page.goto(`${server.baseUrl}/`));
    expect(new URL(page.url()).pathname).toBe('/tab/');
    await page.getByTestId('demo-banner').waitFor({ state: 'visible' });
    expect(await page.getByTestId('demo-banner').textContent()).toContain('Local demo — not in Teams');
    const overview = await server.api<Overview>(overviewCall);
    expect(overview.activeUsers).toBeGreaterThan(0);
    await untilText(page.getByTestId('stat-Active users'), String(overview.activeUsers));
    expect(await page.getByTestId('stat-Licensed users').textContent()).toBe(String(overview.licensedUsers));
    expect(await page.getByTestId('stat-Prompts').textContent()).toBe(overview.prompts.toLocaleString('en-US'));
    // The charts draw: one bar stack per active day, and the top apps by name.
    await page.getByTestId('chart-daily').locator('svg rect').first().waitFor({ state: 'attached' });
    const topApp = [...overview.apps].sort((a, b) => b.users - a.users)[0]!;
    await page.getByTestId('chart-top-apps').getByText(topApp.appName).first().waitFor({ state: 'attached' });
    await page.getByTestId('chart-active-licensed').locator('svg path').first().waitFor({ state: 'attached' });
    await screenshot('01-overview');
  });

  it('lists the agents inventory as the API returns it, sorted by the server', async () => {
    const call = await openView('Agents', '/api/agents');
    expect(page.url()).toContain('#/inventory/agents');
    await expectTableMatches<AgentRow>('Agents', call, (row) => row.appName);
    // Sorting by a header asks the server and lands in the URL.
    const sorted = await apiCallOf('/api/agents', () =>
      grid('Agents')
        .getByRole('columnheader', { name: /Prompts/ })
        .click(),
    );
    expect(sorted).toContain('sort=promptCount');
    expect(page.url()).toMatch(/sort=promptCount/);
    const expected = await expectTableMatches<AgentRow>('Agents', sorted, (row) => row.appName);
    // What the grid shows is the server's order (Fluent would otherwise re-sort, or reverse, it).
    const shownPrompts = await dataRows('Agents').evaluateAll((rows) =>
      rows.map((row) => Number(row.querySelector('[role="gridcell"][data-column="prompts"]')?.textContent)),
    );
    expect(shownPrompts).toEqual(expected.items.map((r) => r.promptCount));
    expect([...shownPrompts].sort((a, b) => a - b)).toEqual(shownPrompts);
    await screenshot('02-agents');
  });

  it('downloads the agents as CSV: a header row and one line per agent', async () => {
    const { total } = await rowCount();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download CSV/ }).click(),
    ]);
    const records = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(records[0]!.join(',').toLowerCase()).toMatch(/app/);
    expect(records.length - 1).toBe(total);
    // Every record has the header's number of fields.
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([records[0]!.length]));
  });

  let conversationId = '';
  let conversationOf = '';

  it('filters Observability by the Session activity type, in the URL too', async () => {
    await openView('Observability', '/api/activity');
    const filtered = await apiCallOf('/api/activity', async () => {
      await page.getByRole('button', { name: /^Activity type/ }).click();
      // A menu button: its choices are menu item checkboxes.
      await page.getByRole('menuitemcheckbox', { name: 'Session' }).click();
      await page.keyboard.press('Escape');
    });
    expect(filtered).toContain('types=session');
    expect(page.url()).toContain('types=session');
    const expected = await expectTableMatches<ActivityRow>('Activity', filtered, (row) => row.appName);
    expect(expected.items.length).toBeGreaterThan(0);
    expect(expected.items.every((row) => row.type === 'session')).toBe(true);
    const badges = await grid('Activity')
      .locator('[data-activity-type]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-activity-type')));
    expect(badges.length).toBe(expected.items.length);
    expect(new Set(badges)).toEqual(new Set(['session']));
    conversationId = expected.items[0]!.conversationId;
    conversationOf = (expected.items[0]!.displayName ?? expected.items[0]!.userPrincipalName ?? '').trim();
    await screenshot('03-observability-sessions');
  });

  it('keeps the view and its filters on reload (deep link)', async () => {
    const url = page.url();
    const call = await apiCallOf('/api/activity', () => page.reload());
    expect(page.url()).toBe(url);
    expect(call).toContain('types=session');
    await untilText(page.getByRole('button', { name: /^Activity type/ }), 'Session');
    const badges = await grid('Activity')
      .locator('[data-activity-type]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-activity-type')));
    expect(new Set(badges)).toEqual(new Set(['session']));
  });

  it('opens a conversation: the transcript, its data sources, and the audit notice', async () => {
    // "Open" shows it in the side panel over the feed; the panel links to the full page.
    await dataRows('Activity')
      .first()
      .getByRole('button', { name: /Open the conversation/ })
      .click();
    // Every opening of a conversation states a reason, kept in the access log (privacyTiers.test.ts checks it).
    await giveReason(page);
    const call = await apiCallOf(`/api/conversations/${encodeURIComponent(conversationId)}`, () =>
      page.getByTestId('conversation-panel').getByRole('link', { name: 'Open the full conversation' }).click(),
    );
    expect(page.url()).toContain(`#/conversations/${encodeURIComponent(conversationId)}`);
    const conversation = await server.api<Conversation>(call);
    await untilText(page.getByRole('heading', { level: 1 }), `Conversation of ${conversationOf}`);
    await page.getByTestId('audit-notice').waitFor({ state: 'visible' });
    const messages = page.getByRole('region', { name: 'Transcript' }).locator('[data-message-type]');
    await messages.first().waitFor({ state: 'visible' });
    expect(await messages.count()).toBe(conversation.messages.length);
    const prompt = conversation.messages.find((m) => m.type === 'prompt' && m.contentType === 'text');
    if (prompt) await page.getByText(prompt.content.slice(0, 40)).first().waitFor({ state: 'visible' });
    for (const source of conversation.dataSources.slice(0, 3)) {
      if (source.name) expect(await page.getByText(source.name).count()).toBeGreaterThan(0);
    }
    await screenshot('04-conversation');
  });

  it('renders hostile HTML in a transcript inertly: formatting kept, scripts, frames and javascript: links gone', async () => {
    const hostile =
      '<p>Quarterly <b>numbers</b> <a href="javascript:window.__pwned=3">js link</a> ' +
      '<a href="https://contoso.example/report">report</a></p>' +
      '<img src="/nope.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>' +
      '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>';
    // The API's real answer, with one response's content swapped for attacker-shaped HTML.
    await page.route('**/api/conversations/**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Conversation;
      const target = body.messages.find((m) => m.type === 'response') ?? body.messages[0]!;
      target.contentType = 'html';
      target.content = hostile;
      await route.fulfill({ response, json: body });
    });
    hostileHtmlShown = true;
    try {
      await page.reload();
      await giveReason(page);
      const transcript = page.getByRole('region', { name: 'Transcript' });
      await transcript.locator('b', { hasText: 'numbers' }).waitFor();
      expect(await transcript.locator('script, img, iframe, style, [onerror]').count()).toBe(0);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      const safe = transcript.getByRole('link', { name: 'report', exact: true });
      expect(await safe.getAttribute('href')).toBe('https://contoso.example/report');
      expect(await safe.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await transcript.getByRole('link', { name: 'js link' }).count()).toBe(0);
      await transcript.getByText('js link').waitFor();
      expect(await page.locator('body').isVisible()).toBe(true);
    } finally {
      await page.unroute('**/api/conversations/**');
      await page.goto(`${server.baseUrl}/tab/#/overview`);
      hostileHtmlShown = false;
    }
  });

  it('shows that view in the access log', async () => {
    const call = await openView('Access log', '/api/access-log');
    const log = await expectTableMatches<AccessLogEntry>('Access log', call, (row) => row.subjectName ?? '');
    const entry = log.items.find((e) => e.what === 'conversation' && e.via === 'tab');
    expect(entry).toBeDefined();
    expect(entry!.viewer.demo).toBe(true);
    expect(entry!.shownIn).toBe('tab');
    expect(await dataRows('Access log').first().textContent()).toContain(conversationOf);
    expect(await dataRows('Access log').first().textContent()).toContain('Conversation transcript');
    await screenshot('05-access-log');
  });

  it('lists active users, and licensed users without activity', async () => {
    const call = await openView('Users', '/api/users');
    await expectTableMatches<UserRow>('Active users', call, (row) => row.displayName ?? row.userId);
    await screenshot('06-users-active');
    const inactive = await apiCallOf('/api/users/inactive', () =>
      page.getByRole('tab', { name: 'Licensed without activity' }).click(),
    );
    expect(page.url()).toContain('list=inactive');
    const rows = await server.api<ApiPage<LicensedInactiveRow>>(inactive);
    if (rows.total > 0) {
      await expectTableMatches<LicensedInactiveRow>(
        'Licensed users without activity',
        inactive,
        (row) => row.displayName ?? row.userId,
      );
    } else {
      await page.getByText('No licensed user without activity').waitFor({ state: 'visible' });
    }
    await screenshot('07-users-inactive');
  });

  it('lists data sources by references', async () => {
    const call = await openView('Data sources', '/api/data-sources');
    await expectTableMatches<DataSourceRow>('Data sources', call, (row) => row.name ?? row.url ?? row.key);
    await screenshot('08-data-sources');
  });

  it('shows the sync status and history, and starts a sync on "Sync now"', async () => {
    const call = await openView('Sync', '/api/sync/runs');
    const status = await server.api<SyncStatus>('/api/sync/status');
    await expectTableMatches<SyncRunSummary>('Sync runs', call, (run) => run.trigger);
    expect(status.lastRun).not.toBeNull();
    await untilText(page.getByTestId('sync-last-status'), /Succeeded|Completed with errors/);
    await screenshot('09-sync');
    const before = (await server.api<ApiPage<SyncRunSummary>>('/api/sync/runs')).total;
    // Slow Graph down so the run lasts long enough to watch its progress bar.
    await slowGraphPages(server.dataDir, 1500);
    try {
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByTestId('sync-progress').getByRole('progressbar').waitFor({ timeout: 15_000 });
      await untilText(
        page.getByTestId('sync-progress'),
        /Sync running: (Listing the licensed users|Reading Copilot history)/,
      );
      // While it runs, a second "Sync now" cannot be asked for, and "queued" is no longer said.
      expect(await page.getByRole('button', { name: 'Sync running…' }).isDisabled()).toBe(true);
      expect(await page.getByText(/has been queued/).count()).toBe(0);
      await screenshot('09-sync-running');
    } finally {
      await slowGraphPages(server.dataDir, 0);
    }
    // The new run ends and the history shows it without a reload.
    await waitFor('the requested sync to finish', async () => {
      const runs = await server.api<ApiPage<SyncRunSummary>>('/api/sync/runs');
      return runs.total > before && runs.items[0]!.status !== 'running' ? runs : undefined;
    });
    await untilText(rowCountAfter('Sync runs'), new RegExp(`of ${before + 1}$`), 15_000);
    // The history downloads as CSV too: one line per run.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: /Download CSV/ })
        .last()
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^copilot-observatory-sync-runs-.*\.csv$/);
    expect(parseCsv(readFileSync(await download.path(), 'utf8')).length - 1).toBe(before + 1);
  });

  it('routes to Ask and Setup from the navigation', async () => {
    for (const [label, hash] of [
      ['Ask', '#/ask'],
      ['Setup', '#/setup'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
      expect(page.url()).toContain(hash);
      await page.locator('main h1, main h2').first().waitFor({ state: 'visible' });
      await screenshot(`10-${label.toLowerCase()}`);
    }
  });

  it('can be driven from the keyboard: skip link and view changes put focus on the view title', async () => {
    // A fresh load, as a keyboard user arriving has: focus starts at the top of the page.
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    await page.reload();
    await page.getByTestId('stat-Active users').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    await page.getByRole('navigation').getByRole('link', { name: 'Data sources', exact: true }).focus();
    await page.keyboard.press('Enter');
    await untilText(page.getByRole('heading', { level: 1 }), 'Data sources');
    await waitFor('focus on the new title', async () =>
      (await page.evaluate('document.activeElement.textContent')) === 'Data sources' ? true : undefined,
    );
  });

  it('switches to the dark theme (and keeps it on reload)', async () => {
    await page.goto(`${server.baseUrl}/tab/#/overview`);
    const provider = page.locator('.fui-FluentProvider').first();
    const surface = page.getByTestId('app-surface');
    await page.getByTestId('stat-Active users').waitFor({ state: 'visible' });
    const light = await surface.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await untilAttribute(provider, 'data-theme', 'dark');
    const dark = await surface.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    expect(dark).not.toBe(light);
    expect(luminance(dark)).toBeLessThan(luminance(light));
    expect(page.url()).toContain('theme=dark');
    await page.reload();
    await untilAttribute(provider, 'data-theme', 'dark');
    await screenshot('11-overview-dark');
  });

  it('raised no page errors or console errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Relative luminance of `rgb(r, g, b)` (0 black … 1 white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0)) / 255;
}
