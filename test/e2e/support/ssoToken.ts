import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SsoTokenRequest } from '../../../server/graph/simulator/ssoTokens';
import { createFetch } from '../../../server/graph/trustedFetch';
import type { RuntimeInfo } from '../../../server/runtimeFile';

/**
 * A Teams SSO token for a user of the running demo server's tenant, minted by its Graph simulator (which signs with
 * the key set the server trusts in demo mode), as `authentication.getAuthToken()` would hand the tab inside Teams.
 */
export async function mintSsoToken(dataDir: string, request: SsoTokenRequest): Promise<string> {
  const info = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
  if (!info.demo) throw new Error('The server is not in demo mode: no simulator to mint tokens.');
  const trusted = createFetch({ extraCaPem: readFileSync(info.demo.certPath, 'utf8') });
  const response = await trusted(`${info.demo.origin}/_simulator/tokens/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.status !== 201) throw new Error(`Token mint failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
