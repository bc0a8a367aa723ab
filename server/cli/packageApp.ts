import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import { buildAppPackage } from '../packaging/buildAppPackage';

const USAGE = `Usage: npm run package [-- --env <name>] [--out <dir>]

Builds the Teams app package for a Teams Toolkit environment, offline:
  resolves the \${{…}} placeholders of appPackage/manifest.json from env/.env.<name>, then env/.env.<name>.user,
  with variables set in the environment taking precedence (as the toolkit does);
  writes <out>/manifest.<name>.json, validates it against Microsoft's published schema for its manifestVersion
  (from @microsoft/app-manifest), Teams' URL/domain rules and the icon rules, then writes <out>/appPackage.<name>.zip
  holding exactly manifest.json, color.png and outline.png.
  --env <name>   toolkit environment (default dev)
  --out <dir>    output folder (default appPackage/build)
The last line on stdout is a JSON summary; exit code 1 lists every problem on stderr.`;

/** The project root: dist/server/cli -> three levels up. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  let values: { env?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { env: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const result = await buildAppPackage({
      rootDir: ROOT,
      envName: values.env ?? 'dev',
      processEnv: process.env,
      outDir: values.out === undefined ? undefined : path.resolve(values.out),
    });
    const summary = {
      env: values.env ?? 'dev',
      manifest: path.relative(process.cwd(), result.manifestFile),
      zip: path.relative(process.cwd(), result.zipFile),
      entries: result.entries,
      envFiles: result.envFiles.map((f) => path.relative(process.cwd(), f)),
    };
    process.stderr.write(`Teams app package written: ${summary.zip} (${summary.entries.join(', ')})\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
