import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

/** What `provision` (and the admin, before it) puts in an env file, for a made-up tenant. */
export const PROVISIONED = {
  TEAMS_APP_ID: '0b7f6c34-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
  TEAMS_APP_TENANT_ID: '7c1a9e52-3b4d-4e6f-9a8b-1c2d3e4f5a6b',
  AAD_APP_CLIENT_ID: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  AAD_APP_OBJECT_ID: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  AAD_APP_TENANT_ID: '7c1a9e52-3b4d-4e6f-9a8b-1c2d3e4f5a6b',
  AAD_APP_OAUTH_AUTHORITY: 'https://login.microsoftonline.com/7c1a9e52-3b4d-4e6f-9a8b-1c2d3e4f5a6b',
  AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  AAD_APP_ACCESS_AS_USER_PERMISSION_ID: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
  BOT_ID: '2f1e0d9c-8b7a-4f6e-9d5c-4b3a2f1e0d9c',
  BOT_OBJECT_ID: '8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b',
  BOT_ENDPOINT: 'https://observatory.contoso.com',
  BOT_DOMAIN: 'observatory.contoso.com',
  TAB_ENDPOINT: 'https://observatory.contoso.com',
  TAB_DOMAIN: 'observatory.contoso.com',
  PRIVACY_URL: 'https://www.contoso.com/privacy',
  TERMS_OF_USE_URL: 'https://www.contoso.com/terms',
  AZURE_APP_SERVICE_RESOURCE_ID:
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/observatory',
} as const;

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** The keys an env file declares, empty or not. */
export function envKeys(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}

/** Fills the empty keys of an env file, as provision would. */
export function fillEnv(text: string, values: Record<string, string>): string {
  return text.replace(/^([A-Za-z_][A-Za-z0-9_]*)=$/gm, (line, key: string) =>
    values[key] === undefined ? line : `${key}=${values[key]}`,
  );
}

export interface ProjectFixture {
  root: string;
  write(relative: string, content: string | Buffer): void;
  remove(): void;
}

/** A scratch copy of the project's appPackage/ and env/ templates, to change without touching the repository. */
export function copyProject(): ProjectFixture {
  const root = mkdtempSync(path.join(tmpdir(), 'observatory-package-'));
  for (const file of ['manifest.json', 'color.png', 'outline.png']) {
    cpSync(path.join(ROOT, 'appPackage', file), path.join(root, 'appPackage', file));
  }
  for (const file of ['.env.dev', '.env.local']) cpSync(path.join(ROOT, 'env', file), path.join(root, 'env', file));
  return {
    root,
    write(relative, content) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
