import { parentPort } from 'node:worker_threads';
import { startGraphSimulator, type RunningGraphSimulator } from '../server/graph/simulator/startGraphSimulator';
import { createSyntheticTenant } from '../server/graph/simulator/syntheticTenant';
import type { PlanRecord } from '../server/store/embedded/congoPlanLog';
import { startCongo, type EmbeddedMongo } from '../server/store/embedded/embeddedMongo';
import { summarize } from './planFigures';

/**
 * Runs a benchmark peer on its own thread, as it would run in its own process in production: the CongoDB
 * emulator (a separate database server) or the Graph simulator (a remote service). Messages: `start` -> `ready`,
 * `stats` -> `stats`, `plans-start` -> `plans-started` and `plans-stop` -> `plans` (the emulator's plan records
 * between them, summarized), `stop` -> `stopped`.
 */
type Request =
  | { kind: 'start'; service: 'mongo' }
  | {
      kind: 'start';
      service: 'graph';
      tenant: { seed: number; userCount: number; referenceTime: string; avg: number };
      tls: { cert: string; key: string };
      rateLimitPerSecond: number;
      latencyMs: number | { min: number; max: number };
    }
  | { kind: 'stats' }
  | { kind: 'plans-start' }
  | { kind: 'plans-stop' }
  | { kind: 'stop' };

let stop: (() => Promise<void>) | null = null;
let simulator: RunningGraphSimulator | null = null;
let mongo: EmbeddedMongo | null = null;
let stopRecording: (() => PlanRecord[]) | null = null;

parentPort!.on('message', (request: Request) => {
  void handle(request).catch((error: unknown) => parentPort!.postMessage({ kind: 'error', message: String(error) }));
});

async function handle(request: Request): Promise<void> {
  if (request.kind === 'start' && request.service === 'mongo') {
    const started = await startCongo();
    mongo = started;
    stop = () => started.stop();
    parentPort!.postMessage({ kind: 'ready', uri: started.uri });
  } else if (request.kind === 'start' && request.service === 'graph') {
    const tenant = createSyntheticTenant({
      seed: request.tenant.seed,
      userCount: request.tenant.userCount,
      referenceTime: new Date(request.tenant.referenceTime),
      avgInteractionsPerActiveUser: request.tenant.avg,
    });
    simulator = await startGraphSimulator({
      tenant,
      tls: request.tls,
      rateLimitPerSecond: request.rateLimitPerSecond,
      latencyMs: request.latencyMs,
    });
    stop = () => simulator!.close();
    parentPort!.postMessage({
      kind: 'ready',
      tenantId: tenant.tenantId,
      clientId: tenant.app.clientId,
      clientSecret: tenant.app.clientSecret,
      origin: simulator.origin,
      graphBaseUrl: simulator.graphBaseUrl,
      authorityHost: simulator.authorityHost,
    });
  } else if (request.kind === 'stats') {
    parentPort!.postMessage({ kind: 'stats', stats: simulator?.stats() ?? null });
  } else if (request.kind === 'plans-start') {
    stopRecording = mongo?.planner?.record() ?? null;
    parentPort!.postMessage({ kind: 'plans-started' });
  } else if (request.kind === 'plans-stop') {
    const records = stopRecording?.() ?? [];
    stopRecording = null;
    parentPort!.postMessage({ kind: 'plans', records: summarize(records) });
  } else if (request.kind === 'stop') {
    await stop?.();
    parentPort!.postMessage({ kind: 'stopped' });
  }
}
