import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';
import { sleep } from '../../lib/sleep';

/**
 * The simulator's TLS certificate. msal-node and the Graph SDK only talk to https hosts (the source of
 * @microsoft/microsoft-graph-client 3.0.7 attaches tokens only for https hosts), so the simulator serves HTTPS with a self-signed certificate that clients trust explicitly
 * (NODE_EXTRA_CA_CERTS, or a `ca` option).
 */
export interface CertificatePair {
  cert: string;
  key: string;
}

const VALIDITY_YEARS = 2;
/** Regenerate a cached certificate this long before it expires. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

/** A fresh self-signed certificate for `hosts` (IPs and DNS names in the SAN), valid for two years. */
export async function createSelfSignedCertificate(
  hosts: readonly string[] = ['127.0.0.1', 'localhost'],
  now: Date = new Date(),
): Promise<CertificatePair> {
  const notBefore = new Date(now.getTime() - 3_600_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const commonName = hosts.find((h) => !isIP(h)) ?? hosts[0] ?? 'localhost';
  const pems = await generate(
    [
      { name: 'commonName', value: commonName },
      { name: 'organizationName', value: 'Copilot Observatory Graph simulator' },
    ],
    {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: notAfter,
      extensions: [
        // A CA:true self-signed leaf is what `openssl req -x509` makes and what NODE_EXTRA_CA_CERTS accepts as its own anchor.
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })),
        },
      ],
    },
  );
  return { cert: pems.cert, key: pems.private };
}

export interface CachedCertificate extends CertificatePair {
  certPath: string;
  keyPath: string;
}

/**
 * The certificate cached in `dir` (cert.pem, key.pem with mode 0600), regenerated when missing, unreadable,
 * mismatched, about to expire or not covering `hosts`. A lock file keeps concurrent processes (jest workers,
 * the app and the CLI) from writing halves of different pairs.
 */
export async function loadOrCreateCertificate(
  dir: string,
  options: { hosts?: readonly string[]; now?: () => Date } = {},
): Promise<CachedCertificate> {
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const now = options.now ?? (() => new Date());
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  await mkdir(dir, { recursive: true });
  const release = await acquireLock(path.join(dir, '.lock'));
  try {
    const cached = await readUsable(certPath, keyPath, hosts, now());
    if (cached) return { ...cached, certPath, keyPath };
    const fresh = await createSelfSignedCertificate(hosts, now());
    await writeAtomically(keyPath, fresh.key, 0o600);
    await writeAtomically(certPath, fresh.cert, 0o644);
    return { ...fresh, certPath, keyPath };
  } finally {
    await release();
  }
}

async function readUsable(
  certPath: string,
  keyPath: string,
  hosts: readonly string[],
  now: Date,
): Promise<CertificatePair | null> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return null;
    const validFrom = Date.parse(x509.validFrom);
    const validTo = Date.parse(x509.validTo);
    if (!(validFrom <= now.getTime() && validTo - RENEW_BEFORE_MS > now.getTime())) return null;
    const san = x509.subjectAltName ?? '';
    if (!hosts.every((h) => san.includes(isIP(h) ? `IP Address:${h}` : `DNS:${h}`))) return null;
    return { cert, key };
  } catch {
    // Missing or unreadable files simply mean "make a new certificate".
    return null;
  }
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content, { mode });
  await chmod(temp, mode);
  await rename(temp, file);
}

/** An exclusive lock file; a lock older than 30 s is considered abandoned by a crashed process. */
async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 30_000;
  // A lock file that is already gone (removed as stale by another process) needs no removal: ignore ENOENT.
  const removeLock = (): Promise<void> => unlink(lockPath).catch(() => undefined);
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      return removeLock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 30_000 || Date.now() > deadline) await removeLock();
      else await sleep(50);
    }
  }
}
