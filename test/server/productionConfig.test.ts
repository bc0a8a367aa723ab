import { assertSafeServerConfig, loadConfig } from '../../server/config';
import { ConfigError } from '../../server/errors';

const tenant = {
  TENANT_ID: '11111111-2222-3333-4444-555555555555',
  CLIENT_ID: '66666666-7777-8888-9999-000000000000',
  CLIENT_SECRET: 's3cret',
};
const production = {
  ...tenant,
  MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0',
  ADMIN_USER_IDS: tenant.TENANT_ID,
  STATE_SIGNING_KEY: 'k'.repeat(48),
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const serverProblems = (env: NodeJS.ProcessEnv) => problemsOf(() => assertSafeServerConfig(loadConfig(env), env));

describe('the credentials of a real tenant', () => {
  it('accepts a certificate instead of a client secret', () => {
    const { CLIENT_SECRET: _secret, ...withoutSecret } = tenant;
    const config = loadConfig({ ...withoutSecret, CLIENT_CERTIFICATE_PATH: '/etc/observatory/app.pem' });
    expect(config.mode).toBe('tenant');
    expect(config.CLIENT_CERTIFICATE_PATH).toBe('/etc/observatory/app.pem');
  });

  it('refuses a client secret and a certificate together', () => {
    expect(problemsOf(() => loadConfig({ ...tenant, CLIENT_CERTIFICATE_PATH: '/etc/app.pem' }))).toEqual([
      expect.stringContaining('CLIENT_SECRET and CLIENT_CERTIFICATE_PATH are both set'),
    ]);
  });

  it('refuses a tenant without any credential, or a credential without its tenant', () => {
    const { CLIENT_SECRET: _secret, ...noCredential } = tenant;
    expect(problemsOf(() => loadConfig(noCredential))).toEqual([expect.stringContaining('go together')]);
    expect(problemsOf(() => loadConfig({ CLIENT_CERTIFICATE_PATH: '/etc/app.pem' }))).toEqual([
      expect.stringContaining('go together'),
    ]);
  });
});

describe('the server start-up guard', () => {
  it('lets a complete production configuration through', () => {
    expect(serverProblems(production)).toEqual([]);
    expect(serverProblems({ ...production, ADMIN_USER_IDS: '', ADMIN_ROLE: 'Observatory.Admin' })).toEqual([]);
    expect(serverProblems({ ...production, ADMIN_USER_IDS: '', ADMIN_GROUP_IDS: tenant.CLIENT_ID })).toEqual([]);
  });

  it('leaves the demo alone', () => {
    expect(serverProblems({})).toEqual([]);
    expect(serverProblems({ DEMO_USERS: '500', HOST: '0.0.0.0' })).toEqual([]);
  });

  it('refuses a real tenant on the embedded database', () => {
    const { MONGODB_URI: _uri, ...embedded } = production;
    expect(serverProblems(embedded)).toEqual([expect.stringContaining('MONGODB_URI is required with a real tenant')]);
  });

  it('refuses a real tenant without an explicit admin rule (the default role name alone does not count)', () => {
    const { ADMIN_USER_IDS: _admins, ...noRule } = production;
    expect(serverProblems(noRule)).toEqual([expect.stringContaining('No admin rule')]);
  });

  it('refuses demo settings beside a real tenant', () => {
    expect(serverProblems({ ...production, DEMO_USERS: '50', DEMO_SEED: '42' })).toEqual([
      expect.stringContaining('DEMO_USERS and DEMO_SEED only apply to the demo tenant'),
    ]);
  });

  it('refuses DEMO_TIER beside a real tenant: the demo identity and its tier exist only in the demo', () => {
    expect(serverProblems({ ...production, DEMO_TIER: 'Viewer' })).toEqual([
      expect.stringContaining('DEMO_TIER only applies to the demo tenant'),
    ]);
  });

  it("refuses a real tenant without a shared state signing key (instances must verify each other's consent states)", () => {
    const { STATE_SIGNING_KEY: _key, ...noKey } = production;
    expect(serverProblems(noKey)).toEqual([
      expect.stringContaining('STATE_SIGNING_KEY is required with a real tenant'),
    ]);
  });

  it('refuses a plain-http public URL with a real tenant', () => {
    expect(serverProblems({ ...production, PUBLIC_URL: 'http://observatory.contoso.com' })).toEqual([
      expect.stringContaining('PUBLIC_URL must be https://'),
    ]);
  });

  it('lists every problem at once', () => {
    const { MONGODB_URI: _uri, ADMIN_USER_IDS: _admins, STATE_SIGNING_KEY: _key, ...bare } = production;
    expect(serverProblems({ ...bare, DEMO_SEED: '1' })).toHaveLength(4);
  });
});
