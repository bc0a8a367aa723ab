import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttachedDemo } from './services';

/**
 * What a running demo server publishes in its data folder so `npm run sync` beside it syncs into the same
 * embedded database and from the same simulator (both live only inside the server process).
 */
export interface RuntimeInfo {
  pid: number;
  mongoUri: string | null;
  demo: (Omit<AttachedDemo, 'certPem'> & { certPath: string }) | null;
}

const fileName = 'runtime.json';

export async function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFile(path.join(dataDir, fileName), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export async function removeRuntimeInfo(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, fileName), { force: true });
}

/** The running server's info, or null when there is none (no file, or its process is gone). */
export async function readLiveRuntimeInfo(
  dataDir: string,
): Promise<{ mongoUri: string | null; demo: AttachedDemo | null } | null> {
  let info: RuntimeInfo;
  try {
    info = JSON.parse(await readFile(path.join(dataDir, fileName), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
  } catch {
    return null; // no server is running (or the file is stale)
  }
  const demo = info.demo ? { ...info.demo, certPem: await readFile(info.demo.certPath, 'utf8') } : null;
  return { mongoUri: info.mongoUri, demo };
}
