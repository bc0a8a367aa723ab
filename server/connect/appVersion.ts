import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The app's version from its package.json (found upwards from here: works from server/ and from dist/server/). */
export function appVersion(): string {
  if (cached !== undefined) return cached;
  cached = 'unknown';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'copilot-observatory' && pkg.version) {
        cached = pkg.version;
        break;
      }
    } catch {
      // no package.json at this level: keep walking up
    }
    if (path.dirname(dir) === dir) break;
  }
  return cached;
}
