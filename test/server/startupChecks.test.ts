import { ConfigError } from '../../server/errors';
import { assertNoDemoIdentity } from '../../server/startupChecks';
import { startAppHarness, type AppHarness } from '../support/appHarness';

describe('the start-up check that the demo identity is off with a real tenant', () => {
  let demo: AppHarness;
  let tenant: AppHarness;
  beforeAll(async () => {
    [demo, tenant] = await Promise.all([
      startAppHarness({ userCount: 4, sync: false }),
      startAppHarness({ userCount: 4, sync: false, mode: 'tenant' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([demo.close(), tenant.close()]);
  });

  it('passes when the real authenticator turns a token-less loopback request away', async () => {
    await expect(assertNoDemoIdentity(tenant.ctx)).resolves.toBeUndefined();
  });

  it('refuses to start a real tenant whose authenticator would admit the demo identity', async () => {
    const run = assertNoDemoIdentity({ mode: 'tenant', auth: demo.ctx.auth });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(assertNoDemoIdentity({ mode: 'tenant', auth: demo.ctx.auth })).rejects.toMatchObject({
      problems: [expect.stringContaining('The demo identity is active with a real tenant')],
    });
  });

  it('leaves the demo alone', async () => {
    await expect(assertNoDemoIdentity(demo.ctx)).resolves.toBeUndefined();
  });
});
