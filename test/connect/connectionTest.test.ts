import type { ConnectionTestWire, SetupStatus } from '../../server/connect/setupContracts';
import { startConnectHarness, type ConnectHarness } from './connectHarness';

let c: ConnectHarness;
beforeAll(async () => {
  c = await startConnectHarness();
});
afterAll(async () => {
  await c?.close();
});
beforeEach(async () => {
  await c.h.ctx.store.tenantConnections.deleteMany({});
  await c.simulator({ reset: true });
});

async function runTest(): Promise<ConnectionTestWire> {
  const reply = await c.api<ConnectionTestWire>('POST', '/api/setup/test');
  expect(reply.status).toBe(200);
  return reply.body;
}

const check = (result: ConnectionTestWire, name: string) => result.checks.find((x) => x.name === name)!;
const statuses = (result: ConnectionTestWire) => Object.fromEntries(result.checks.map((x) => [x.name, x.status]));

describe('Test connection', () => {
  it('passes on a consented tenant with Copilot users, one check per permission, and marks the tenant connected', async () => {
    const result = await runTest();
    expect(result.ok).toBe(true);
    expect(result.checks.map((x) => x.name)).toEqual(['token', 'users', 'licenses', 'interactions']);
    expect(statuses(result)).toMatchObject({ token: 'pass', users: 'pass', licenses: 'pass' });
    expect(['pass', 'warning']).toContain(check(result, 'interactions').status);
    expect(check(result, 'users').message).toContain('User.Read.All');
    expect(check(result, 'interactions').message).toContain('AiEnterpriseInteraction.Read.All');
    const status = await c.api<SetupStatus>('GET', '/api/setup/status');
    expect(status.body.connection.status).toBe('connected');
    expect(status.body.connection.lastTest).toEqual(result);
  });

  it('says consent is missing when the app holds no permissions', async () => {
    await c.simulator({ granted: false });
    const result = await runTest();
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({ token: 'pass', users: 'fail', licenses: 'skipped', interactions: 'fail' });
    expect(check(result, 'users')).toMatchObject({ code: 'consent_missing' });
    expect(check(result, 'users').message).toMatch(/Admin consent has not been granted.*Connect with Microsoft/);
    expect(check(result, 'interactions').code).toBe('consent_missing');
  });

  it('names the missing permission when consent covered only User.Read.All', async () => {
    await c.simulator({ roles: ['User.Read.All'] });
    const result = await runTest();
    expect(statuses(result)).toEqual({ token: 'pass', users: 'pass', licenses: 'pass', interactions: 'fail' });
    expect(check(result, 'interactions')).toMatchObject({ code: 'permission_missing' });
    expect(check(result, 'interactions').message).toMatch(
      /lacks the AiEnterpriseInteraction\.Read\.All application permission/,
    );
  });

  it('says the secret is wrong, and how people usually get it wrong', async () => {
    await c.simulator({ secret: 'invalid' });
    const result = await runTest();
    expect(statuses(result)).toEqual({ token: 'fail', users: 'skipped', licenses: 'skipped', interactions: 'skipped' });
    expect(check(result, 'token').code).toBe('wrong_secret');
    expect(check(result, 'token').message).toMatch(/AADSTS7000215.*Value \(not its Secret ID\)/);
  });

  it('says the secret has expired', async () => {
    await c.simulator({ secret: 'expired' });
    const result = await runTest();
    expect(check(result, 'token')).toMatchObject({ status: 'fail', code: 'secret_expired' });
    expect(check(result, 'token').message).toMatch(/has expired \(AADSTS7000222\).*Create a new secret/);
  });

  it('says no Copilot licenses were found when no user holds the SKU', async () => {
    await c.simulator({ licenses: 'none' });
    const result = await runTest();
    expect(statuses(result)).toEqual({ token: 'pass', users: 'pass', licenses: 'fail', interactions: 'skipped' });
    expect(check(result, 'licenses').code).toBe('no_licenses');
    expect(check(result, 'licenses').message).toMatch(/No user holds a Microsoft 365 Copilot license.*COPILOT_SKU_IDS/);
  });

  it('names the users the export API refuses for want of the service plan', async () => {
    await c.simulator({ servicePlan: 'missing' });
    const result = await runTest();
    const interactions = check(result, 'interactions');
    expect(interactions).toMatchObject({ status: 'fail', code: 'service_plan_missing' });
    const licensed = c.h.graph.tenant.users.filter((u) => u.licensed).map((u) => u.graph.userPrincipalName!);
    expect(licensed.some((upn) => interactions.message.includes(upn))).toBe(true);
    expect(interactions.message).toMatch(/without the required service plan/);
  });

  it('keeps the last result on the connection record, replacing the one before', async () => {
    await c.simulator({ secret: 'expired' });
    await runTest();
    await c.simulator({ reset: true });
    const second = await runTest();
    const doc = await c.h.ctx.store.tenantConnections.findOne({ tenantId: c.h.ctx.tenantId });
    expect(doc?.lastTest?.ok).toBe(true);
    expect(doc?.lastTest?.checks.map((x) => x.code ?? null)).toEqual(second.checks.map((x) => x.code));
  });

  it('does not let a failed test mark a tenant connected', async () => {
    await c.simulator({ granted: false });
    await runTest();
    const status = await c.api<SetupStatus>('GET', '/api/setup/status');
    expect(status.body.connection.status).toBe('not_connected');
    expect(status.body.connection.lastTest?.ok).toBe(false);
  });
});
