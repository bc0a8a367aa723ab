import { giveReason } from './support/accessReason';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ActivityRow, DepartmentAdoption, FindingRow, UserRow } from '../../server/api/contracts';
import { ROOT } from '../support/buildDist';
import { closedContext, launchBrowser } from './support/browser';
import { injectAndSync } from './support/injectActivity';
import { openPage } from './support/pageWait';
import { startServer, waitFor, type ServerProcess } from './support/serverProcess';
import { mintSsoToken } from './support/simulator';

interface ApiPage<T> {
  items: T[];
  total: number;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e', 'views');
// Evaluated through the DevTools protocol: the tab's CSP (script-src 'self') refuses an injected <script>.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Left out of the scan, and why:
 * - `[data-tabster-dummy]`: the focus sentinels Fluent UI's tabster inserts around focus-trapped and grouped regions
 *   (empty `aria-hidden` elements with tabindex 0, so that Tab can wrap or leave a group). They are third-party
 *   plumbing, not our content, and axe reports each as a focusable element inside `aria-hidden`.
 */
const EXCLUDE = ['[data-tabster-dummy]'];

/** Every view; ids in CAPITALS are filled in once the demo tenant has synced. */
const VIEWS: Array<{ name: string; hash: string }> = [
  { name: 'overview', hash: 'overview' },
  { name: 'agents', hash: 'inventory/agents' },
  { name: 'activity-feed', hash: 'observability' },
  { name: 'conversation', hash: 'conversations/CONVERSATION' },
  { name: 'users', hash: 'users' },
  { name: 'users-inactive', hash: 'users?list=inactive' },
  { name: 'users-unreadable', hash: 'users?list=unreadable' },
  { name: 'person', hash: 'people/PERSON' },
  { name: 'data-sources', hash: 'data-sources' },
  { name: 'departments', hash: 'departments' },
  { name: 'department', hash: 'departments/DEPARTMENT' },
  { name: 'risk', hash: 'risk' },
  { name: 'finding', hash: 'risk/FINDING' },
  { name: 'sync', hash: 'sync' },
  { name: 'access-log', hash: 'access-log' },
  { name: 'setup', hash: 'setup' },
  { name: 'ask', hash: 'ask' },
];

/** The three Teams themes (`?theme=` outside Teams), each at both tab sizes for light, the wide one for the others. */
const PASSES = [
  { theme: 'light', width: 1024, height: 768 },
  { theme: 'light', width: 1440, height: 900 },
  { theme: 'dark', width: 1440, height: 900 },
  { theme: 'contrast', width: 1440, height: 900 },
] as const;

let server: ServerProcess;
let browser: Browser;
const ids: Record<string, string> = {};
/** The author of the newest prompt, whose prompts Ask lists for an Investigator once a reason is given. */
let asker = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ demoUsers: 30 });
  ({ browser } = await launchBrowser());
  const person = (await server.api<ApiPage<UserRow>>('/api/users?limit=1')).items[0]!;
  ids.PERSON = person.userId;
  const session = (await server.api<ApiPage<ActivityRow>>('/api/activity?types=session&limit=1')).items[0]!;
  ids.CONVERSATION = session.conversationId;
  asker = (await server.api<ApiPage<ActivityRow>>('/api/activity?types=prompt&limit=1')).items[0]!.displayName!;
  const departments = await server.api<DepartmentAdoption>('/api/departments');
  ids.DEPARTMENT = departments.items.find((d) => d.kind === 'department')!.department!;
  // A finding with evidence, so the Risk view has rows and a finding's page its masked evidence.
  const card = ['4111', '1111', '1111', '1111'].join(' ');
  const [promptId] = await injectAndSync(server, person.userId, [{ prompt: `Pay the venue with card ${card}.` }]);
  const findings = await server.api<ApiPage<FindingRow>>(`/api/findings?userId=${person.userId}&limit=200`);
  ids.FINDING = findings.items.find((f) => f.interactionId === promptId)!.id;
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 30_000);

/** Loads a view in a theme and waits until it has its title and no spinner. */
async function show(page: Page, theme: string, hash: string): Promise<void> {
  const filled = hash.replace(/[A-Z]{4,}/, (key) => encodeURIComponent(ids[key]!));
  await page.goto(`${server.baseUrl}/tab/?theme=${theme}#/${filled}`);
  // A conversation opens only with a reason (kept in the access log).
  if (hash.startsWith('conversations/')) await giveReason(page);
  // Generous: on a loaded machine a view's first queries can take a while.
  await page.locator('main h1').waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor('the view to load', async () =>
    (await page.getByRole('progressbar').count()) === 0 ? true : undefined,
  );
  // The view at rest: a pointer left over a table row by an earlier click (the reason dialog's button) would scan that
  // row's hover colours instead, and differently from run to run.
  await page.mouse.move(0, 0);
  // Charts and tables settle (column fitting, chart animation) before they are scanned or photographed.
  await page.waitForTimeout(400);
}

/** axe-core's WCAG 2.1 A/AA rules and its best practices (heading order, landmarks) over the whole page. */
async function scan(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `window.axe.run({ exclude: ${JSON.stringify(EXCLUDE.map((s) => [s]))} }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  );
}

/**
 * Hovers the first row of every table on the page in turn and runs axe's colour-contrast rule over that row: a hovered
 * row changes its background (and in high contrast Teams' cyan #1aebff), which the page scan at rest never sees.
 */
async function scanHoveredRows(page: Page): Promise<string[]> {
  const found: string[] = [];
  const grids = page.getByRole('grid');
  for (let g = 0; g < (await grids.count()); g++) {
    const grid = grids.nth(g);
    // The body's rows: the header row is the first row of the grid.
    const row = grid.getByRole('row').nth(1);
    if ((await row.count()) === 0) continue;
    await row.hover({ position: { x: 4, y: 4 } });
    await row.evaluate((element) => element.setAttribute('data-hovered-row', ''));
    const violations = (await page.evaluate(
      `window.axe.run({ include: [['[data-hovered-row]']] }, {
        runOnly: { type: 'rule', values: ['color-contrast'] },
        resultTypes: ['violations'],
      }).then((r) => r.violations)`,
    )) as AxeViolation[];
    await row.evaluate((element) => element.removeAttribute('data-hovered-row'));
    const name = await grid.getAttribute('aria-label');
    found.push(...violations.flatMap((v) => v.nodes.map((n) => `${name}, hovered: ${n.failureSummary ?? v.help}`)));
  }
  await page.mouse.move(0, 0);
  return found;
}

describe.each(PASSES)('every view in the $theme theme at $width×$height', (pass) => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(await closedContext(browser, { width: pass.width, height: pass.height }), pageErrors);
  });
  afterAll(async () => page.context().close());

  it.each(VIEWS)('has no axe violations on $name, nor in a hovered table row', async (view) => {
    await show(page, pass.theme, view.hash);
    const file = `${view.name}-${pass.theme === 'light' ? '' : `${pass.theme}-`}${pass.width}.png`;
    await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
    expect(await scan(page)).toEqual([]);
    expect(await scanHoveredRows(page)).toEqual([]);
  });
});

/** The tab as another tier: every API call carries an SSO token with that tier's app role, as inside Teams. */
async function pageAs(tier: 'Analyst' | 'Investigator', theme: string): Promise<Page> {
  const token = await mintSsoToken(server.dataDir, {
    userId: ids.PERSON!,
    name: `E2E ${tier}`,
    roles: [`CopilotObservatory.${tier}`],
  });
  const context = await closedContext(browser, { width: 1024, height: 768 });
  await context.route(
    (url) => url.hostname === '127.0.0.1' && url.pathname.startsWith('/api/'),
    (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
  );
  const page = await openPage(context, pageErrors);
  await page.goto(`${server.baseUrl}/tab/?theme=${theme}#/overview`);
  await page.getByText(`E2E ${tier} · ${tier}`).waitFor();
  return page;
}

describe.each(['light', 'dark', 'contrast'])('what only some tiers see, in the %s theme', (theme) => {
  it("has no axe violations on Ask's reason form, before an Investigator reads a person's prompts", async () => {
    const page = await pageAs('Investigator', theme);
    try {
      await page.goto(`${server.baseUrl}/tab/?theme=${theme}#/ask`);
      await page.getByRole('textbox', { name: 'Question' }).fill(`what did ${asker} ask copilot in the last 30 days`);
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      const form = page.getByRole('form', { name: 'Why do you need to read these prompts?' });
      await form.getByRole('textbox', { name: /Reason/ }).waitFor();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(ARTIFACTS, `ask-reason-${theme}-1024.png`), fullPage: true });
      expect(await scan(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("has no axe violations on an Analyst's Sync view, with its note on what needs the Admin role", async () => {
    const page = await pageAs('Analyst', theme);
    try {
      await page.goto(`${server.baseUrl}/tab/?theme=${theme}#/sync`);
      await page.getByTestId('needs-role').waitFor();
      await page.getByRole('grid', { name: 'Sync runs' }).waitFor();
      await waitFor('the view to load', async () =>
        (await page.getByRole('progressbar').count()) === 0 ? true : undefined,
      );
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(ARTIFACTS, `sync-analyst-${theme}-1024.png`), fullPage: true });
      expect(await scan(page)).toEqual([]);
      expect(await scanHoveredRows(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

it('raised no page errors or console errors', () => {
  expect(pageErrors).toEqual([]);
});
