import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '../logger';
import { loadOrCreateCertificate } from '../graph/simulator/certificate';
import { FAULT_PRESETS, type FaultPreset } from '../graph/simulator/faults';
import { startGraphSimulator, type RunningGraphSimulator } from '../graph/simulator/startGraphSimulator';
import { evenRiskRates } from '../graph/simulator/riskSeeds';
import { createSyntheticTenant } from '../graph/simulator/syntheticTenant';

const USAGE = `Usage: npm run simulator [-- options]

Serves a synthetic Microsoft 365 tenant through a local Microsoft Graph + Entra simulator over HTTPS.
  --users <n>            users in the tenant (default 200)          env SIMULATOR_USERS
  --seed <n>             seed of the generated data (default 42)    env SIMULATOR_SEED
  --port <n>             HTTPS port, 0 for any free one (default 8443)  env SIMULATOR_PORT
  --host <ip>            listen address (default 127.0.0.1)
  --rps <n>              export API requests/s per app before 429s (default 30)
  --faults <preset>      ${Object.keys(FAULT_PRESETS).join(' | ')} (default none)        env SIMULATOR_FAULTS
  --latency <ms|min-max> delay per Graph response (default 20-80)
  --avg <n>              average interactions per active user (default 60)
  --history-days <n>     days of history before the reference time (default 180)
  --activity-every <s>   add a new Copilot session every s seconds (default 0: never)
  --risk-rate <share>    share of turns replaced by labelled risky content, 0-1 (default 0)
  --data-dir <dir>       certificate and tenant state folder (default .data)  env DATA_DIR
  --fresh                forget the saved reference time and generate history up to now
The tenant's reference time is kept in <data-dir>/simulator-tenant.json so a restart serves the same history.
Logs go to stderr; the banner with the settings for the app goes to stdout.`;

interface CliOptions {
  users: number;
  seed: number;
  port: number;
  host: string;
  rps: number;
  faults: FaultPreset;
  latency: { min: number; max: number };
  avg: number;
  historyDays: number;
  activityEverySeconds: number;
  riskRate: number;
  dataDir: string;
  fresh: boolean;
}

/** Reads argv, with a few environment fallbacks; throws a message for the user on bad input. */
function readOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      users: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      rps: { type: 'string' },
      faults: { type: 'string' },
      latency: { type: 'string' },
      avg: { type: 'string' },
      'history-days': { type: 'string' },
      'activity-every': { type: 'string' },
      'risk-rate': { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const faults = values.faults ?? env.SIMULATOR_FAULTS ?? 'none';
  if (!(faults in FAULT_PRESETS)) throw new Error(`--faults must be one of ${Object.keys(FAULT_PRESETS).join(', ')}`);
  return {
    users: integer('--users', values.users ?? env.SIMULATOR_USERS, 200, 1, 100_000),
    seed: integer('--seed', values.seed ?? env.SIMULATOR_SEED, 42, 0, 2 ** 31 - 1),
    port: integer('--port', values.port ?? env.SIMULATOR_PORT, 8443, 0, 65_535),
    host: values.host ?? '127.0.0.1',
    rps: integer('--rps', values.rps, 30, 1, 100_000),
    faults: faults as FaultPreset,
    latency: parseLatency(values.latency ?? '20-80'),
    avg: integer('--avg', values.avg, 60, 1, 10_000),
    historyDays: integer('--history-days', values['history-days'], 180, 1, 3_650),
    activityEverySeconds: integer('--activity-every', values['activity-every'], 0, 0, 86_400),
    riskRate: share('--risk-rate', values['risk-rate']),
    dataDir: path.resolve(values['data-dir'] ?? env.DATA_DIR ?? '.data'),
    fresh: values.fresh ?? false,
  };
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function share(name: string, raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`${name} must be a share from 0 to 1`);
  return value;
}

function parseLatency(raw: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  if (!match) throw new Error('--latency must be milliseconds (50) or a range (20-80)');
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (max < min) throw new Error('--latency range must be min-max');
  return { min, max };
}

/** The reference time saved for this seed and size, so restarts regenerate identical history. */
async function referenceTime(options: CliOptions, logger: Logger): Promise<Date> {
  const file = path.join(options.dataDir, 'simulator-tenant.json');
  const key = { seed: options.seed, users: options.users, avg: options.avg, historyDays: options.historyDays };
  if (!options.fresh) {
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as typeof key & { referenceTime: string };
      const same =
        saved.seed === key.seed &&
        saved.users === key.users &&
        saved.avg === key.avg &&
        saved.historyDays === key.historyDays;
      if (same && !Number.isNaN(Date.parse(saved.referenceTime))) return new Date(saved.referenceTime);
    } catch (error) {
      logger.debug({ err: error }, 'No saved simulator tenant; generating history up to now.');
    }
  }
  const now = new Date();
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...key, referenceTime: now.toISOString() }, null, 2)}\n`);
  return now;
}

function banner(simulator: RunningGraphSimulator, options: CliOptions, certPath: string): string {
  const t = simulator.tenant;
  return [
    'Microsoft Graph simulator for Copilot Observatory',
    `  origin        ${simulator.origin}`,
    `  tenant        ${t.tenantId} (${t.domain}), ${t.users.length} users, seed ${options.seed}`,
    `  history       ${t.historyDays} days up to ${t.referenceTime.toISOString()}`,
    `  throttling    ${options.rps} requests/s per app on getAllEnterpriseInteractions; faults: ${options.faults}`,
    `  control API   ${simulator.origin}/_simulator/summary  (also ground-truth, activity, stats, faults)`,
    '',
    'Point the app at it (.env or the environment; NODE_EXTRA_CA_CERTS must be set before node starts):',
    `  TENANT_ID=${t.tenantId}`,
    `  CLIENT_ID=${t.app.clientId}`,
    `  CLIENT_SECRET=${t.app.clientSecret}`,
    `  GRAPH_BASE_URL=${simulator.graphBaseUrl}`,
    `  AUTHORITY_HOST=${simulator.authorityHost}`,
    `  NODE_EXTRA_CA_CERTS=${certPath}`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** `npm run simulator`: runs until SIGINT/SIGTERM. */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = readOptions(argv, env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', destination: process.stderr });
  const tls = await loadOrCreateCertificate(path.join(options.dataDir, 'tls'));
  const tenant = createSyntheticTenant({
    seed: options.seed,
    userCount: options.users,
    referenceTime: await referenceTime(options, logger),
    historyDays: options.historyDays,
    avgInteractionsPerActiveUser: options.avg,
    ...(options.riskRate > 0 ? { riskSeedRates: evenRiskRates(options.riskRate) } : {}),
  });
  const simulator = await startGraphSimulator({
    tenant,
    host: options.host,
    port: options.port,
    tls: { cert: tls.cert, key: tls.key },
    rateLimitPerSecond: options.rps,
    latencyMs: options.latency,
    faults: FAULT_PRESETS[options.faults],
    logger,
  });
  process.stdout.write(banner(simulator, options, tls.certPath));

  const timer =
    options.activityEverySeconds > 0
      ? setInterval(() => {
          // Later turns of a session are served as their time comes: Graph holds nothing dated in the future.
          const now = new Date();
          const added = [...tenant.releaseDue(now), ...tenant.addActivity({ at: now, happenedBy: now })];
          logger.info({ interactions: added.length }, 'Added live Copilot activity.');
          if (added.length) void simulator.notify(added);
        }, options.activityEverySeconds * 1000)
      : undefined;
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'Stopping the Graph simulator.');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  if (timer) clearInterval(timer);
  await simulator.close();
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The Graph simulator failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
