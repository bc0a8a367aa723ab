import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServer, type ServerProcess } from './serverProcess';

/** What a browser suite drives: the built demo server and a Chromium whose pages reach 127.0.0.1 only. */
export interface DemoSuite {
  server: ServerProcess;
  browser: Browser;
  context: BrowserContext;
}

export interface DemoSuiteOptions {
  demoUsers: number;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  browser?: Parameters<typeof launchBrowser>[0];
  /** A folder for the suite's screenshots and downloads, made before anything starts. */
  artifacts?: string;
}

/**
 * Registers the test file's first beforeAll and its afterAll: starts the demo server (startServer: listening, first
 * sync done), then Chromium (launchBrowser), and hands both to `ready`; after the file, closes the browser and then
 * stops the server (each also when the other did not start). The file's own beforeAll hooks run after it.
 */
export function useDemoSuite(options: DemoSuiteOptions, ready: (suite: DemoSuite) => void): void {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (options.artifacts) mkdirSync(options.artifacts, { recursive: true });
    server = await startServer({ demoUsers: options.demoUsers, env: options.env });
    const launched = await launchBrowser(options.browser);
    browser = launched.browser;
    ready({ server, ...launched });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);
}
