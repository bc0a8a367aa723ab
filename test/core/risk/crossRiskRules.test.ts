import { loadConfig } from '../../../server/config';
import { createCrossRiskScanner } from '../../../server/core/risk/crossRiskScanner';
import { rescanStored } from '../../../server/core/risk/rescan';
import { createRiskScanner } from '../../../server/core/risk/riskScanner';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createFetch } from '../../../server/graph/trustedFetch';
import { createSilentLogger } from '../../../server/logger';
import { riskThresholdsOf } from '../../../server/services';
import type { FindingDoc } from '../../../server/store/documents';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

const MINUTE = 60_000;
const ACROSS_RULES = [
  'oversharing-file-departments',
  'oversharing-site-users',
  'account-disabled',
  'account-guest',
  'account-volume-spike',
];
const ALL_RULES = [...ACROSS_RULES, 'oversharing-other-onedrive'];

describe('oversharing and account rules through the real sync', () => {
  let h: AppHarness;
  let tenantName: string;
  let runner: SyncRunner;
  // Popular files of the synthetic tenant reach up to four of its departments: five marks the injected one out.
  const sync = async (mode: 'full' | 'incremental') => runner.run({ mode, trigger: 'test' });
  const findings = async (rules = ALL_RULES): Promise<FindingDoc[]> =>
    h.testStore.store.findings.find({ rule: { $in: rules } }).toArray();
  const active = (): string[] => {
    const forbidden = new Set(h.graph.tenant.forbiddenUserIds());
    return h.graph.tenant.licensedUserIds().filter((id) => !forbidden.has(id));
  };
  const simUser = (id: string) => h.graph.tenant.users.find((u) => u.graph.id === id)!;

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 16, sync: false });
    tenantName = h.graph.tenant.domain.split('.')[0]!;
    runner = new SyncRunner({
      store: h.testStore.store,
      gateway: h.graph.gateway(),
      logger: createSilentLogger(),
      now: h.ctx.now,
      riskThresholds: { minDepartments: 5 },
      settings: {
        tenantId: h.graph.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 90,
        overlapMinutes: 15,
        concurrency: 4,
      },
    });
  }, 120_000);
  afterAll(async () => h.close());

  it('finds no department, site or account finding on the synthetic tenant’s own history', async () => {
    await sync('full');
    expect(await findings(ACROSS_RULES)).toEqual([]);
  }, 120_000);

  it('finds a file cited across five departments, another person’s OneDrive file, a disabled and a guest account, and a volume spike; a re-sync and a rescan add nothing', async () => {
    // Later than the first sync's watermark, so the incremental sync reads what follows.
    h.advanceClock(120 * MINUTE);
    const ids = active();
    const byDepartment = new Map<string, string>();
    for (const id of ids) {
      const dept = simUser(id).graph.department;
      if (dept && !byDepartment.has(dept)) byDepartment.set(dept, id);
    }
    const [a, b, c, d, e] = [...byDepartment.values()];
    expect(e).toBeDefined();
    const shared = `https://${tenantName}.sharepoint.com/sites/Board/Shared%20Documents/Reorg%20plan%202027.docx`;
    for (const [i, user] of [a!, b!, c!, d!, e!].entries())
      await inject(h, user, 30 + i, [{ prompt: 'Summarise the plan', response: 'Here it is.', links: [shared] }]);
    const ownerUpn = simUser(b!).graph.userPrincipalName!.toLowerCase().replace(/[@.]/g, '_');
    const personal = `https://${tenantName}-my.sharepoint.com/personal/${ownerUpn}/Documents/Salary%20review.xlsx`;
    await inject(h, a!, 20, [
      { prompt: 'What does the review say?', response: 'It lists changes.', links: [personal] },
    ]);
    // The owner reaching their own file is no finding.
    await inject(h, b!, 19, [{ prompt: 'Open my review', response: 'Opened.', links: [personal] }]);

    const disabled = simUser(ids.find((id) => ![a, b, c, d, e].includes(id))!);
    disabled.graph.accountEnabled = false;
    await inject(h, disabled.graph.id, 15, [{ prompt: 'Draft a status note', response: 'Done.' }]);
    const guest = simUser(ids.find((id) => ![a, b, c, d, e, disabled.graph.id].includes(id))!);
    guest.graph.userPrincipalName = `pat_fabrikam.com#EXT#@${h.graph.tenant.domain}`;
    await inject(h, guest.graph.id, 14, [{ prompt: 'Summarise the meeting', response: 'Summary.' }]);

    // A user active for over 28 days with a usual day far below 45 prompts.
    const store = h.testStore.store;
    const old = await store.users
      .find({
        tenantId: h.graph.tenant.tenantId,
        firstActiveAt: { $lte: new Date(h.ctx.now().getTime() - 40 * 86_400_000) },
      })
      .sort({ promptCount: 1 })
      .toArray();
    const heavy = old.find((u) => ![a, b, c, d, e, disabled.graph.id, guest.graph.id].includes(u.userId))!;
    expect(heavy).toBeDefined();
    const turns = Array.from({ length: 45 }, (_, i) => ({
      prompt: `Rewrite paragraph ${i + 1}`,
      response: 'Rewritten.',
    }));
    // Turns follow each other a little apart: started well before now, all of them are in the past.
    await inject(h, heavy.userId, 100, turns);

    await sync('incremental');
    const found = await findings();
    const rulesOf = (userId?: string) => found.filter((f) => !userId || f.userId === userId).map((f) => f.rule);
    const departments = found.filter((f) => f.rule === 'oversharing-file-departments');
    expect(departments).toHaveLength(1);
    expect(departments[0]).toMatchObject({ category: 'oversharing', severity: 'medium', status: 'open' });
    expect(departments[0]!.evidence[0]!.masked).toBe(
      `${tenantName}.sharepoint.com/sites/•••/Shared Documents/•••.docx (5 departments, 5 users)`,
    );
    const onedrive = found.filter(
      (f) => f.rule === 'oversharing-other-onedrive' && f.evidence[0]!.masked.endsWith('.xlsx'),
    );
    expect(onedrive.map((f) => f.userId)).toContain(a);
    expect(onedrive.every((f) => f.userId !== b)).toBe(true);
    expect(rulesOf(disabled.graph.id)).toContain('account-disabled');
    expect(rulesOf(guest.graph.id)).toContain('account-guest');
    const spike = found.find((f) => f.rule === 'account-volume-spike');
    expect(spike).toMatchObject({ userId: heavy.userId, category: 'account', severity: 'low' });
    expect(found.filter((f) => f.rule === 'account-volume-spike')).toHaveLength(1);
    expect(found.every((f) => f.severity !== 'high')).toBe(true);
    // No prompt text in any of them.
    expect(JSON.stringify(found)).not.toMatch(/Reorg|Salary|Rewrite paragraph|pat_fabrikam/);

    const count = found.length;
    await sync('full');
    expect(await findings()).toHaveLength(count);

    // The rescan path over all stored aggregates (another hash key than the sync's: the keys do not depend on it),
    // here with a site threshold low enough for the tenant's sites.
    const logger = createSilentLogger();
    const cross = createCrossRiskScanner({
      store,
      hashKey: Buffer.alloc(32, 3),
      now: h.ctx.now,
      logger,
      thresholds: { minDepartments: 5, siteMinUsers: 3 },
    });
    const scanner = createRiskScanner({ store, hashKey: Buffer.alloc(32, 3), now: h.ctx.now, logger });
    await rescanStored(store, scanner, { tenantId: h.graph.tenant.tenantId, cross });
    const afterRescan = await findings();
    const sites = afterRescan.filter((f) => f.rule === 'oversharing-site-users');
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.every((f) => f.severity === 'low' && /^site:/.test(f.interactionId))).toBe(true);
    await rescanStored(store, scanner, { tenantId: h.graph.tenant.tenantId, cross });
    expect(await findings()).toHaveLength(afterRescan.length);
    expect(afterRescan.length - count).toBe(sites.length);
  }, 180_000);
});

async function inject(
  h: AppHarness,
  userId: string,
  minutesAgo: number,
  turns: { prompt: string; response?: string; links?: string[] }[],
): Promise<void> {
  const res = await createFetch({ extraCaPem: h.graph.cert })(`${h.graph.simulator.origin}/_simulator/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, at: new Date(h.ctx.now().getTime() - minutesAgo * MINUTE).toISOString(), turns }),
  });
  if (res.status !== 201) throw new Error(`POST /_simulator/activity -> ${res.status} ${await res.text()}`);
}

describe('the oversharing and account thresholds in the configuration', () => {
  it('defaults to 3 departments, 50 site users and 5 times a 40-prompt floor, and refuses values out of range', () => {
    const config = loadConfig({});
    expect(riskThresholdsOf(config)).toEqual({
      minDepartments: 3,
      siteMinUsers: 50,
      volumeFactor: 5,
      volumeMinPrompts: 40,
    });
    expect(() => loadConfig({ RISK_OVERSHARING_MIN_DEPARTMENTS: '1' })).toThrow(/RISK_OVERSHARING_MIN_DEPARTMENTS/);
    expect(() => loadConfig({ RISK_VOLUME_SPIKE_FACTOR: 'x' })).toThrow(/RISK_VOLUME_SPIKE_FACTOR/);
  });
});
