import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Compiles the server once so tests can run the real CLI/server as separate processes. Type errors do not stop
 * the emit (`npm run typecheck` is the gate for them, and runs first in `npm test`); they are printed.
 */
export function buildDist(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.error) throw result.error;
  // tsc exits 2 when it emitted despite diagnostics; 1 and 3+ mean nothing usable was emitted.
  if (result.status !== 0 && result.status !== 2) throw new Error(`tsc failed with exit code ${result.status}`);
}
