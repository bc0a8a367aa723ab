import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

function runCli(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/cli/sync.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

/** What `npm start` does on a fresh clone: demo tenant, embedded database, first sync in the background. */
describe('the server started with no configuration', () => {
  it('serves /healthz, syncs the demo tenant, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'observatory-start-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATA_DIR: dataDir,
        MONGOMS_RUNTIME_DOWNLOAD: 'false',
        DEMO_USERS: '25',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      let url: string | undefined;
      for (let i = 0; i < 300 && !url; i++) {
        url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 100));
      }
      expect(url).toBeDefined();
      let health:
        { status: string; mode: string; database: { engine: string }; lastSync: { status: string } | null } | undefined;
      for (let i = 0; i < 600; i++) {
        const response = await fetch(`${url}/healthz`);
        expect(response.status).toBe(200);
        health = (await response.json()) as typeof health;
        if (health?.lastSync && health.lastSync.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health).toMatchObject({ status: 'ok', mode: 'demo' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', reasons: [] });
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      expect(['succeeded', 'completed_with_errors']).toContain(health?.lastSync?.status);
      expect(output).toContain('Sync run finished.');
      // `npm run sync` beside the running demo server syncs into its database from its simulator: everything
      // the server already stored is recognised, nothing is added twice.
      const cli = await runCli({ PATH: process.env.PATH, DATA_DIR: dataDir, DEMO_USERS: '25', LOG_LEVEL: 'warn' });
      expect(cli.code).toBe(0);
      const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!) as {
        interactions: number;
        run: { interactionsNew: number; interactionsFetched: number };
      };
      // A CLI with a database of its own would have backfilled everything as new.
      expect(summary.interactions).toBeGreaterThan(0);
      expect(summary.run.interactionsNew).toBeLessThan(summary.interactions);
      const missing = await fetch(`${url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'GET /nope was not found.' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  }, 120_000);
});

describe('the server started with an unsafe production configuration', () => {
  it('refuses to start, names every problem and exits with code 1', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        TENANT_ID: '11111111-2222-3333-4444-555555555555',
        CLIENT_ID: '66666666-7777-8888-9999-000000000000',
        CLIENT_SECRET: 'a-real-secret',
        DEMO_USERS: '25',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('will not start');
    expect(stderr).toContain('MONGODB_URI is required with a real tenant');
    expect(stderr).toContain('No admin rule');
    expect(stderr).toContain('DEMO_USERS only applies to the demo tenant');
    expect(stderr).toContain('STATE_SIGNING_KEY is required with a real tenant');
    expect(stderr).not.toContain('a-real-secret');
  });
});
