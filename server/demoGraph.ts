import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { componentLogger, type Logger } from './logger';
import { loadOrCreateCertificate } from './graph/simulator/certificate';
import { startGraphSimulator, type RunningGraphSimulator } from './graph/simulator/startGraphSimulator';
import { createSyntheticTenant, type SyntheticTenant } from './graph/simulator/syntheticTenant';

/** The in-process Graph simulator demo mode talks to, plus what the real client needs to reach it. */
export interface DemoGraph {
  simulator: RunningGraphSimulator;
  tenant: SyntheticTenant;
  certPem: string;
  certPath: string;
  stop(): Promise<void>;
}

export interface DemoGraphOptions {
  dataDir: string;
  users: number;
  seed: number;
  logger: Logger;
  now: () => Date;
  /**
   * Adds a Copilot session every this many ms so the demo has news (0: never): notified to change-notification
   * subscribers at once (DEMO_NOTIFICATIONS), read by the next incremental sync otherwise.
   */
  liveActivityMs?: number;
}

/**
 * Starts the demo tenant over HTTPS on 127.0.0.1. The tenant's reference time is kept in the data folder so a
 * restart regenerates the very same history (same Graph ids) instead of a shifted copy.
 */
export async function startDemoGraph(options: DemoGraphOptions): Promise<DemoGraph> {
  const log = componentLogger(options.logger, 'demo-graph');
  const referenceTime = await demoReferenceTime(options.dataDir, options.seed, options.users, options.now());
  const tenant = createSyntheticTenant({ seed: options.seed, userCount: options.users, referenceTime });
  const tls = await loadOrCreateCertificate(path.join(options.dataDir, 'tls'));
  const simulator = await startGraphSimulator({
    tenant,
    tls: { cert: tls.cert, key: tls.key },
    latencyMs: { min: 15, max: 60 },
    logger: log,
  });
  let timer: NodeJS.Timeout | undefined;
  if (options.liveActivityMs) {
    timer = setInterval(() => {
      // A session starts now and its later turns are served as their time comes: nothing is dated in the future.
      const now = options.now();
      const added = [...tenant.releaseDue(now), ...tenant.addActivity({ at: now, sessions: 1, happenedBy: now })];
      log.debug({ interactions: added.length }, 'Added live demo activity.');
      if (added.length) void simulator.notify(added);
    }, options.liveActivityMs);
    timer.unref();
  }
  log.info(
    { origin: simulator.origin, tenantId: tenant.tenantId, users: options.users },
    'Demo mode: the Graph simulator is serving a synthetic tenant.',
  );
  return {
    simulator,
    tenant,
    certPem: tls.cert,
    certPath: tls.certPath,
    stop: async () => {
      if (timer) clearInterval(timer);
      await simulator.close();
    },
  };
}

async function demoReferenceTime(dataDir: string, seed: number, users: number, now: Date): Promise<Date> {
  const file = path.join(dataDir, 'demo-tenant.json');
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { seed: number; users: number; referenceTime: string };
    if (saved.seed === seed && saved.users === users && !Number.isNaN(Date.parse(saved.referenceTime)))
      return new Date(saved.referenceTime);
  } catch {
    // first run, or an unreadable file: start a new demo history below
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify({ seed, users, referenceTime: now.toISOString() }, null, 2));
  return now;
}
