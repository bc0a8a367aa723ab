import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SetupStatus } from '../../server/connect/setupContracts';
import { ConsentStateSigner } from '../../server/core/connection/consentState';
import { STATE_KEY_FILE, loadStateSigningKey } from '../../server/core/connection/stateSigningKey';
import { startConnectHarness } from './connectHarness';

describe('the state signing key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'state-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is generated once in DATA_DIR, readable by the owner only, and the same for every loader racing to create it', async () => {
    const keys = await Promise.all(
      Array.from({ length: 5 }, () => loadStateSigningKey({ configuredKey: undefined, dataDir: dir, mode: 'demo' })),
    );
    const file = path.join(dir, STATE_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
    expect(keys[0]!.toString('utf8')).toBe((await readFile(file, 'utf8')).trim());
    const again = await loadStateSigningKey({ configuredKey: undefined, dataDir: dir, mode: 'demo' });
    expect(again.equals(keys[0]!)).toBe(true);
  });

  it('comes from STATE_SIGNING_KEY when set, so every instance verifies what any other signed', async () => {
    const configured = 'a-shared-key-for-all-instances-0123456789';
    const a = new ConsentStateSigner(
      await loadStateSigningKey({ configuredKey: configured, dataDir: dir, mode: 'tenant' }),
    );
    const b = new ConsentStateSigner(
      await loadStateSigningKey({ configuredKey: configured, dataDir: path.join(dir, 'other'), mode: 'tenant' }),
    );
    const now = new Date('2026-11-20T12:00:00Z');
    const state = a.sign({ nonce: 'n', adminUserId: 'u', ui: 'redirect', expiresAt: now.getTime() + 1000 });
    expect(b.verify(state, now)).toMatchObject({ ok: true, payload: { nonce: 'n', adminUserId: 'u' } });
  });

  it('is required with a real tenant: connect is refused with a message naming STATE_SIGNING_KEY', async () => {
    await expect(loadStateSigningKey({ configuredKey: undefined, dataDir: dir, mode: 'tenant' })).rejects.toMatchObject(
      {
        code: 'state_signing_key_missing',
      },
    );
    const c = await startConnectHarness({ mode: 'tenant', env: { STATE_SIGNING_KEY: '' } });
    try {
      const status = await c.api<SetupStatus>('GET', '/api/setup/status');
      expect(status.body.connectBlockedBy.join(' ')).toContain('STATE_SIGNING_KEY is required');
      const connect = await c.api<{ error: { code: string; message: string } }>('POST', '/api/setup/connect', {});
      expect(connect.status).toBe(503);
      expect(connect.body.error.code).toBe('state_signing_key_missing');
      expect(await c.h.ctx.store.consentStates.countDocuments({})).toBe(0);
    } finally {
      await c.close();
    }
  });
});
