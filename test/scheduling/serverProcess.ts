import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

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
