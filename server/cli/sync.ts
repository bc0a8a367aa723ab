import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { storeTotals } from '../core/insights/storeTotals';
import { AppError, ConfigError } from '../errors';
import { createLogger } from '../logger';
import { readLiveRuntimeInfo } from '../runtimeFile';
import { buildServices, type Services } from '../services';
import { createProgressReporter } from './progressReporter';

const USAGE = `Usage: npm run sync [-- --full]

Syncs Microsoft 365 Copilot interactions into MongoDB with the server's configuration (see .env.example).
  --full   re-read every user's whole backfill window instead of starting at their watermark
Logs go to stderr; the last line on stdout is a JSON summary with the store's totals and the run's errors.`;

/** `npm run sync`: one sync run, a progress bar on a terminal, a JSON summary as the last stdout line. */
async function main(argv: string[]): Promise<number> {
  const args = new Set(argv);
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = [...args].filter((a) => a !== '--full');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option(s): ${unknown.join(', ')}\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      printSummary({ ok: false, error: { code: error.code, message: error.message }, errors: error.problems });
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const running =
    config.mode === 'demo' && !config.MONGODB_URI ? await readLiveRuntimeInfo(path.resolve(config.DATA_DIR)) : null;
  if (running) logger.info('A demo server is running: syncing into its database from its simulator.');

  let services: Services | undefined;
  const abort = new AbortController();
  const stop = (signal: string): void => {
    logger.warn({ signal }, 'Stopping after the page in flight; the next run resumes from here.');
    abort.abort(new AppError('sync_stopped', `Stopped by ${signal}.`, 503));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const progress = createProgressReporter();
  try {
    services = await buildServices(config, logger, {
      mongoUri: running?.mongoUri ?? undefined,
      attachDemo: running?.demo ?? undefined,
    });
    const run = await services.syncRunner.run({
      mode: args.has('--full') ? 'full' : 'incremental',
      trigger: 'cli',
      signal: abort.signal,
      onProgress: (r) => progress.update(r),
    });
    progress.stop();
    const totals = await storeTotals(services.store, services.tenantId);
    printSummary({
      ok: run.status === 'succeeded' || run.status === 'completed_with_errors',
      runId: run.runId,
      status: run.status,
      mode: run.mode,
      durationMs: run.durationMs,
      ...totals,
      run: run.counts,
      graph: run.graph,
      message: run.message,
      errors: run.errors.map((e) => ({
        userId: e.userId,
        userPrincipalName: e.userPrincipalName,
        code: e.code,
        status: e.status,
        message: e.message,
      })),
    });
    return run.status === 'failed' ? 1 : run.status === 'interrupted' ? 130 : 0;
  } catch (error) {
    progress.stop();
    const appError = error instanceof AppError ? error : null;
    logger.error({ err: error }, 'The sync could not run.');
    printSummary({
      ok: false,
      error: { code: appError?.code ?? 'internal_error', message: (error as Error).message },
      errors: [],
    });
    return 1;
  } finally {
    await services?.close();
  }
}

function printSummary(summary: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
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
