import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type {
  ActivityRow,
  DepartmentAdoption,
  FindingRow,
  LicensedInactiveRow,
  SyncStatus,
  UserRow,
  UserSyncErrorRow,
} from '../../server/api/contracts';
import { parseCsv } from '../api/apiClient';
import { ROOT } from '../support/buildDist';
import { giveReason } from './support/accessReason';
import { closedContext, launchBrowser } from './support/browser';
import { injectAndSync } from './support/injectActivity';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';

interface ApiPage<T> {
  items: T[];
  total: number;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e', 'layout');
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

/** Every view with a table or a form, and the column each table must always show (its key or its action). */
const VIEWS: Array<{ hash: string; name: string; keep: Record<string, string[]> }> = [
  { hash: 'overview', name: 'overview', keep: {} },
  { hash: 'inventory/agents', name: 'agents', keep: { Agents: ['Agent / app', 'User', 'Last used', 'Activity'] } },
  { hash: 'observability', name: 'observability', keep: { Activity: ['When', 'User', 'Conversation'] } },
  { hash: 'users', name: 'users', keep: { 'Active users': ['User', 'Last active'] } },
  { hash: 'users?list=inactive', name: 'users-inactive', keep: { 'Licensed users without activity': ['User'] } },
  {
    hash: 'users?list=unreadable',
    name: 'users-unreadable',
    keep: { 'Licensed users whose history could not be read': ['User', 'What Graph said', 'What to do'] },
  },
  {
    hash: 'departments',
    name: 'departments',
    keep: { Departments: ['Department', 'Licensed users', 'Active users', 'Active / licensed'] },
  },
  // A department's page: the largest department's name is known once the server has synced (`DEPARTMENT`).
  { hash: 'departments/DEPARTMENT', name: 'department', keep: { 'Top users': ['User', 'Prompts'] } },
  { hash: 'data-sources', name: 'data-sources', keep: { 'Data sources': ['Name', 'References', 'Last referenced'] } },
  {
    hash: 'sync',
    name: 'sync',
    keep: { 'Sync runs': ['Started', 'Status', 'Errors'], 'Users the last sync could not read': ['User', 'Since'] },
  },
  { hash: 'access-log', name: 'access-log', keep: { 'Access log': ['When', 'Viewer', 'Whose'] } },
  { hash: 'risk', name: 'risk', keep: { Findings: ['When', 'Severity', 'Finding', 'User', 'Status'] } },
  // A finding's page: its id is known once the set-up has injected a risky prompt (`FINDING` is replaced).
  { hash: 'risk/FINDING', name: 'finding', keep: {} },
  { hash: 'ask', name: 'ask', keep: {} },
  { hash: 'setup', name: 'setup', keep: {} },
];

let server: ServerProcess;
let browser: Browser;
let unreadable: UserSyncErrorRow;
let findingId: string;
let departmentName: string;
let personId: string;
let conversationId: string;
const pageErrors: string[] = [];

async function openPage(size: { width: number; height: number }): Promise<Page> {
  const page = await (await closedContext(browser, size)).newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (m) => (m.type() === 'error' ? pageErrors.push(`console: ${m.text()}`) : undefined));
  return page;
}

/** Loads a view and waits until it has its title and no spinner. */
async function show(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.baseUrl}/tab/#/${hash}`);
  await settle(page);
}

/** Waits until the view has its title and no spinner. */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1').waitFor({ state: 'visible' });
  await waitFor('the view to load', async () =>
    (await page.getByRole('progressbar').count()) === 0 ? true : undefined,
  );
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A schedule, so the Sync view has a next run to show.
  server = await startServer({ demoUsers: 30, env: { SYNC_INTERVAL_MINUTES: '60' } });
  ({ browser } = await launchBrowser());
  const refused = await server.api<ApiPage<UserSyncErrorRow>>('/api/sync/user-errors');
  expect(refused.total).toBeGreaterThan(0);
  unreadable = refused.items[0]!;
  // A finding with evidence, so the Risk view has rows and a finding's page to lay out.
  const someone = (await server.api<ApiPage<UserRow>>('/api/users?limit=1')).items[0]!;
  const card = ['4111', '1111', '1111', '1111'].join(' ');
  const [promptId] = await injectAndSync(server, someone.userId, [{ prompt: `Pay the venue with card ${card}.` }]);
  const findings = await server.api<ApiPage<FindingRow>>(`/api/findings?userId=${someone.userId}&limit=200`);
  findingId = findings.items.find((f) => f.interactionId === promptId)!.id;
  const departments = await server.api<DepartmentAdoption>('/api/departments');
  departmentName = departments.items.find((d) => d.kind === 'department')!.department!;
  personId = someone.userId;
  conversationId = (await server.api<ApiPage<ActivityRow>>('/api/activity?types=session&limit=1')).items[0]!
    .conversationId;
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

describe.each(SIZES)('the tab at $width×$height', (size) => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(size);
  });
  afterAll(async () => page.context().close());

  it.each(VIEWS)('fits $name without sideways page scroll, its key and action columns on screen', async (view) => {
    await show(page, view.hash.replace('FINDING', findingId).replace('DEPARTMENT', encodeURIComponent(departmentName)));
    const { scrollWidth, innerWidth } = (await page.evaluate(
      '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })',
    )) as { scrollWidth: number; innerWidth: number };
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // The view takes the whole width beside the navigation, however little it holds.
    const mainRight = (await page.locator('main').boundingBox())!;
    expect(mainRight.x + mainRight.width).toBeGreaterThanOrEqual(innerWidth - 1);
    for (const [grid, headers] of Object.entries(view.keep)) {
      const table = page.getByRole('grid', { name: grid, exact: true });
      // An empty list shows its empty state instead of a grid.
      if ((await table.count()) === 0) continue;
      for (const header of headers) {
        const box = await table.getByRole('columnheader', { name: header, exact: true }).boundingBox();
        expect({ grid, header, visible: box !== null && box.x >= 0 && box.x + box.width <= innerWidth + 1 }).toEqual({
          grid,
          header,
          visible: true,
        });
      }
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `${view.name}-${size.width}.png`), fullPage: true });
  });

  it('keeps the table header on screen while the page scrolls', async () => {
    await show(page, 'observability');
    const header = page.getByRole('grid', { name: 'Activity', exact: true }).getByRole('row').first();
    const before = (await header.boundingBox())!;
    await page.mouse.wheel(0, 1200);
    await waitFor('the page to scroll', async () =>
      ((await page.evaluate('window.scrollY')) as number) > before.y ? true : undefined,
    );
    const after = (await header.boundingBox())!;
    expect(after.y).toBeGreaterThanOrEqual(-1);
    expect(after.y).toBeLessThan(5);
  });

  it('opens every column of a row in a side panel, and shows a hidden column from the column chooser', async () => {
    await show(page, 'inventory/agents');
    const grid = page.getByRole('grid', { name: 'Agents', exact: true });
    const chooser = page.getByRole('button', { name: 'Columns of Agents' });
    if (!/hidden/.test((await chooser.textContent()) ?? '')) return; // everything fits at this width
    await grid
      .getByRole('button', { name: /^All columns/ })
      .first()
      .click();
    const details = page.getByTestId('row-details');
    await details.waitFor({ state: 'visible' });
    for (const term of ['Agent / app', 'User', 'Department', 'Prompts', 'First used']) {
      expect(await details.getByText(term, { exact: true }).count()).toBe(1);
    }
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    expect(await grid.getByRole('columnheader', { name: 'First used' }).count()).toBe(0);
    await chooser.click();
    await page.getByRole('menuitemcheckbox', { name: 'First used' }).click();
    await page.keyboard.press('Escape');
    await grid.getByRole('columnheader', { name: 'First used' }).waitFor({ state: 'visible' });
  });

  it('hides the navigation behind a menu button when narrow, and shows it on demand', async () => {
    await show(page, 'overview');
    const toggle = page.getByRole('button', { name: /navigation/ });
    const nav = page.getByRole('navigation', { name: 'Views' });
    const open = size.width >= 1200;
    expect(await toggle.getAttribute('aria-expanded')).toBe(String(open));
    expect(await nav.isVisible()).toBe(open);
    await toggle.click();
    await waitFor('the navigation to toggle', async () => ((await nav.isVisible()) !== open ? true : undefined));
    await toggle.click();
    await waitFor('the navigation to toggle back', async () => ((await nav.isVisible()) === open ? true : undefined));
  });
});

/** The widths Teams gives a tab besides a desktop's: a meeting's side panel (320) and a small window or tablet (768). */
const NARROW = [
  { width: 320, height: 720 },
  { width: 768, height: 1024 },
] as const;

/** Every view and page: the tables' views above, and the pages reached from them. */
const EVERY_VIEW = [
  ...VIEWS.map((v) => ({ name: v.name, hash: v.hash })),
  { name: 'person', hash: 'people/PERSON' },
  { name: 'conversation', hash: 'conversations/CONVERSATION' },
  { name: 'feed-panel', hash: 'observability?panel=CONVERSATION' },
  { name: 'risk-rules', hash: 'risk-rules' },
];

interface NarrowLayout {
  scrollWidth: number;
  innerWidth: number;
  /** Text boxes that run past the window's right edge outside a box that scrolls sideways. */
  pastTheEdge: string[];
  /** Pairs of text boxes drawn over each other. */
  overlapping: string[];
  /** Text squeezed into a column a few letters wide. */
  squeezed: string[];
}

/**
 * Where the page's text lies: each element that holds text of its own (outside charts, which draw their own labels),
 * checked against the window's right edge (unless a sideways-scrolling box holds it), against every other such
 * element (overlap), and for a column too narrow to read.
 */
const NARROW_LAYOUT = `(() => {
  const name = (e) => e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 30) + '"';
  const scrollsSideways = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(p).overflowX) && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  // The part of an element's box that shows: a box that scrolls (a wide table's region) clips what is outside it.
  const shown = (e) => {
    let { left, top, right, bottom } = e.getBoundingClientRect();
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflow === 'visible') continue;
      const c = p.getBoundingClientRect();
      left = Math.max(left, c.left); top = Math.max(top, c.top);
      right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
    }
    return { left, top, right, bottom, width: right - left, height: bottom - top, full: e.getBoundingClientRect() };
  };
  const boxes = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg') || e.children.length > 0 || !e.textContent.trim()) continue;
    const r = shown(e);
    // Screen-reader-only text is 1 px wide; the skip link waits off-screen until focused.
    if (r.width <= 1 || r.height <= 1 || r.right < 0 || getComputedStyle(e).visibility === 'hidden') continue;
    boxes.push({ e, r });
  }
  const pastTheEdge = boxes
    .filter(({ e, r }) => r.full.right > window.innerWidth + 1 && !scrollsSideways(e))
    .map(({ e, r }) => name(e) + ' ends at ' + Math.round(r.full.right));
  const overlapping = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // Inside a drawer or popover over the page is where it belongs.
      if (x > 2 && y > 2 && !boxes[i].e.closest('[role=dialog]') === !boxes[j].e.closest('[role=dialog]'))
        overlapping.push(name(boxes[i].e) + ' over ' + name(boxes[j].e));
    }
  const squeezed = boxes
    .filter(({ e, r }) => e.textContent.trim().length > 12 && r.full.width < 48)
    .map(({ e, r }) => name(e) + ' ' + Math.round(r.full.width) + ' px wide');
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    pastTheEdge,
    overlapping: overlapping.slice(0, 10),
    squeezed,
  };
})()`;

describe.each(NARROW)('the tab at $width px wide', (size) => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(size);
  });
  afterAll(async () => page.context().close());

  it('lays out every view without sideways page scroll, text past the edge, text over text or squeezed text', async () => {
    const problems: Record<string, Partial<NarrowLayout>> = {};
    for (const view of EVERY_VIEW) {
      const hash = view.hash
        .replace('FINDING', findingId)
        .replace('DEPARTMENT', encodeURIComponent(departmentName))
        .replace('PERSON', encodeURIComponent(personId))
        .replace('CONVERSATION', encodeURIComponent(conversationId));
      // A new page load for each: a conversation asks its reason once per page load.
      await page.goto('about:blank');
      await page.goto(`${server.baseUrl}/tab/#/${hash}`);
      // A conversation opens only with a reason.
      if (view.hash.includes('CONVERSATION')) await giveReason(page);
      await settle(page);
      await page.mouse.move(0, 0);
      const layout = (await page.evaluate(NARROW_LAYOUT)) as NarrowLayout;
      const found: Partial<NarrowLayout> = {};
      if (layout.scrollWidth > layout.innerWidth) found.scrollWidth = layout.scrollWidth;
      for (const key of ['pastTheEdge', 'overlapping', 'squeezed'] as const)
        if (layout[key].length > 0) found[key] = layout[key];
      if (Object.keys(found).length > 0) problems[view.name] = found;
      await page.screenshot({ path: path.join(ARTIFACTS, `${view.name}-${size.width}.png`), fullPage: true });
    }
    expect(problems).toEqual({});
  });
});

describe('the keyboard in tables', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(SIZES[1]);
  });
  afterAll(async () => page.context().close());

  const focused = () =>
    page.evaluate('document.activeElement?.closest("[role=columnheader], button, [data-testid]")?.textContent ?? ""');

  it('keeps focus on a sortable header after Enter sorts by it, and on Load more after Enter loads more', async () => {
    await show(page, 'inventory/agents');
    const grid = page.getByRole('grid', { name: 'Agents', exact: true });
    const header = grid.getByRole('columnheader', { name: /Prompts/ }).getByRole('button');
    await header.focus();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=promptCount')),
      page.keyboard.press('Enter'),
    ]);
    await waitFor('the sorted rows', async () =>
      (await grid.getAttribute('aria-busy')) === 'true' ? undefined : true,
    );
    expect(String(await focused())).toMatch(/Prompts/);

    const more = page.getByRole('button', { name: 'Load more' });
    if ((await more.count()) === 0) return; // one page only
    await more.focus();
    await Promise.all([page.waitForResponse((r) => r.url().includes('cursor=')), page.keyboard.press('Enter')]);
    await waitFor('the next page', async () => (/Load more|Showing/.test(String(await focused())) ? true : undefined));
    expect(await page.evaluate('document.activeElement === document.body')).toBe(false);
  });
});

describe('drill-downs from the Overview', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(SIZES[1]);
  });
  afterAll(async () => page.context().close());

  it("opens the list behind a figure for the same range, and a top user's page from their bar", async () => {
    await show(page, 'overview?days=7');
    await page.getByRole('link', { name: /^Sessions: .*show the list$/ }).click();
    expect(page.url()).toMatch(/#\/observability\?.*days=7/);
    expect(page.url()).toContain('types=session');
    await show(page, 'overview?days=7');
    const bars = page.getByTestId('chart-top-users').locator('svg rect[role="img"], svg rect');
    await bars.first().waitFor({ state: 'attached' });
    const count = await bars.count();
    // The chart draws bars among other rects: click until one opens a person's page.
    for (let i = 0; i < count && !/#\/people\//.test(page.url()); i++) {
      await bars
        .nth(i)
        .click({ force: true, timeout: 2000 })
        .catch(() => undefined);
    }
    expect(page.url()).toMatch(/#\/people\//);
    await page.getByRole('grid', { name: 'Apps of this person', exact: true }).waitFor();
  });
});

describe("a person's page", () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(SIZES[0]);
  });
  afterAll(async () => page.context().close());

  it('opens from a name in a list, shows their apps and sessions, and opens a session', async () => {
    await show(page, 'users');
    const first = page.getByRole('grid', { name: 'Active users', exact: true }).getByRole('link').first();
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    expect(page.url()).toMatch(/#\/people\//);
    await waitFor('the person page', async () =>
      ((await page.locator('main h1').textContent()) ?? '').trim() === name ? true : undefined,
    );
    const apps = page.getByRole('grid', { name: 'Apps of this person', exact: true });
    await apps.getByRole('columnheader', { name: 'Last used', exact: true }).waitFor();
    expect(await apps.getByRole('link', { name: 'View activity' }).count()).toBeGreaterThan(0);
    const sessions = page.getByRole('grid', { name: 'Sessions of this person', exact: true });
    await sessions
      .getByRole('link', { name: /Open the conversation/ })
      .first()
      .click();
    expect(page.url()).toMatch(/#\/conversations\//);
    await page.getByTestId('audit-notice').waitFor({ state: 'visible' });
  });
});

describe('a user whose history the export API refuses, in the tab', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(SIZES[1]);
  });
  afterAll(async () => page.context().close());

  const name = () => (unreadable.displayName ?? unreadable.userPrincipalName ?? unreadable.userId).trim();

  it('is named in the Sync view with what Graph said, since when and what to do; the next run is shown', async () => {
    await show(page, 'sync');
    const status = await server.api<SyncStatus>('/api/sync/status');
    expect(status.nextRunAt).not.toBeNull();
    expect(await page.getByTestId('sync-next-run').textContent()).not.toMatch(/Not scheduled/);
    expect(await page.getByTestId('sync-users-with-errors').textContent()).toMatch(/^1 user/);
    const row = page
      .getByRole('grid', { name: 'Users the last sync could not read', exact: true })
      .getByRole('row')
      .filter({ hasText: name() });
    await row.waitFor({ state: 'visible' });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('403 Forbidden');
    expect(text).toContain('Never read');
    expect(text).toContain('licence');
  });

  it('is listed under History unreadable, reached from the Overview, and never under Licensed without activity or its CSV', async () => {
    await show(page, 'overview');
    await page.getByTestId('overview-unreadable').click();
    await page.getByRole('tab', { name: 'History unreadable', selected: true }).waitFor();
    expect(page.url()).toContain('list=unreadable');
    await page.getByRole('grid').getByText(name()).waitFor({ state: 'visible' });

    await page.getByRole('tab', { name: 'Licensed without activity' }).click();
    const inactive = await server.api<ApiPage<LicensedInactiveRow>>('/api/users/inactive?limit=200');
    expect(inactive.items.map((u) => u.userId)).not.toContain(unreadable.userId);
    await waitFor('the list', async () => ((await page.getByRole('progressbar').count()) === 0 ? true : undefined));
    expect(await page.getByRole('main').getByText(name(), { exact: true }).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download CSV/ }).click(),
    ]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(csv.slice(1).map((r) => r[csv[0]!.indexOf('User id')])).not.toContain(unreadable.userId);
  });

  it('raised no page errors or console errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
