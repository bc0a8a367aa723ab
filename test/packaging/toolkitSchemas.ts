import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

export interface ToolkitSchemaFiles {
  /** The toolkit's JSON schema for v1.11 project files (teamsapp.yml). */
  yamlSchema: string;
  /** The toolkit's snapshot of Microsoft Graph's service principal (appRoles, oauth2PermissionScopes). */
  graphPermissions: string;
}

/**
 * Runs scripts/fetch-toolkit-schemas.js: packs @microsoft/teamsfx-core from the npm registry the first time
 * (sha512-checked), then answers from the git-ignored .cache/ at once. Call it from a beforeAll with a long timeout.
 */
export function fetchToolkitSchemas(): ToolkitSchemaFiles {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/fetch-toolkit-schemas.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ToolkitSchemaFiles;
}
