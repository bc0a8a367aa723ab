import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationChannel } from '../server/api/notificationContracts';
import { createFetch } from '../server/graph/trustedFetch';
import type { RuntimeInfo } from '../server/runtimeFile';
import { parseNumberArgs } from './benchArgs';

/**
 * npm run bench:realtime — change notifications end to end: the built server in demo mode with
 * DEMO_NOTIFICATIONS=on, its Graph simulator adding activity at a steady rate through the control API, each new
 * interaction notified (encrypted) to the webhook, queued, and stored by the worker through the sync pipeline.
 * Reports interactions stored per second and the lag from Graph's createdDateTime to stored (p50/p95/max, as the
 * Sync view shows it), and Graph requests per hour for a tenant of --users users, polling only vs notifications.
 */
const args = parseNumberArgs(process.argv.slice(2), {
  /** Target interactions per second. */
  rate: 50,
  seconds: 60,
  demoUsers: 50,
  /** For the requests-per-hour figure. */
  users: 10_000,
  syncIntervalMinutes: 60,
  reconcileIntervalMinutes: 360,
});
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = path.resolve(__dirname, '../..');
let serverExited = false;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'observatory-bench-realtime-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_USERS: String(args.demoUsers),
      DEMO_NOTIFICATIONS: 'on',
      SYNC_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'info',
      ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.once('close', () => (serverExited = true));
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const baseUrl = await until('the server to listen', 120_000, async () => {
      return /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"Copilot Observatory is listening\."/.exec(output)?.[1];
    });
    const channel = async () =>
      (await (await fetch(`${baseUrl}/api/sync/notifications`)).json()) as NotificationChannel;
    await until('the subscription (after the first sync)', 300_000, async () =>
      (await channel()).status === 'active' ? true : undefined,
    );
    const info = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
    const simulator = createFetch({ extraCaPem: readFileSync(info.demo!.certPath, 'utf8') });
    const before = await channel();
    out(
      `Server: demo, ${args.demoUsers} users, DEMO_NOTIFICATIONS=on; database: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'the embedded default'}; target ${args.rate} interactions/s for ${args.seconds} s.`,
    );

    // Users with Copilot (from a few generated sessions); then one prompt per request, created "now", so its
    // createdDateTime is the moment the simulator notifies it (generated sessions spread turns into the future).
    const control = async (body: unknown) => {
      const answer = await simulator(`${info.demo!.origin}/_simulator/activity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (answer.status !== 201) throw new Error(`adding activity: ${answer.status} ${await answer.text()}`);
      return (await answer.json()) as { count: number; userId: string };
    };
    const users = new Set<string>();
    let warmup = 0;
    for (let i = 0; i < 5; i += 1) {
      const added = await control({ sessions: 1 });
      users.add(added.userId);
      warmup += added.count;
    }
    const userIds = [...users];
    await until('the warm-up to be stored', 120_000, async () => {
      const c = await channel();
      return c.notificationsReceived - before.notificationsReceived >= warmup && c.queued === 0 ? c : undefined;
    });
    const baseline = await channel();

    // Requests go out on a steady clock, several in flight at once (one at a time, each round trip caps the rate).
    const started = Date.now();
    let sent = 0;
    let issued = 0;
    const inFlight = new Set<Promise<void>>();
    while (Date.now() - started < args.seconds * 1000) {
      if (issued < ((Date.now() - started) / 1000) * args.rate && inFlight.size < 32) {
        const userId = userIds[issued % userIds.length];
        const request = control({ userId, turns: [{ prompt: `Benchmark prompt ${issued}` }] }).then((added) => {
          sent += added.count;
          inFlight.delete(request);
        });
        inFlight.add(request);
        issued += 1;
      } else await sleep(2);
    }
    await Promise.all(inFlight);
    const sendSeconds = (Date.now() - started) / 1000;
    const drained = await until('the queue to drain', 600_000, async () => {
      const c = await channel();
      const settled = c.notificationsReceived - baseline.notificationsReceived >= sent && c.queued === 0;
      return settled ? c : undefined;
    });
    const totalSeconds = (Date.now() - started) / 1000;
    // The API's figures cover the last day: the warm-up's few generated sessions are in them too.
    const lag = drained.lag!;
    out(`\nSent ${sent} interactions in ${sendSeconds.toFixed(1)} s = ${(sent / sendSeconds).toFixed(1)}/s offered.`);
    out(
      `All stored ${totalSeconds.toFixed(1)} s after the first: ${(sent / totalSeconds).toFixed(1)} interactions/s through webhook → queue → store.`,
    );
    out(
      `Lag, createdDateTime → stored (${lag.samples} interactions): p50 ${lag.p50Ms} ms, p95 ${lag.p95Ms} ms, max ${lag.maxMs} ms (goal p95 < 5,000 ms at 50/s).`,
    );
    out(`Skipped (left to polling): ${drained.skipped - baseline.skipped}.`);
    const polling = (args.users * 60) / args.syncIntervalMinutes;
    const reconciling = (args.users * 60) / args.reconcileIntervalMinutes;
    out(
      `\nGraph requests per hour for ${args.users} licensed users, at least one export-API request per user per pass:` +
        `\n  polling only, every ${args.syncIntervalMinutes} min: ${Math.round(polling)}/h` +
        `\n  notifications healthy, reconciling every ${args.reconcileIntervalMinutes} min: ${Math.round(reconciling)}/h` +
        ` + about 1 subscription renewal per day (notifications carry the interaction: no extra read each)`,
    );
  } finally {
    if (!serverExited) {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await closed;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (serverExited) throw new Error(`The server exited while waiting for ${what}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
