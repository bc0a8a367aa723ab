import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { checkIcons } from './iconChecks';
import { checkTeamsRules, type ManifestShape } from './manifestRules';
import { validateAgainstSchema } from './manifestSchema';
import { resolveJsonPlaceholders } from './placeholders';
import { loadToolkitEnv } from './toolkitEnv';
import { writeZip } from './zipWriter';

export interface PackageOptions {
  /** The project root: holds appPackage/ and env/. */
  rootDir: string;
  /** Teams Toolkit environment: reads env/.env.<envName> (+ .user). */
  envName: string;
  /** Overrides the env files, as in the toolkit. */
  processEnv: Record<string, string | undefined>;
  /** Where manifest.<env>.json and appPackage.<env>.zip go (default appPackage/build). */
  outDir?: string;
}

export interface PackageResult {
  manifestFile: string;
  zipFile: string;
  /** Env files read, in order of precedence after the process environment. */
  envFiles: string[];
  /** Names inside the zip. */
  entries: string[];
  manifest: Record<string, unknown>;
}

/** An icon path from the manifest, kept inside appPackage/ (no absolute paths, no `..`). */
function iconFile(appPackageDir: string, relative: unknown, which: string): string {
  if (
    typeof relative !== 'string' ||
    relative === '' ||
    path.isAbsolute(relative) ||
    relative.split(/[\\/]/).includes('..')
  ) {
    throw new AppError('invalid_manifest', `icons.${which} must be a file name inside appPackage/`, 400);
  }
  return path.join(appPackageDir, relative);
}

/**
 * Builds the Teams app package for one toolkit environment, as `teamsApp/zipAppPackage` does: resolves the
 * manifest's `${{…}}` placeholders, writes `manifest.<env>.json`, validates it offline against Microsoft's schema for
 * its version plus Teams' own rules and the icon rules, then writes `appPackage.<env>.zip` holding exactly the
 * manifest and its two icons. Throws AppError `unresolved_placeholders` or `invalid_app_package` (listing every problem).
 */
export async function buildAppPackage(options: PackageOptions): Promise<PackageResult> {
  const appPackageDir = path.join(options.rootDir, 'appPackage');
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  const env = loadToolkitEnv({
    envDir: path.join(options.rootDir, 'env'),
    name: options.envName,
    processEnv: options.processEnv,
  });

  const template = readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(
    resolveJsonPlaceholders(template, env.values, {
      source: 'appPackage/manifest.json',
      envFile: `env/.env.${env.name}`,
    }),
  ) as Record<string, unknown>;
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  mkdirSync(outDir, { recursive: true });
  const manifestFile = path.join(outDir, `manifest.${env.name}.json`);
  const zipFile = path.join(outDir, `appPackage.${env.name}.zip`);
  writeFileSync(manifestFile, manifestText);

  const icons = (manifest.icons ?? {}) as { color?: unknown; outline?: unknown };
  const colorFile = iconFile(appPackageDir, icons.color, 'color');
  const outlineFile = iconFile(appPackageDir, icons.outline, 'outline');
  const color = readFileSync(colorFile);
  const outline = readFileSync(outlineFile);
  const problems = [
    ...validateAgainstSchema(manifest).map((p) => `schema: ${p}`),
    ...checkTeamsRules(manifest as ManifestShape),
    ...checkIcons({ color, outline }),
  ];
  if (problems.length > 0) {
    rmSync(zipFile, { force: true }); // never leave an older, valid-looking package beside a failed build
    throw new AppError(
      'invalid_app_package',
      `The ${env.name} app package is not valid (${manifestFile}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      400,
      { problems },
    );
  }

  const entries: [string, Buffer][] = [
    ['manifest.json', Buffer.from(manifestText)],
    [icons.color as string, color],
    [icons.outline as string, outline],
  ];
  await writeZip(zipFile, entries);
  return { manifestFile, zipFile, envFiles: env.files, entries: entries.map(([name]) => name), manifest };
}
