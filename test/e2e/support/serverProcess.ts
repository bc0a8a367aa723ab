import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ROOT } from '../../support/buildDist';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Its DATA_DIR (runtime.json there names the demo Graph simulator). */
  dataDir: string;
  /** GET an API path as the local demo admin (loopback, no bearer token), like the tab outside Teams. */
  api<T>(pathAndQuery: string): Promise<T>;
  /** Everything the server printed (JSON log lines). */
  output(): string;
  stop(): Promise<void>;
}

interface Health {
  lastSync: { status: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * GET with one retry when the connection drops before an answer (a kept-alive socket the server closed just as it
 * was reused: Node reports ECONNRESET); any HTTP answer, error statuses included, is returned as it came.
 */
async function fetchRetrying(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    await sleep(50);
    return fetch(url);
  }
}

/** Waits for `check` to return a value (polling), or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Starts the real built server (`node dist/server/main.js`) in demo mode on the suite's MongoDB, in its own
 * database, and returns once it listens and its first demo sync has finished.
 */
export async function startServer(options: {
  demoUsers: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run through jest (globalSetup starts MongoDB)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'observatory-e2e-'));
  const dbName = `e2e_${randomUUID().slice(0, 8)}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      MONGODB_URI: uri,
      MONGODB_DB: dbName,
      DEMO_USERS: String(options.demoUsers),
      SYNC_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'info',
      // Polling only unless a suite asks for notifications: the demo adds a session every minute, and notified it
      // would be stored between a suite's API read and its page read; these suites compare the two.
      DEMO_NOTIFICATIONS: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      // A graceful stop finishes the page in flight; past 10 s, kill it (by its PID, never by name).
      const force = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    const client = new MongoClient(uri);
    try {
      await client.connect();
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await waitFor(
      'the server to listen',
      async () => {
        if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
        return /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"Copilot Observatory is listening\."/.exec(output)?.[1];
      },
      // Measured 26 s from spawn to listening (18 s of it connecting to the test MongoDB) at load average 35.
      90_000,
    );
    await waitFor(
      'the first demo sync',
      async () => {
        const health = (await (await fetchRetrying(`${baseUrl}/healthz`)).json()) as Health;
        return health.lastSync && health.lastSync.status !== 'running' ? health : undefined;
      },
      60_000,
    );
    const api = async <T>(pathAndQuery: string): Promise<T> => {
      const response = await fetchRetrying(`${baseUrl}${pathAndQuery}`);
      if (!response.ok) throw new Error(`GET ${pathAndQuery} -> ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    return { baseUrl, pid: child.pid!, dataDir, api, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
