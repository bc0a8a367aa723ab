import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

/** Whether something accepts a TCP connection on 127.0.0.1:`port` now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `npm start` (the compiled server, demo tenant, embedded database) with PORT already held by another program: it
 * must say so, naming the port, and exit non-zero, not log that it listens and carry on serving nothing. The preload
 * records every connection the server makes, so the test knows the ports of its embedded database and simulator.
 */
describe('npm start on a port another program holds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'observatory-busy-port-'));
  const record = path.join(dir, 'outbound.jsonl');
  let holder: Server;
  let port = 0;
  let output = '';
  let code: number | null = null;
  let pid = 0;

  beforeAll(async () => {
    holder = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as { port: number }).port;
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATA_DIR: path.join(dir, 'data'),
        DEMO_USERS: '10',
        MONGOMS_RUNTIME_DOWNLOAD: 'false',
        NODE_OPTIONS: `--require ${path.join(ROOT, 'test/support/recordOutbound.cjs')}`,
        OUTBOUND_LOG: record,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pid = child.pid!;
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    // A start that carries on without serving never exits: give up after a minute (the start takes seconds).
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    clearTimeout(timer);
  }, 90_000);

  afterAll(async () => {
    if (pid && existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => holder.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits non-zero with an error that names the port, and never says it listens', () => {
    expect(code).toBe(1);
    expect(output).toContain(`PORT ${port}: another program already listens on 127.0.0.1:${port}`);
    expect(output).toContain('Copilot Observatory will not start.');
    expect(output).not.toContain('Copilot Observatory is listening.');
  });

  it('leaves nothing of its own running: its database and simulator ports are closed, no runtime file', async () => {
    const ports = new Set(
      readFileSync(record, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; port?: number })
        .filter((e) => e.kind === 'tcp' && e.port !== port)
        .map((e) => e.port!),
    );
    // It did start them (it connected to its embedded database and, for the demo's token, its simulator).
    expect(ports.size).toBeGreaterThanOrEqual(1);
    for (const own of ports) expect([own, await accepts(own)]).toEqual([own, false]);
    expect(existsSync(path.join(dir, 'data', 'runtime.json'))).toBe(false);
    // The program holding the port is untouched.
    expect(await accepts(port)).toBe(true);
  });
});
