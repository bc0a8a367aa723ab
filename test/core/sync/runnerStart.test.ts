import { hostname } from 'node:os';
import { SyncRunner, type SyncRunnerDeps } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { evenRiskRates } from '../../../server/graph/simulator/riskSeeds';
import { createSilentLogger } from '../../../server/logger';
import { withListings } from '../../support/gatewayListings';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * What a sync run settles before it reads anyone: the lease, held as the runner itself when the composition root
 * gives it no instance id (two such runners in one process must still not sync a tenant at once); the evidence-hash
 * key it is given, else one of its own; the aggregates a store synced before they existed lacks, built once. The real
 * gateway over the simulator, the real store, an injected clock.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);

let h: GraphHarness;
const stores: TestStore[] = [];

function runner(
  store: TestStore,
  gateway: GraphGateway,
  extra: Partial<Pick<SyncRunnerDeps, 'instanceId' | 'riskHashKey' | 'logger'>> & { at?: Date } = {},
): SyncRunner {
  const { at = NOW, logger = createSilentLogger(), ...identity } = extra;
  return new SyncRunner({
    store: store.store,
    gateway,
    logger,
    now: () => at,
    ...identity,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 7,
      overlapMinutes: 15,
      concurrency: 2,
    },
  });
}

async function freshStore(label: string): Promise<TestStore> {
  const t = await openTestStore(label);
  stores.push(t);
  return t;
}

/** Every evidence hash of the tenant's stored findings, sorted. */
async function hashesOf(t: TestStore): Promise<string[]> {
  const findings = await t.store.findings.find({ tenantId: h.tenant.tenantId }).toArray();
  return [...new Set(findings.flatMap((f) => f.hashes))].sort();
}

beforeAll(async () => {
  // Risky prompts often enough that a week of eight users yields findings to compare.
  h = await startGraphHarness({
    seed: 7,
    userCount: 8,
    referenceTime: REFERENCE,
    history: { riskSeedRates: evenRiskRates(0.2) },
  });
});
afterAll(async () => h?.close());
afterEach(async () => {
  await Promise.all(stores.splice(0).map((t) => t.close()));
});

describe('a sync runner built without an instance id', () => {
  it('holds the lease as itself, so a second such runner in the same process is refused while the first runs', async () => {
    const t = await freshStore('runnerIdentity');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      reading();
      await held;
      yield* real(userId, window, signal);
    });
    const first = runner(t, gateway).run({ mode: 'full', trigger: 'schedule' });
    try {
      // A first run that fails before it reads anyone ends the wait too (then its failure is the test's).
      await Promise.race([started, first]);
      const second = runner(t, h.gateway()).run({ mode: 'full', trigger: 'tab' });
      await expect(second).rejects.toMatchObject({
        code: 'sync_already_running',
        status: 409,
        message: `A sync of this tenant is already running (process ${process.pid} on ${hostname()}).`,
      });
    } finally {
      release();
    }
    expect((await first).status).toBe('succeeded');
    expect(await t.store.syncRuns.countDocuments({})).toBe(1);
    // The holder it wrote names an instance of its own, not only this host and process.
    const lease = await t.store.syncLeases.findOne({ tenantId: h.tenant.tenantId });
    expect(JSON.parse(lease!.holder)).toEqual({
      instanceId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      host: hostname(),
      pid: process.pid,
    });
  });
});

describe("a sync runner's evidence-hash key", () => {
  it('is the one it is given, so every instance of a deployment hashes the same evidence alike', async () => {
    const key = Buffer.alloc(32, 11);
    const a = await freshStore('hashKeyA');
    const b = await freshStore('hashKeyB');
    const c = await freshStore('hashKeyC');
    await runner(a, h.gateway(), { riskHashKey: key }).run({ mode: 'full', trigger: 'test' });
    await runner(b, h.gateway(), { riskHashKey: Buffer.from(key) }).run({ mode: 'full', trigger: 'test' });
    // Without one, a key of its own: the same evidence hashes differently, so the equality above is the key's doing.
    await runner(c, h.gateway()).run({ mode: 'full', trigger: 'test' });
    const fromA = await hashesOf(a);
    expect(fromA.length).toBeGreaterThan(0);
    expect(await hashesOf(b)).toEqual(fromA);
    const fromC = await hashesOf(c);
    expect(fromC).toHaveLength(fromA.length);
    expect(fromC.filter((hash) => fromA.includes(hash))).toEqual([]);
  });
});

describe('the aggregates a store synced before they existed lacks', () => {
  const BUILT_MONTHS = 'Built the per-source monthly reference counts from the stored interactions.';
  const BUILT_DAYS = 'Built the per-day totals of all apps from the per-app days.';
  const builtLines = (lines: Array<Record<string, unknown>>) =>
    lines.map((line) => line.msg).filter((msg) => msg === BUILT_MONTHS || msg === BUILT_DAYS);

  it('are built at the start of the first run, marked with its start, said once, and not built again by the next', async () => {
    const t = await freshStore('runnerBuilds');
    const tenantId = h.tenant.tenantId;
    const first = captureLogs();
    await runner(t, h.gateway(), { logger: first.logger }).run({ mode: 'full', trigger: 'test' });
    expect(builtLines(first.lines)).toEqual([BUILT_MONTHS, BUILT_DAYS]);
    const marks = async () => ({
      months: (await t.store.sourceMonthsBuilt.findOne({ tenantId }))?.builtAt,
      days: (await t.store.dayTotalsBuilt.findOne({ tenantId }))?.builtAt,
    });
    expect(await marks()).toEqual({ months: NOW, days: NOW });
    expect(await t.store.dayTotals.countDocuments({ tenantId })).toBeGreaterThan(0);

    // The next run, a minute later, finds them built: no rebuild of every stored interaction, nothing said.
    const next = captureLogs();
    const later = new Date(NOW.getTime() + 60_000);
    await runner(t, h.gateway(), { logger: next.logger, at: later }).run({ mode: 'incremental', trigger: 'test' });
    expect(next.lines.some((line) => line.msg === 'Sync run finished.')).toBe(true);
    expect(builtLines(next.lines)).toEqual([]);
    expect(await marks()).toEqual({ months: NOW, days: NOW });
  });
});
