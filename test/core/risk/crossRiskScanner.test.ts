import { collectScope, createCrossRiskScanner } from '../../../server/core/risk/crossRiskScanner';
import type { CrossRiskThresholds } from '../../../server/core/risk/crossRiskTypes';
import { createSuppression } from '../../../server/core/risk/findingQueries';
import type { InteractionScanner } from '../../../server/core/risk/riskScanner';
import type { InteractionDoc } from '../../../server/store/documents';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The scanner of the rules over many interactions, over aggregates written by hand (no sync): Ada reached a file in
 * Bo's OneDrive (a low finding at any threshold) and a site reached by three people (a finding only below the default
 * 50 users). What it writes, once per finding however often it runs; the configured thresholds over the defaults;
 * the tenant's suppressions by rule, user and resource; a sync that stored nobody's interactions reads nothing.
 */

const at = new Date('2026-11-20T10:00:00Z');
const ONEDRIVE_FILE = 'https://contoso-my.sharepoint.com/personal/bo_chen_contoso_com/Documents/pay.xlsx';
const SITE = 'https://contoso.sharepoint.com/sites/FinanceTeam';
const SITE_FILE = `${SITE}/Shared Documents/plan.docx`;
const ONEDRIVE_RULE = 'oversharing-other-onedrive';
const SITE_RULE = 'oversharing-site-users';

let t: TestStore;
let tenants = 0;
beforeAll(async () => {
  t = await openTestStore('crossRiskScanner');
});
afterAll(async () => t?.close());

/** A tenant of its own holding the two situations. */
async function seedTenant(): Promise<string> {
  tenants += 1;
  const tenantId = `tenant-cross-${tenants}`;
  const base = { tenantId, firstAt: at, lastAt: at, referenceCount: 1, appKeys: ['word'] };
  const sources: Array<[string, 'file' | 'site', string[]]> = [
    [ONEDRIVE_FILE, 'file', ['ada']],
    [SITE_FILE, 'file', ['ada', 'bo', 'cy']],
  ];
  await t.store.dataSources.insertMany(
    sources.map(([url, kind, users]) => ({ ...base, key: `url:${url}`, kind, name: null, url, host: new URL(url).host, userCount: users.length })) as never[], // prettier-ignore
  );
  await t.store.dataSourceUsage.insertMany(
    sources.flatMap(([url, , users]) => users.map((userId) => ({ ...base, key: `url:${url}`, userId }))) as never[],
  );
  await t.store.users.insertMany(
    [
      ['ada', 'ada.lovelace@contoso.com'],
      ['bo', 'bo.chen@contoso.com'],
      ['cy', 'cy@contoso.com'],
    ].map(([userId, upn]) => ({ tenantId, userId, userPrincipalName: upn, mail: null })) as never[],
  );
  return tenantId;
}

function scanner(now: Date, thresholds?: Partial<CrossRiskThresholds>, logs = captureLogs()) {
  return createCrossRiskScanner({ store: t.store, hashKey: Buffer.alloc(32, 3), now: () => now, logger: logs.logger, thresholds }); // prettier-ignore
}
const stored = async (tenantId: string) =>
  (await t.store.findings.find({ tenantId }).sort({ rule: 1 }).toArray()).map((f) => ({
    rule: f.rule,
    userId: f.userId,
    detectedAt: f.detectedAt,
    lastDetectedAt: f.lastDetectedAt,
  }));

describe('the cross-interaction scanner', () => {
  it('records each finding once and, scanning again, only moves its last detection', async () => {
    const tenantId = await seedTenant();
    const logs = captureLogs();
    expect(await scanner(at, { siteMinUsers: 3 }, logs).scan(tenantId, null)).toBe(2);
    const first = [
      { rule: ONEDRIVE_RULE, userId: 'ada', detectedAt: at, lastDetectedAt: at },
      { rule: SITE_RULE, userId: expect.any(String) as string, detectedAt: at, lastDetectedAt: at },
    ];
    expect(await stored(tenantId)).toEqual(first);
    expect(logs.lines.filter((l) => l.msg === 'Cross-interaction risk findings recorded.')).toMatchObject([{ findings: 2 }]); // prettier-ignore
    const later = new Date(at.getTime() + 3_600_000);
    expect(await scanner(later, { siteMinUsers: 3 }).scan(tenantId, null)).toBe(2);
    expect(await stored(tenantId)).toEqual(first.map((f) => ({ ...f, lastDetectedAt: later })));
  });

  it('applies the configured thresholds over the defaults (a site needs 50 users unless told otherwise)', async () => {
    const tenantId = await seedTenant();
    expect(await scanner(at).scan(tenantId, null)).toBe(1);
    expect((await stored(tenantId)).map((f) => f.rule)).toEqual([ONEDRIVE_RULE]);
    // A threshold of another rule leaves the site's default in place.
    expect(await scanner(at, { minDepartments: 2 }).scan(tenantId, null)).toBe(1);
    expect(await scanner(at, { siteMinUsers: 4 }).scan(tenantId, null)).toBe(1);
    expect(await scanner(at, { siteMinUsers: 3 }).scan(tenantId, null)).toBe(2);
  });

  it('leaves out what the tenant suppressed by rule and user, or by the site a finding is about', async () => {
    const tenantId = await seedTenant();
    const suppress = (rule: string, userId: string | null, resource: string | null) =>
      createSuppression(t.store, tenantId, { rule, userId, resource, note: null }, 'admin-1', at);
    // Another user's suppression of the rule, another site's, and another tenant's suppress nothing.
    await suppress(ONEDRIVE_RULE, 'bo', null);
    await suppress('*', null, 'https://contoso.sharepoint.com/sites/Other');
    await createSuppression(t.store, 'tenant-elsewhere', { rule: '*', userId: null, resource: null, note: null }, 'x', at); // prettier-ignore
    expect(await scanner(at, { siteMinUsers: 3 }).scan(tenantId, null)).toBe(2);
    await t.store.findings.deleteMany({ tenantId });
    await suppress(ONEDRIVE_RULE, 'ada', null);
    await suppress('*', null, SITE);
    const logs = captureLogs();
    expect(await scanner(at, { siteMinUsers: 3 }, logs).scan(tenantId, null)).toBe(0);
    expect(await stored(tenantId)).toEqual([]);
    expect(logs.lines.filter((l) => l.msg === 'Cross-interaction risk findings recorded.')).toEqual([]);
  });

  it('reads nothing after a sync that stored nobody’s interactions', async () => {
    const tenantId = await seedTenant();
    expect(await scanner(at, { siteMinUsers: 3 }).scan(tenantId, { userIds: [], since: new Date(0) })).toBe(0);
    expect(await stored(tenantId)).toEqual([]);
    expect(await scanner(at, { siteMinUsers: 3 }).scan(tenantId, { userIds: ['ada'], since: new Date(0) })).toBe(2);
  });
});

describe('the scope of a sync run', () => {
  it('is the users whose interactions were scanned and the earliest of them, the inner scanner’s answer passed on', async () => {
    const calls: number[] = [];
    const inner: InteractionScanner = {
      scan: async (docs) => {
        calls.push(docs.length);
        return { scanned: docs.length, findings: 7, redacted: [] };
      },
    };
    const collected = collectScope(inner);
    expect(collected.scope()).toEqual({ userIds: [], since: new Date(0) });
    const doc = (userId: string, iso: string) => ({ userId, createdAt: new Date(iso) }) as InteractionDoc;
    expect(await collected.scanner.scan([doc('u1', '2026-11-20T10:00:00Z'), doc('u2', '2026-11-19T08:00:00Z')])).toEqual({ scanned: 2, findings: 7, redacted: [] }); // prettier-ignore
    await collected.scanner.scan([doc('u1', '2026-11-19T09:00:00Z'), doc('u3', '2026-11-21T00:00:00Z')]);
    expect(collected.scope()).toEqual({ userIds: ['u1', 'u2', 'u3'], since: new Date('2026-11-19T08:00:00Z') });
    expect(calls).toEqual([2, 2]);
  });
});
