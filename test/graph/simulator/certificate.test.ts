import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSelfSignedCertificate, loadOrCreateCertificate } from '../../../server/graph/simulator/certificate';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sim-tls-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the simulator certificate', () => {
  it('covers 127.0.0.1 and localhost for two years with a matching key', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const pair = await createSelfSignedCertificate(undefined, now);
    const x509 = new X509Certificate(pair.cert);
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.subjectAltName).toContain('DNS:localhost');
    const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(730);
    expect(days).toBeLessThanOrEqual(732);
    expect(x509.checkHost('localhost')).toBe('localhost');
  });

  it('is cached on disk with a private key file only its owner can read, and reused', async () => {
    const first = await loadOrCreateCertificate(dir);
    expect(first.certPath).toBe(path.join(dir, 'cert.pem'));
    expect(await readFile(first.certPath, 'utf8')).toBe(first.cert);
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateCertificate(dir);
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
  });

  it('is regenerated when it is about to expire or the files are unreadable', async () => {
    const first = await loadOrCreateCertificate(dir);
    const later = await loadOrCreateCertificate(dir, { now: () => new Date(Date.now() + 729 * 86_400_000) });
    expect(later.cert).not.toBe(first.cert);
    await writeFile(later.keyPath, 'not a key');
    const repaired = await loadOrCreateCertificate(dir);
    expect(repaired.cert).not.toBe(later.cert);
    expect(
      new X509Certificate(repaired.cert).checkPrivateKey((await import('node:crypto')).createPrivateKey(repaired.key)),
    ).toBe(true);
  });

  it('leaves one consistent pair on disk when several processes ask at once', async () => {
    const results = await Promise.all([
      loadOrCreateCertificate(dir),
      loadOrCreateCertificate(dir),
      loadOrCreateCertificate(dir),
    ]);
    const onDisk = await readFile(path.join(dir, 'cert.pem'), 'utf8');
    for (const r of results) expect(r.cert).toBe(onDisk);
  });
});
