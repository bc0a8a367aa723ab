import { accessSync, constants } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, Debian's or Google's package, or the one `npx playwright
 * install chromium` fetched (the places scripts/ensure-browser.js, run before `npm test`, looks in).
 */
export const CHROMIUM_PATH = findChromium();

function findChromium(): string {
  const places = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    playwrightsOwn(),
  ];
  return places.find((file): file is string => !!file && isExecutable(file)) ?? '/usr/bin/chromium';
}

function playwrightsOwn(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined; // playwright-core knows no browser of its own here
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false; // not there (or not runnable): the next place
  }
}

// Flags for a closed network: no background fetches, no sandbox (we may run as root), no GPU.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Debian Chromium whose pages reach 127.0.0.1 only: teams-js' list of valid Teams origins (fetched from
 * Microsoft's CDN) is answered locally, every other outside request is aborted.
 */
export async function launchBrowser(
  options: { framedByPublicHost?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ browser: Browser; context: BrowserContext }> {
  // A stand-in https://teams.microsoft.com page framing the tab on http://127.0.0.1 is a public site reaching the
  // loopback network, which Chromium's Local Network Access refuses; a real deployment serves the tab publicly.
  const args = options.framedByPublicHost
    ? [...ARGS, '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests']
    : ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  const context = await closedContext(browser, options.viewport ?? { width: 1440, height: 1000 });
  return { browser, context };
}

/** A browser context (window size `viewport`) whose pages reach 127.0.0.1 only, as launchBrowser's. */
export async function closedContext(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) =>
      route.request().url().includes('/teams-js/validDomains/')
        ? route.fulfill({
            json: { validOrigins: ['teams.microsoft.com', '*.teams.microsoft.com', '*.cloud.microsoft'] },
          })
        : route.abort(),
  );
  return context;
}
