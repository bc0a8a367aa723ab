import type { BrowserContext, Locator, Page } from 'playwright-core';
import { waitFor } from './serverProcess';

/** Waits until the locator's text (trimmed) equals `expected`, or matches it when a RegExp. */
export async function untilText(locator: Locator, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    `text ${String(expected)}`,
    async () => {
      const text = (await locator.textContent().catch(() => null))?.trim() ?? null;
      if (text === null) return undefined;
      return (typeof expected === 'string' ? text === expected : expected.test(text)) ? true : undefined;
    },
    timeoutMs,
  );
}

/** The path + query of the GET `action` makes the page send to `endpoint` (so a test can ask the API the same). */
export async function apiCallOf(page: Page, endpoint: string, action: () => Promise<unknown>): Promise<string> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === endpoint && r.request().method() === 'GET'),
    action(),
  ]);
  const url = new URL(response.url());
  return `${url.pathname}${url.search}`;
}

/** A new page with a 10 s default wait whose uncaught errors and console errors are pushed to `errors`. */
export async function openPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(`console: ${m.text()}`) : undefined));
  return page;
}
