import type { Browser, BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
