import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors';

export const STATE_KEY_FILE = 'state-signing-key';

export interface StateKeyOptions {
  /** STATE_SIGNING_KEY, when set. */
  configuredKey: string | undefined;
  /** DATA_DIR: where a generated key is kept for a single local instance. */
  dataDir: string;
  mode: 'demo' | 'tenant';
}

/**
 * Why the connect flow cannot run with this configuration (empty when it can). Every instance behind a load
 * balancer must verify states signed by any other, so a tenant deployment needs one shared STATE_SIGNING_KEY; a key
 * generated into one instance's DATA_DIR would make callbacks fail at random on the others.
 */
export function stateKeyProblems(options: Pick<StateKeyOptions, 'configuredKey' | 'mode'>): string[] {
  if (options.mode === 'tenant' && !options.configuredKey)
    return [
      'STATE_SIGNING_KEY is required with a real tenant: set the same random value (32+ characters) on every instance, e.g. `openssl rand -base64 48`.',
    ];
  return [];
}

/**
 * The HMAC key for consent states: STATE_SIGNING_KEY, or (demo mode only) a random key generated once and kept
 * in DATA_DIR with owner-only permissions, so states survive a restart of the local server.
 */
export async function loadStateSigningKey(options: StateKeyOptions): Promise<Buffer> {
  const problems = stateKeyProblems(options);
  if (problems.length > 0) throw new AppError('state_signing_key_missing', problems.join(' '), 503);
  if (options.configuredKey) return Buffer.from(options.configuredKey, 'utf8');
  const file = path.resolve(options.dataDir, STATE_KEY_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole to a private temporary file, then linked into place: link() fails if the key exists, so two
  // processes starting together agree on one key and neither can read a half-written file.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  await chmod(file, 0o600);
  const key = (await readFile(file, 'utf8')).trim();
  if (key.length < 32) throw new AppError('state_signing_key_invalid', `${file} holds no usable key; delete it.`, 500);
  return Buffer.from(key, 'utf8');
}
