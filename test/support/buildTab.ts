import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './buildDist';

export const TAB_DIST = path.join(ROOT, 'dist', 'tab');

/** Newest modification time under `dir` (files only). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(path.join(TAB_DIST, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds dist/tab with Vite for the browser tests, unless it is already newer than every tab source (and the
 * lockfile): a plain `npx jest test/api` then costs nothing extra, and a changed tab is always rebuilt.
 */
export function buildTab(): void {
  const sources = Math.max(newestMtime(path.join(ROOT, 'tab')), statSync(path.join(ROOT, 'package-lock.json')).mtimeMs);
  if (builtAt() > sources) return;
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'tab/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    // Jest sets NODE_ENV=test, which Vite would bake into the bundle (React's development build): build as npm does.
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
}
