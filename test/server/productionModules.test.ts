import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatedTenantEnv, startServerProcess, type ServerProcess } from '../scheduling/serverProcess';
import { ROOT } from '../support/buildDist';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';

/** Code that exists for the demo, the tests' database, packaging and benchmarks: never part of a tenant's server. */
const DEV_ONLY = [
  /[\\/]dist[\\/]server[\\/]graph[\\/]simulator[\\/]/,
  /[\\/]dist[\\/]server[\\/]demoGraph\.js$/,
  /[\\/]dist[\\/]server[\\/]store[\\/]embedded[\\/]/,
  /[\\/]dist[\\/]server[\\/]packaging[\\/]/,
  /[\\/]dist[\\/]bench[\\/]/,
  /[\\/]node_modules[\\/]@push\.rocks[\\/]/,
  /[\\/]node_modules[\\/]mongodb-memory-server/,
  /[\\/]node_modules[\\/]selfsigned[\\/]/,
];
const devOnly = (modules: string[]) => modules.filter((m) => DEV_ONLY.some((p) => p.test(m)));

/** Starts the compiled server with `env`, waits until it listens, stops it with SIGTERM; the modules it loaded. */
async function modulesOfStart(env: NodeJS.ProcessEnv, dir: string): Promise<string[]> {
  const record = path.join(dir, `modules-${Date.now()}.txt`);
  const server: ServerProcess = startServerProcess('server', {
    ...env,
    NODE_OPTIONS: `--require ${path.join(ROOT, 'test/support/recordModules.cjs')}`,
    MODULE_RECORD_PATH: record,
  });
  try {
    await server.waitForLog((l) => typeof l.url === 'string' && typeof l.mode === 'string', 60_000, 'listening');
    server.child.kill('SIGTERM');
    const code = await server.exited;
    if (code !== 0)
      throw new Error(`exit ${code} (signal ${server.child.signalCode}): ${server.output().slice(-3000)}`);
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
  return readFileSync(record, 'utf8').split('\n');
}

describe('what a server start loads', () => {
  let h: GraphHarness;
  let t: TestStore;
  let dir: string;
  beforeAll(async () => {
    h = await startGraphHarness({ seed: 3, userCount: 5, referenceTime: new Date() });
    t = await openTestStore('modules');
    dir = mkdtempSync(path.join(tmpdir(), 'observatory-modules-'));
  });
  afterAll(async () => {
    await t.close();
    await h.close();
  });

  it('a tenant start (MONGODB_URI, tenant credentials) loads no simulator, emulator, packaging or bench code', async () => {
    const modules = await modulesOfStart(simulatedTenantEnv(h, t, 'modules-test-state-signing-key-0000000000'), dir);
    // The record is real: the server's own code and its production packages are in it.
    expect(modules.some((m) => m.endsWith(path.join('dist', 'server', 'main.js')))).toBe(true);
    expect(modules.some((m) => m.includes(`${path.sep}node_modules${path.sep}mongodb${path.sep}`))).toBe(true);
    expect(devOnly(modules)).toEqual([]);
  });

  it('a demo start loads the simulator and the emulator (control: the record sees dynamic imports)', async () => {
    const modules = await modulesOfStart(
      { PATH: process.env.PATH, PORT: '0', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'observatory-demo-')) },
      dir,
    );
    const dev = devOnly(modules);
    expect(dev.some((m) => /graph[\\/]simulator[\\/]/.test(m))).toBe(true);
    expect(dev.some((m) => /store[\\/]embedded[\\/]/.test(m))).toBe(true);
  });
});
