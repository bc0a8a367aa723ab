import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actualAggregates, expectedFrom, storedRows } from '../support/groundTruth';
import { ROOT } from '../support/buildDist';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';

const DAY = 24 * 60 * 60 * 1000;

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(env: NodeJS.ProcessEnv, args: string[] = []): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/cli/sync.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe('npm run sync', () => {
  let h: GraphHarness;
  let t: TestStore;
  let env: NodeJS.ProcessEnv;
  const referenceTime = new Date();
  beforeAll(async () => {
    // Slow pages and a low ceiling so a run lasts long enough to be killed in the middle.
    h = await startGraphHarness({
      seed: 31,
      userCount: 60,
      referenceTime,
      simulator: { latencyMs: 120, rateLimitPerSecond: 30 },
    });
    t = await openTestStore('cli');
    const dir = mkdtempSync(path.join(tmpdir(), 'observatory-cli-'));
    const certPath = path.join(dir, 'simulator.pem');
    writeFileSync(certPath, h.cert);
    env = {
      NODE_EXTRA_CA_CERTS: certPath,
      MONGODB_URI: t.uri,
      MONGODB_DB: t.dbName,
      TENANT_ID: h.tenant.tenantId,
      CLIENT_ID: h.tenant.app.clientId,
      CLIENT_SECRET: h.tenant.app.clientSecret,
      GRAPH_BASE_URL: h.simulator.graphBaseUrl,
      AUTHORITY_HOST: h.simulator.authorityHost,
      SYNC_CONCURRENCY: '2',
      GRAPH_MAX_RPS: '25',
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await h?.close();
  });

  it('killed with SIGKILL mid-run and started again, ends equal to the ground truth', async () => {
    const first = startCli(env);
    const total = [...h.tenant.groundTruth({ after: new Date(Date.now() - 90 * DAY), before: new Date() })].length;
    for (let i = 0; i < 600; i++) {
      const stored = await t.store.interactions.countDocuments({});
      if (stored > total / 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const partial = await t.store.interactions.countDocuments({});
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);

    const second = await startCli(env).done;
    expect(second.code).toBe(0);
    const summary = lastJson(second.stdout);
    const runs = await t.store.syncRuns.find({}).sort({ startedAt: 1 }).toArray();
    expect(runs.map((r) => r.status)).toEqual([
      'interrupted',
      runs[1]!.errorCount > 0 ? 'completed_with_errors' : 'succeeded',
    ]);
    // The killed run is closed at its last heartbeat: before the next run began, never left open.
    expect(runs[0]!.endedAt).toEqual(runs[0]!.heartbeatAt);
    expect(runs[0]!.endedAt!.getTime()).toBeLessThanOrEqual(runs[1]!.startedAt.getTime());
    // The window both runs covered must match Graph exactly; nothing outside Graph may exist.
    const after = new Date(runs[1]!.startedAt.getTime() - 90 * DAY);
    const before = runs[0]!.startedAt;
    const truth = [...h.tenant.groundTruth({ after, before })].map((r) => `${r.userId}|${r.interaction.id}`);
    const stored = new Set(
      (await storedRows(t.store, h.tenant.tenantId)).map((r) => `${r.userId}|${r.interaction.id}`),
    );
    expect(truth.filter((k) => !stored.has(k))).toEqual([]);
    const everything = new Set([...h.tenant.groundTruth()].map((r) => `${r.userId}|${r.interaction.id}`));
    expect([...stored].filter((k) => !everything.has(k))).toEqual([]);
    // Every aggregate equals a recomputation from what is stored: nothing counted twice, nothing lost.
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(
      expectedFrom(await storedRows(t.store, h.tenant.tenantId)),
    );
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
    expect(summary).toMatchObject({ ok: true, interactions: stored.size, status: runs[1]!.status });
    for (const key of ['users', 'agents', 'conversations', 'interactions', 'dataSources'])
      expect(typeof summary[key]).toBe('number');
    expect(Array.isArray(summary.errors)).toBe(true);
  }, 180_000);

  it('prints every configuration problem and a JSON line, and exits non-zero', async () => {
    const result = await startCli({ ...env, TENANT_ID: 'contoso', BACKFILL_DAYS: 'lots' }).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TENANT_ID');
    expect(result.stderr).toContain('BACKFILL_DAYS');
    expect(lastJson(result.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_config' } });
  });

  it('refuses an unknown option with its usage', async () => {
    const result = await startCli(env, ['--fulll']).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run sync');
  });
});

describe('npm run sync without a reachable MongoDB', () => {
  it('says which database it could not reach, without its credentials, and exits non-zero', async () => {
    const result = await startCli({
      MONGODB_URI: 'mongodb://admin:hunter2@127.0.0.1:1/?serverSelectionTimeoutMS=500&connectTimeoutMS=500',
      LOG_LEVEL: 'fatal',
    }).done;
    expect(result.code).toBe(1);
    const summary = lastJson(result.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(summary.ok).toBe(false);
    expect(summary.error.code).toBe('mongo_unreachable');
    expect(summary.error.message).toContain('127.0.0.1:1');
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  }, 60_000);
});
