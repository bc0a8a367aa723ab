import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../e2e/support/serverProcess';
import { simulatorRequest } from '../e2e/support/simulator';
import { ROOT } from '../support/buildDist';

interface Outbound {
  kind: 'start' | 'tcp' | 'udp' | 'dns' | 'ipc';
  host?: string;
  port?: number;
  path?: string;
  pid: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost']);
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A port nobody listens on now (the OS picks it; released before the server binds it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits for the demo's change-notification subscription, adds a prompt through its simulator's control API and waits
 * for it in `/api/activity`, counting sync runs before and after (as the local demo admin, no token).
 */
async function activityArrivesLive(
  origin: string,
  dataDir: string,
): Promise<{ syncRunsBefore: number; syncRunsAfter: number }> {
  const get = async <T>(route: string): Promise<T> => (await (await fetch(`${origin}${route}`)).json()) as T;
  const runs = async () => (await get<{ items: unknown[] }>('/api/sync/runs?limit=200')).items.length;
  await waitFor(
    'the change-notification subscription',
    async () =>
      (await get<{ status: string | null }>('/api/sync/notifications')).status === 'active' ? true : undefined,
    60_000,
  );
  const userId = (await get<{ items: Array<{ userId: string }> }>('/api/users?limit=1')).items[0]!.userId;
  const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
  const before = await runs();
  await simulatorRequest(dataDir, 'POST', '/activity', {
    userId,
    at,
    turns: [{ prompt: 'Summarise the renewal notes.' }],
  });
  await waitFor('the notified prompt in the activity feed', async () =>
    (await get<{ items: Array<{ at: string }> }>(`/api/activity?userId=${userId}&limit=100`)).items.some(
      (i) => i.at === at,
    )
      ? true
      : undefined,
  );
  return { syncRunsBefore: before, syncRunsAfter: await runs() };
}

/**
 * `npm start` on a fresh clone, at a terminal: `node dist/server/main.js` with nothing configured (demo tenant,
 * embedded database), run under `script` so its stdout is a terminal, with a preload that records every outbound
 * connection and DNS lookup the process (and any thread or child it starts) makes.
 */
describe('npm start on a fresh clone', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'observatory-npm-start-'));
  const record = path.join(dir, 'outbound.jsonl');
  let output = '';
  let serverPid = 0;
  let exited: Promise<number | null>;
  let live: { syncRunsBefore: number; syncRunsAfter: number };

  beforeAll(async () => {
    const port = await freePort();
    const child = spawn('script', ['-qfec', `exec ${quote(process.execPath)} dist/server/main.js`, '/dev/null'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        SHELL: '/bin/sh',
        TERM: 'dumb',
        PORT: String(port),
        DATA_DIR: path.join(dir, 'data'),
        DEMO_USERS: '25',
        NODE_OPTIONS: `--require ${path.join(ROOT, 'test/support/recordOutbound.cjs')}`,
        OUTBOUND_LOG: record,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString().replace(/\r/g, '')));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString().replace(/\r/g, '')));
    exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    const tab = await waitFor(
      'the tab URL',
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
        return /open (http:\/\/127\.0\.0\.1:\d+\/tab\/)/.exec(output)?.[1];
      },
      60_000,
    );
    const origin = new URL(tab).origin;
    await waitFor(
      'the first demo sync',
      async () => {
        const health = (await (await fetch(`${origin}/healthz`)).json()) as { lastSync: { status: string } | null };
        return health.lastSync && health.lastSync.status !== 'running' ? true : undefined;
      },
      90_000,
    );
    live = await activityArrivesLive(origin, path.join(dir, 'data'));
    // The server itself (`exec` made it script's child): stopped by its own id, as recorded by the preload.
    serverPid = (JSON.parse(readFileSync(record, 'utf8').split('\n')[0]!) as Outbound).pid;
    process.kill(serverPid, 'SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);

  afterAll(() => {
    if (serverPid && existsSync(`/proc/${serverPid}`)) process.kill(serverPid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const recorded = (): Outbound[] =>
    readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Outbound);

  it('connects to and looks up nothing but the loopback through its first demo sync', () => {
    const all = recorded();
    const tcp = all.filter((e) => e.kind === 'tcp');
    // The recorder saw the server's own connections (its embedded database, the demo's Graph simulator).
    expect(tcp.length).toBeGreaterThan(0);
    const outside = all.filter(
      (e) => (e.kind === 'tcp' || e.kind === 'udp' || e.kind === 'dns') && !LOOPBACK.has(e.host!),
    );
    expect(outside).toEqual([]);
  });

  it('subscribes to its simulator by default, so activity added at Graph is stored without a sync run', () => {
    // beforeAll saw the subscription and the prompt in the feed; no sync ran meanwhile.
    expect(live.syncRunsAfter).toBe(live.syncRunsBefore);
  });

  it('prints the tab URL on a line of its own at the terminal', () => {
    const lines = output.split('\n').map((l) => l.trim());
    expect(lines).toContainEqual(
      expect.stringMatching(/^Copilot Observatory \(demo tenant\) is running: open http:\/\/127\.0\.0\.1:\d+\/tab\/$/),
    );
  });

  it('logs readable lines that name each component once, the first sync as full, and who the sync could not read', () => {
    const lines = output.split('\n');
    expect(lines.some((l) => l.startsWith('{'))).toBe(false); // a terminal gets readable lines, not JSON
    expect(lines.filter((l) => (l.match(/ component=/g) ?? []).length > 1)).toEqual([]);
    expect(lines.some((l) => / subcomponent=graph-simulator/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('Sync run starting.'))).toContain('mode=full');
    // The demo tenant has one user whose history the export API refuses (403).
    const errors = lines.find((l) => l.includes('The sync ended with 1 error'));
    expect(errors).toMatch(/"user":"[^"]+@[^"]+".*"status":403/);
  });
});
