import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { erasureHash } from '../../server/core/privacy/erasure';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { ROOT } from '../support/buildDist';

const run = promisify(execFile);

/** The compiled privacy command, on the harness's database, as an admin would run it. */
async function privacy(h: AppHarness, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'dist/server/cli/privacy.js'), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        MONGODB_URI: h.testStore.uri,
        MONGODB_DB: h.testStore.dbName,
        TENANT_ID: h.ctx.tenantId,
        CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
        CLIENT_SECRET: 'not-used-by-this-command',
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const last = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run erase / npm run retention', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 6, seed: 33 });
  });
  afterAll(() => h.close());

  it('erases a person by object id and says what it removed', async () => {
    const s = h.testStore.store;
    const top = (await s.users.find({}).sort({ promptCount: -1 }).limit(1).next())!;
    const result = await privacy(h, ['erase', '--user', top.userId, '--reason', 'ticket 7', '--by', 'dpo']);
    expect(result.code).toBe(0);
    expect(last(result.stdout)).toMatchObject({ ok: true, erased: true, counts: { interactions: expect.any(Number) } });
    expect(await s.interactions.countDocuments({ userId: top.userId })).toBe(0);
    expect(await s.erasures.findOne({ userHash: erasureHash(h.ctx.tenantId, top.userId) })).toMatchObject({
      by: 'dpo',
      reason: 'ticket 7',
    });
    expect(result.stderr).not.toContain(top.userPrincipalName ?? '@');
  });

  it('refuses an unknown id (exit 1, JSON error) and a missing --user (exit 2, usage)', async () => {
    const unknown = await privacy(h, ['erase', '--user', '00000000-0000-4000-8000-00000000beef']);
    expect(unknown.code).toBe(1);
    expect(last(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const missing = await privacy(h, ['erase']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--user is required/);
  });

  it('applies retention now and records the pass', async () => {
    const result = await privacy(h, ['retention']);
    expect(result.code).toBe(0);
    expect(last(result.stdout)).toMatchObject({ ok: true, counts: { textRemoved: 0 } });
    expect(await h.testStore.store.retentionRuns.countDocuments({})).toBe(1);
  });
});
