import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SsoTokenRequest } from '../../../server/graph/simulator/ssoTokens';
import { createFetch } from '../../../server/graph/trustedFetch';
import type { RuntimeInfo } from '../../../server/runtimeFile';

/** Calls the running demo server's Graph simulator control API (`/_simulator/...`), found through its runtime.json. */
export async function simulatorRequest(
  dataDir: string,
  method: 'POST' | 'PUT',
  route: string,
  body: unknown,
): Promise<unknown> {
  const info = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
  if (!info.demo) throw new Error('The server is not in demo mode: it has no Graph simulator.');
  // The simulator serves HTTPS with a certificate of its own making: trust exactly that one.
  const trusted = createFetch({ extraCaPem: readFileSync(info.demo.certPath, 'utf8') });
  const response = await trusted(`${info.demo.origin}/_simulator${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route} -> ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * A Teams SSO token for a user of the demo tenant, minted by its simulator (which signs with the key set the server
 * trusts in demo mode), as `authentication.getAuthToken()` would hand the tab inside Teams.
 */
export async function mintSsoToken(dataDir: string, request: SsoTokenRequest): Promise<string> {
  return ((await simulatorRequest(dataDir, 'POST', '/tokens/user', request)) as { token: string }).token;
}

/** Makes every Graph page answer slowly (0 ms: back to normal), so a sync lasts long enough to watch. */
export async function slowGraphPages(dataDir: string, delayMs: number): Promise<void> {
  await simulatorRequest(dataDir, 'PUT', '/faults', delayMs > 0 ? { slowPageRate: 1, slowPageMs: delayMs } : {});
}
