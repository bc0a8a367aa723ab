import { Presets, SingleBar } from 'cli-progress';
import { createCrossRiskScanner } from '../core/risk/crossRiskScanner';
import { rescanStored } from '../core/risk/rescan';
import { createRiskScanner } from '../core/risk/riskScanner';
import { componentLogger, createLogger } from '../logger';
import { configOrReport, runningDemoOf } from './cliSetup';
import { buildServices, riskHashKeyOf, riskThresholdsOf, type Services } from '../services';
import { randomBytes } from 'node:crypto';

/**
 * `npm run risk:rescan`: the risk detections again over every stored interaction (after rules changed), with a
 * progress bar on a terminal (stderr); the last stdout line is a JSON summary. Findings are keyed, so nothing is
 * duplicated and triage is kept.
 */
async function main(): Promise<number> {
  const config = configOrReport();
  if (!config) return 1;
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const running = await runningDemoOf(config);
  if (running) logger.info('A demo server is running: rescanning its database.');
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          stream: process.stderr,
          format: 'Scanning {bar} {value}/{total} interactions | {eta_formatted} left',
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : null;
  let services: Services | undefined;
  try {
    services = await buildServices(config, logger, {
      mongoUri: running?.mongoUri ?? undefined,
      attachDemo: running?.demo ?? undefined,
    });
    const hashKey = (await riskHashKeyOf(config, logger)) ?? randomBytes(32);
    const scanner = createRiskScanner({
      store: services.store,
      hashKey,
      now: services.now,
      logger: componentLogger(logger, 'risk'),
    });
    const cross = createCrossRiskScanner({
      store: services.store,
      hashKey,
      now: services.now,
      logger: componentLogger(logger, 'risk'),
      thresholds: riskThresholdsOf(config),
    });
    const started = Date.now();
    const outcome = await rescanStored(services.store, scanner, {
      tenantId: services.tenantId,
      cross,
      signal: abort.signal,
      onProgress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
    });
    bar?.stop();
    const findings = await services.store.findings.countDocuments({ tenantId: services.tenantId });
    process.stdout.write(
      `${JSON.stringify({ ok: true, ...outcome, totalFindings: findings, durationMs: Date.now() - started, stopped: abort.signal.aborted })}\n`,
    );
    return abort.signal.aborted ? 130 : 0;
  } catch (error) {
    bar?.stop();
    logger.error({ err: error }, 'The rescan could not run.');
    process.stdout.write(`${JSON.stringify({ ok: false, error: (error as Error).message })}\n`);
    return 1;
  } finally {
    await services?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
