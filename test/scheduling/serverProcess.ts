import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/buildDist';
import type { GraphHarness } from '../support/graphHarness';
import type { TestStore } from '../support/testStore';

export interface LogLine {
  msg: string;
  [key: string]: unknown;
}

/** A compiled server (`node dist/server/main.js`) run as a real process, its JSON log lines collected. */
export interface ServerProcess {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  output(): string;
  exited: Promise<number | null>;
  /** Resolves with the first log line (seen so far or later) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>;
}

export function startServerProcess(name: string, env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let raw = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    raw += d.toString();
    pending += d.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ msg: part });
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (raw += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    name,
    child,
    lines,
    output: () => raw,
    exited,
    async waitForLog(match, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`${name}: no log line for ${what}. Output:\n${raw.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** The base URL the server printed when it started listening. */
export async function listeningUrl(server: ServerProcess): Promise<string> {
  const line = await server.waitForLog((l) => l.msg === 'Copilot Observatory is listening.', 60_000, 'listening');
  return String(line.url);
}

/**
 * The environment of a server in tenant mode whose Graph and Entra are the simulator (its certificate trusted through
 * NODE_EXTRA_CA_CERTS), on the test's database, in a fresh DATA_DIR; instances given the same key share signed state.
 */
export function simulatedTenantEnv(h: GraphHarness, t: TestStore, stateSigningKey: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'observatory-procs-'));
  const caPath = path.join(dir, 'simulator-ca.pem');
  writeFileSync(caPath, h.cert);
  return {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: caPath,
    PORT: '0',
    DATA_DIR: dir,
    MONGODB_URI: t.uri,
    MONGODB_DB: t.dbName,
    TENANT_ID: h.tenant.tenantId,
    CLIENT_ID: h.tenant.app.clientId,
    CLIENT_SECRET: h.tenant.app.clientSecret,
    GRAPH_BASE_URL: h.simulator.graphBaseUrl,
    AUTHORITY_HOST: h.simulator.authorityHost,
    ADMIN_USER_IDS: '00000000-0000-0000-0000-00000000a0a0',
    STATE_SIGNING_KEY: stateSigningKey,
  };
}
