import { randomUUID } from 'node:crypto';
import { naturalId } from '../../server/store/naturalId';
import { STATE_KEY, startConnectHarness, type ConnectHarness } from './connectHarness';

let c: ConnectHarness;
beforeAll(async () => {
  // A real tenant configuration (CLIENT_SECRET set), synced once: the runs hold per-user errors to report.
  c = await startConnectHarness({
    mode: 'tenant',
    sync: true,
    env: { PUBLIC_URL: 'https://observatory.contoso.com/' },
  });
  // A second run in which the export API refuses every user: per-user errors for the report.
  await c.simulator({ servicePlan: 'missing' });
  await c.h.sync('incremental');
  await c.simulator({ reset: true });
});
afterAll(async () => {
  await c?.close();
});

interface Report {
  tenant: Record<string, string>;
  app: Record<string, unknown>;
  database: Record<string, unknown>;
  connection: { status: string; lastTest: { checks: Array<{ name: string }> } };
  syncRuns: Array<{ runId: string; errors: Array<Record<string, unknown>> }>;
}

async function diagnostics(): Promise<{ status: number; text: string; json: Report }> {
  const response = await fetch(`${c.baseUrl}/api/setup/diagnostics`, { headers: await c.adminHeaders() });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Report };
}

describe('Copy diagnostics', () => {
  it('gathers what support needs: ids, authority, mode, database, connection state, last test and sync runs with errors', async () => {
    await c.api('POST', '/api/setup/test');
    const { status, json } = await diagnostics();
    expect(status).toBe(200);
    expect(json.tenant).toEqual({
      tenantId: c.h.ctx.tenantId,
      clientId: c.h.ctx.graphApp.clientId,
      authorityHost: c.h.graph.simulator.authorityHost,
      graphBaseUrl: c.h.graph.simulator.graphBaseUrl,
    });
    expect(json.app).toMatchObject({ version: '0.1.0', mode: 'tenant' });
    expect(json.database).toEqual({ engine: c.h.ctx.mongoEngine, persistent: false });
    expect(json.connection.status).toBe('connected');
    expect(json.connection.lastTest.checks.map((x) => x.name)).toEqual(['token', 'users', 'licenses', 'interactions']);
    const runs = await c.h.ctx.store.syncRuns.find({}).sort({ startedAt: -1 }).toArray();
    expect(json.syncRuns.map((r) => r.runId)).toEqual(runs.map((r) => r.runId));
    const withErrors = runs.find((r) => r.errors.length > 0)!;
    expect(withErrors.errors[0]).toMatchObject({ status: 403 });
    const reported = json.syncRuns.find((r) => r.runId === withErrors.runId);
    expect(reported?.errors[0]).toMatchObject({
      userId: withErrors.errors[0]!.userId,
      userPrincipalName: withErrors.errors[0]!.userPrincipalName,
      code: withErrors.errors[0]!.code,
    });
  });

  it('never contains the client secret, the state signing key, tokens or prompt text', async () => {
    const secret = c.h.graph.tenant.app.clientSecret;
    expect(c.h.config.CLIENT_SECRET).toBe(secret);
    const prompt = await c.h.ctx.store.interactions.findOne({
      interactionType: 'userPrompt',
      'body.content': { $ne: '' },
    });
    const promptText = prompt!.body!.content;
    expect(promptText.length).toBeGreaterThan(10);
    // Even where a secret or a token found its way into a stored error message, it does not leave the server.
    const token = await c.h.tokens.admin();
    const runId = randomUUID();
    await c.h.ctx.store.syncRuns.insertOne({
      ...(await c.h.ctx.store.syncRuns.findOne({}))!,
      _id: naturalId('diagnostics-test', runId),
      runId,
      startedAt: new Date('2030-01-01T00:00:00Z'),
      message: `token request failed for secret ${secret} with Authorization: Bearer ${token}`,
    });

    const { text } = await diagnostics();
    expect(text).toContain(runId);
    expect(text).toContain('[redacted]');
    for (const needle of [secret, STATE_KEY, token, promptText]) expect(text).not.toContain(needle);
  });

  it('shows the redirect URI to register: PUBLIC_URL + /auth/consent/callback', async () => {
    const status = await c.api<{ redirectUri: string }>('GET', '/api/setup/status');
    expect(status.body.redirectUri).toBe('https://observatory.contoso.com/auth/consent/callback');
    const url = new URL(await c.startConnect());
    expect(url.searchParams.get('redirect_uri')).toBe('https://observatory.contoso.com/auth/consent/callback');
  });

  it('is for admins only', async () => {
    const response = await fetch(`${c.baseUrl}/api/setup/diagnostics`, {
      headers: { Authorization: `Bearer ${await c.h.tokens.nonAdmin()}` },
    });
    expect(response.status).toBe(403);
    expect((await fetch(`${c.baseUrl}/api/setup/diagnostics`)).status).toBe(401);
  });
});
