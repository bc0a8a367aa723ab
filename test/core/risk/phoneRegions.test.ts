import { rescanStored } from '../../../server/core/risk/rescan';
import { createRiskScanner } from '../../../server/core/risk/riskScanner';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import { injectTurns } from '../../api/injectTurns';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

const MINUTE = 60_000;

describe('phone numbers in the tenant’s own national formats, through the real sync', () => {
  let h: AppHarness;
  let runner: SyncRunner;
  const phoneFindings = async () => h.testStore.store.findings.find({ rule: 'phone-number' }).toArray();

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 8, sync: false });
    runner = new SyncRunner({
      store: h.testStore.store,
      gateway: h.graph.gateway(),
      logger: createSilentLogger(),
      now: h.ctx.now,
      settings: {
        tenantId: h.graph.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 90,
        overlapMinutes: 15,
        concurrency: 2,
      },
    });
  }, 120_000);
  afterAll(async () => h.close());

  it('reads UK national numbers once the directory has a licence in the UK (Graph’s usageLocation); a rescan reads earlier prompts again', async () => {
    const forbidden = new Set(h.graph.tenant.forbiddenUserIds());
    const userId = h.graph.tenant.licensedUserIds().find((id) => !forbidden.has(id))!;
    for (const u of h.graph.tenant.users) u.profile.usageLocation = 'US';
    await injectTurns(h, userId, 30, [{ prompt: 'Text me on my mobile 07911 123456 after six', response: 'Noted.' }]);

    await runner.run({ mode: 'full', trigger: 'test' });
    expect(await phoneFindings()).toEqual([]);

    const person = h.graph.tenant.users.find((u) => u.graph.id === userId)!;
    person.profile.usageLocation = 'GB';
    h.advanceClock(60 * MINUTE);
    await injectTurns(h, userId, 10, [
      { prompt: 'My home number is 020 7946 0018, ring me there', response: 'Noted.' },
    ]);
    await runner.run({ mode: 'incremental', trigger: 'test' });

    const directory = await h.testStore.store.directoryUsers.findOne({ userId });
    expect(directory?.usageLocation).toBe('GB');
    const found = await phoneFindings();
    expect(found.map((f) => [f.userId, f.category, f.severity])).toEqual([[userId, 'personal_data', 'low']]);
    expect(found[0]!.evidence[0]!.masked).toBe('••• •••• ••18');

    // What was stored before is read again by a rescan (npm run risk:rescan), as after any change of rules.
    const logger = createSilentLogger();
    const scanner = createRiskScanner({
      store: h.testStore.store,
      hashKey: Buffer.alloc(32, 5),
      now: h.ctx.now,
      logger,
    });
    await rescanStored(h.testStore.store, scanner, { tenantId: h.graph.tenant.tenantId });
    const all = await phoneFindings();
    expect(all).toHaveLength(2);
    expect(JSON.stringify(all)).not.toMatch(/07911 123456|020 7946 0018/);
  }, 180_000);
});
