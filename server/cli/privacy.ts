import { parseArgs } from 'node:util';
import { eraseUser } from '../core/privacy/erasure';
import { applyRetention, retentionSettingsOf } from '../core/privacy/retention';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { configOrReport, runningDemoOf } from './cliSetup';
import { connectMongo } from '../store/connectMongo';
import { createStore } from '../store/Store';

const USAGE = `Usage:
  npm run erase -- --user <object id> [--reason "<why>"] [--by "<who asked>"]
      Erases one person: deletes their prompts and responses, removes their name and addresses, keeps the figures
      under a random pseudonym, and keeps them out of every later sync.
  npm run retention
      Applies RETENTION_DAYS, METADATA_RETENTION_DAYS, ACCESS_LOG_RETENTION_DAYS and OPERATIONAL_RETENTION_DAYS now
      (the server also does after syncs, once a day).
Both read the server's configuration (MONGODB_URI, TENANT_ID; in the demo, the running demo server's database).
The last line on stdout is a JSON summary.`;

/** `npm run erase` and `npm run retention`: the privacy operations an admin runs from a shell. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || (command !== 'erase' && command !== 'retention')) {
    process.stdout.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  const userId = parsed.values.user?.trim();
  if (command === 'erase' && !userId) {
    process.stderr.write(`--user is required.\n\n${USAGE}\n`);
    return 2;
  }
  const config = configOrReport();
  if (!config) return 1;
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const running = await runningDemoOf(config);
  const uri = config.MONGODB_URI ?? running?.mongoUri ?? null;
  const tenantId = config.TENANT_ID ?? running?.demo?.tenantId ?? null;
  if (!uri || !tenantId) {
    process.stderr.write('No database to work on: set MONGODB_URI and TENANT_ID, or start the demo server first.\n');
    return 1;
  }
  const mongo = await connectMongo(uri, config.MONGODB_DB, logger);
  try {
    const store = createStore(mongo.db);
    await store.ensureIndexes();
    if (command === 'erase') {
      const by = parsed.values.by?.trim() || 'cli';
      const result = await eraseUser(
        store,
        tenantId,
        { userId: userId!, by, reason: parsed.values.reason },
        new Date(),
      );
      logger.info({ counts: result.counts, by }, 'Erased a user on request.');
      process.stdout.write(
        `${JSON.stringify({ ok: true, erased: true, pseudonym: result.pseudonym, counts: result.counts })}\n`,
      );
      return 0;
    }
    const run = await applyRetention(store, tenantId, retentionSettingsOf(config), new Date(), logger);
    process.stdout.write(
      `${JSON.stringify({ ok: true, at: run.at, counts: run.counts, textCutoff: run.textCutoff })}\n`,
    );
    return 0;
  } catch (error) {
    const appError = error instanceof AppError ? error : null;
    process.stderr.write(`${(error as Error).message}\n`);
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: { code: appError?.code ?? 'internal_error', message: (error as Error).message } })}\n`,
    );
    return 1;
  } finally {
    await mongo.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
