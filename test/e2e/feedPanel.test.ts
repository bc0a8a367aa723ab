import { giveReason } from './support/accessReason';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { AccessLogEntry, ActivityRow, Conversation, DataSourceRow, UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { closedContext } from './support/browser';
import { useDemoSuite } from './support/demoSuite';
import { apiCallOf, openPage, untilText } from './support/pageWait';
import { waitFor, type ServerProcess } from './support/serverProcess';

interface ApiPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e', 'panel');
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

let server: ServerProcess;
let browser: Browser;
const pageErrors: string[] = [];

const grid = (page: Page, name: string): Locator => page.getByRole('grid', { name, exact: true });
const dataRows = (page: Page, name: string): Locator =>
  grid(page, name)
    .locator('[role="row"]')
    .filter({ hasNot: page.locator('[role="columnheader"]') });
/** A conversation as the API gives it to the demo admin (with a reason, for servers that ask for one). */
async function conversationOf(id: string): Promise<Conversation> {
  const response = await fetch(`${server.baseUrl}/api/conversations/${encodeURIComponent(id)}`, {
    headers: { 'x-access-reason': 'e2e%20test%20oracle' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Conversation;
}
const accessLog = () => server.api<ApiPage<AccessLogEntry>>('/api/access-log?limit=200');
/** Whether the element has keyboard focus (the tests' TypeScript has no DOM types, hence `globalThis`). */
const hasFocus = (locator: Locator) =>
  locator.evaluate(
    (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );
const scrollY = (page: Page) => page.evaluate<number>('window.scrollY');

useDemoSuite({ demoUsers: 20, artifacts: ARTIFACTS }, (suite) => ({ server, browser } = suite));

describe.each(SIZES)('the activity feed opens a conversation in a side panel at $width px', (size) => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(await closedContext(browser, size), pageErrors);
  });
  afterAll(async () => page.context().close());

  it('shows the transcript over the list, closes with Esc, returns focus to the row, and leaves the list as it was', async () => {
    const first = await apiCallOf(page, '/api/activity', () =>
      page.goto(`${server.baseUrl}/tab/#/observability?types=prompt&days=30`),
    );
    expect(first).toContain('types=prompt');
    await dataRows(page, 'Activity').first().waitFor();
    // A second page loaded, so "the list as it was" includes more than the first request.
    await apiCallOf(page, '/api/activity', () => page.getByRole('button', { name: 'Load more' }).click());
    await waitFor('the second page', async () => ((await dataRows(page, 'Activity').count()) > 50 ? true : undefined));
    const rowsBefore = await dataRows(page, 'Activity').count();
    const countBefore = await page.getByTestId('row-count').textContent();
    const feed = await server.api<ApiPage<ActivityRow>>(`${first.replace(/limit=\d+/, 'limit=200')}`);
    const target = feed.items[55]!;
    const row = dataRows(page, 'Activity').nth(55);
    const open = row.getByRole('button', { name: /Open the conversation/ });
    await open.scrollIntoViewIfNeeded();
    await open.focus();
    const scrollBefore = await scrollY(page);
    expect(scrollBefore).toBeGreaterThan(0);
    const rowAt = (await open.boundingBox())!.y;
    const urlBefore = page.url();
    // Asked before the count is taken: the API's answer is a logged viewing too.
    const conversation = await conversationOf(target.conversationId);
    const logBefore = (await accessLog()).total;

    const activityCalls: string[] = [];
    const onRequest = (r: { url(): string }) =>
      new URL(r.url()).pathname === '/api/activity' ? activityCalls.push(r.url()) : undefined;
    page.on('request', onRequest);
    // Keyboard: the row's trigger, Enter.
    await page.keyboard.press('Enter');
    // Every opening of a conversation states a reason first (kept in the access log).
    await giveReason(page);
    const panel = page.getByRole('dialog');
    const name = (conversation.displayName ?? conversation.userPrincipalName ?? conversation.userId).trim();
    await untilText(panel.locator('h2'), `Conversation of ${name}`);
    expect(page.url()).toContain(`panel=${encodeURIComponent(target.conversationId)}`);
    const messages = panel.getByRole('region', { name: 'Transcript' }).locator('[data-message-type]');
    await messages.first().waitFor({ state: 'visible' });
    expect(await messages.count()).toBe(conversation.messages.length);
    const prompt = conversation.messages.find((m) => m.type === 'prompt' && m.contentType === 'text');
    if (prompt) await panel.getByText(prompt.content.slice(0, 40)).first().waitFor({ state: 'visible' });
    expect(await panel.getByRole('link', { name: 'Open the full conversation' }).getAttribute('href')).toBe(
      `#/conversations/${encodeURIComponent(target.conversationId)}`,
    );
    // The panel fits the window beside (over) the list, with no sideways page scroll.
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThan(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(size.width);
    await page.screenshot({ path: path.join(ARTIFACTS, `panel-${size.width}.png`) });

    // Opening the text is in the access log, as the full page's is.
    const log = await waitFor('the access log entry', async () => {
      const now = await accessLog();
      return now.total === logBefore + 1 ? now : undefined;
    });
    expect(log.items[0]).toMatchObject({
      what: 'conversation',
      subjectUserId: conversation.userId,
      sessionId: conversation.sessionId,
    });

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await waitFor('focus back on the row', async () => ((await hasFocus(open)) ? true : undefined));
    expect(page.url()).toBe(urlBefore);
    expect(await dataRows(page, 'Activity').count()).toBe(rowsBefore);
    expect(await page.getByTestId('row-count').textContent()).toBe(countBefore);
    // The page scrolled as far as before, the row where it was on the screen.
    expect({ rowAt: (await open.boundingBox())!.y, scrolled: await scrollY(page) }).toEqual({
      rowAt,
      scrolled: scrollBefore,
    });
    // The list was never asked again: its filters and loaded pages are the ones it had.
    expect(activityCalls).toEqual([]);

    // The close button closes it too; every opening is logged again (nothing is served from a cache).
    await open.click();
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    await waitFor('a second access log entry', async () =>
      (await accessLog()).total === logBefore + 2 ? true : undefined,
    );
    await waitFor('focus back on the row again', async () => ((await hasFocus(open)) ? true : undefined));
    page.off('request', onRequest);
    expect(activityCalls).toEqual([]);
  });

  it('opens from a deep link (the panel in the URL), and its link leads to the full conversation page', async () => {
    const feed = await server.api<ApiPage<ActivityRow>>('/api/activity?types=session&limit=5');
    const id = feed.items[0]!.conversationId;
    // A fresh load, as a link from elsewhere opens it.
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/tab/#/observability?types=session&panel=${encodeURIComponent(id)}`);
    await giveReason(page);
    const panel = page.getByRole('dialog');
    await panel
      .locator('[data-message-type]')
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: path.join(ARTIFACTS, `deep-link-failed-${size.width}.png`) });
        throw error;
      });
    await panel.getByRole('link', { name: 'Open the full conversation' }).click();
    await waitFor('the conversation page', async () =>
      page.url().includes(`#/conversations/${encodeURIComponent(id)}`) ? true : undefined,
    );
    await page.getByTestId('audit-notice').waitFor({ state: 'visible' });
    // "Back to activity" returns to the list with its filters, not to the panel (which would be a new viewing).
    const back = await page.getByRole('link', { name: /Back to activity/ }).getAttribute('href');
    expect(back).toContain('types=session');
    expect(back).not.toContain('panel=');
    expect(pageErrors).toEqual([]);
  });
});

describe('the Activity type control', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(await closedContext(browser, SIZES[1]), pageErrors);
  });
  afterAll(async () => page.context().close());

  it('is a menu button with checkable items, driven from the keyboard', async () => {
    await page.goto(`${server.baseUrl}/tab/#/observability`);
    const button = page.getByRole('button', { name: /^Activity type/ });
    await untilText(button, 'All types');
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    // Not announced as a combobox any more.
    expect(await page.getByRole('combobox', { name: /Activity type/ }).count()).toBe(0);
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Activity type' });
    await menu.waitFor();
    const items = menu.getByRole('menuitemcheckbox');
    expect(await items.allTextContents()).toEqual(['Session', 'Prompt', 'Response', 'Data source access']);
    expect(await items.evaluateAll((els) => els.map((el) => el.getAttribute('aria-checked')))).toEqual([
      'false',
      'false',
      'false',
      'false',
    ]);
    const call = await apiCallOf(page, '/api/activity', async () => {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
    });
    expect(call).toContain('types=prompt');
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Prompt' }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await hasFocus(button)).toBe(true);
    await untilText(button, 'Prompt');
    expect(page.url()).toContain('types=prompt');
    expect(pageErrors).toEqual([]);
  });
});

describe('Users and Data sources have the time model', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(await closedContext(browser, SIZES[1]), pageErrors);
  });
  afterAll(async () => page.context().close());

  /** "Showing 20 of 31" -> 31. */
  const shownTotal = async (): Promise<number> => {
    const text = (await page.getByTestId('row-count').textContent()) ?? '';
    return Number(/of ([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));
  };

  for (const view of [
    { hash: 'users', endpoint: '/api/users', grid: 'Active users' },
    { hash: 'data-sources', endpoint: '/api/data-sources', grid: 'Data sources' },
  ]) {
    it(`${view.hash}: the last 30 days by default, All time and a preset change the rows as the API does`, async () => {
      const initial = await apiCallOf(page, view.endpoint, () => page.goto(`${server.baseUrl}/tab/#/${view.hash}`));
      expect(initial).toMatch(/from=.*to=/);
      const picker = page.getByLabel('Time range');
      expect(await picker.inputValue()).toBe('30');
      await dataRows(page, view.grid).first().waitFor();
      const month = await server.api<ApiPage<UserRow | DataSourceRow>>(initial);
      await waitFor('the 30-day total', async () => ((await shownTotal()) === month.total ? true : undefined));
      await untilText(page.getByTestId('range-counts-note'), /in the chosen range/);

      const all = await apiCallOf(page, view.endpoint, () => picker.selectOption('all'));
      expect(all).not.toContain('from=');
      expect(page.url()).toContain('days=all');
      const allTime = await server.api<ApiPage<UserRow | DataSourceRow>>(all);
      await waitFor('the all-time total', async () => ((await shownTotal()) === allTime.total ? true : undefined));
      await untilText(page.getByTestId('range-counts-note'), /^All time/);
      expect(await page.getByTestId('not-synced-before').count()).toBe(0);

      // Today only: fewer rows than all time on the demo tenant, as the API says.
      const today = await apiCallOf(page, view.endpoint, () => picker.selectOption('1'));
      const todays = await server.api<ApiPage<UserRow | DataSourceRow>>(today);
      expect(todays.total).toBeLessThan(allTime.total);
      if (todays.total > 0)
        await waitFor('the day total', async () => ((await shownTotal()) === todays.total ? true : undefined));
      else await page.getByText(/No .* match these filters/).waitFor();

      // Before the synced history: nothing, and said to be unsynced rather than unused.
      await page.goto(`${server.baseUrl}/tab/#/${view.hash}?from=2020-01-01&to=2020-01-31`);
      await untilText(page.getByTestId('not-synced-before'), /^Not synced before /);
      await page.getByText(/No .* match these filters/).waitFor();
    });
  }
});
