import { ObjectId } from 'mongodb';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import {
  ensureSiteActivity,
  rebuildSiteActivity,
  siteActivityBuilt,
} from '../../../server/core/sync/siteActivityRebuild';
import type { DataSourceDoc } from '../../../server/store/documents';
import { naturalId } from '../../../server/store/naturalId';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The per-site aggregate rebuilt from the data sources' own counts (a store synced before it existed, or sources
 * merged): each site gets the sum of its sources' references, sources without a site go under '', sites left
 * without sources go, other tenants are untouched, and the build is marked so the next sync does not redo it.
 */

const tenantId = 'tenant-sites';
const otherTenant = 'tenant-other';
const now = new Date('2026-11-20T12:00:00.000Z');
const SALES = 'contoso.sharepoint.com/sites/Sales';
const HR = 'contoso.sharepoint.com/sites/HR';
let ts: TestStore;

beforeEach(async () => {
  ts = await openTestStore('siterebuild');
});
afterEach(() => ts.close());

/** A data source of `tenant` under `key` with `referenceCount` references (the other fields as the sync writes them). */
function source(tenant: string, key: string, referenceCount: number): DataSourceDoc {
  const url = key.startsWith('url:') ? key.slice(4) : null;
  return {
    _id: naturalId('dataSource', tenant, key),
    tenantId: tenant,
    key,
    kind: url ? 'file' : 'other',
    name: null,
    url,
    host: url ? new URL(url).host : null,
    firstAt: now,
    lastAt: now,
    referenceCount,
    userCount: 1,
    appKeys: ['word'],
  };
}

const sites = async (tenant: string) =>
  (await ts.store.siteActivity.find({ tenantId: tenant }).toArray())
    .map((d) => ({ _id: d._id.toHexString(), site: d.site, referenceCount: d.referenceCount }))
    .sort((a, b) => a.site.localeCompare(b.site));
const row = (tenant: string, site: string, referenceCount: number) => ({
  _id: aggregateIds.site(tenant, site).toHexString(),
  site,
  referenceCount,
});

describe('the per-site aggregate rebuilt from the data sources', () => {
  it("sums each site's sources, puts sources without a site under '', drops sites without sources, and marks it built", async () => {
    await ts.store.dataSources.insertMany([
      source(tenantId, `url:https://${SALES}/Shared%20Documents/Plan.docx`, 3),
      source(tenantId, `url:https://${SALES}/Shared%20Documents/Budget.xlsx`, 4),
      source(tenantId, `url:https://${HR}/Policies/Leave.docx`, 2),
      source(tenantId, 'chat:19:meeting-one@thread.v2', 5),
      source(otherTenant, `url:https://${SALES}/Shared%20Documents/Plan.docx`, 100),
    ]);
    // Left from before: a site whose sources were merged away, in this tenant and another.
    await ts.store.siteActivity.insertMany([
      { _id: aggregateIds.site(tenantId, 'contoso.sharepoint.com/sites/Gone'), tenantId, site: 'contoso.sharepoint.com/sites/Gone', referenceCount: 9 }, // prettier-ignore
      { _id: aggregateIds.site(otherTenant, 'contoso.sharepoint.com/sites/Gone'), tenantId: otherTenant, site: 'contoso.sharepoint.com/sites/Gone', referenceCount: 9 }, // prettier-ignore
    ]);
    expect(await siteActivityBuilt(ts.store, tenantId)).toBe(false);

    expect(await rebuildSiteActivity(ts.store, tenantId, now)).toBe(3);

    expect(await sites(tenantId)).toEqual([row(tenantId, '', 5), row(tenantId, HR, 2), row(tenantId, SALES, 7)]);
    expect(await sites(otherTenant)).toEqual([row(otherTenant, 'contoso.sharepoint.com/sites/Gone', 9)]);
    expect(await siteActivityBuilt(ts.store, tenantId)).toBe(true);
    expect(await siteActivityBuilt(ts.store, otherTenant)).toBe(false);
    // The mark's id is pinned: a store an earlier release built is not built again.
    expect(await ts.store.siteActivityBuilt.findOne({ tenantId })).toMatchObject({
      _id: new ObjectId('a640b2a1fe199d71bb3597e2'),
      builtAt: now,
    });
  });

  it('builds once where it was never built, and again only when asked (sources were merged)', async () => {
    await ts.store.dataSources.insertOne(source(tenantId, `url:https://${SALES}/Shared%20Documents/Plan.docx`, 3));
    expect(await ensureSiteActivity(ts.store, tenantId, { now })).toBe(true);
    expect(await sites(tenantId)).toEqual([row(tenantId, SALES, 3)]);

    await ts.store.dataSources.updateOne({ tenantId }, { $set: { referenceCount: 2 } });
    expect(await ensureSiteActivity(ts.store, tenantId, { now })).toBe(false);
    expect(await sites(tenantId)).toEqual([row(tenantId, SALES, 3)]);

    const later = new Date(now.getTime() + 60_000);
    expect(await ensureSiteActivity(ts.store, tenantId, { rebuild: true, now: later })).toBe(true);
    expect(await sites(tenantId)).toEqual([row(tenantId, SALES, 2)]);
    expect(await ts.store.siteActivityBuilt.findOne({ tenantId })).toMatchObject({ builtAt: later });
  });

  it('writes every site of a tenant with more sites than one bulk write takes (2,000, two writes of 1,000)', async () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      source(tenantId, `url:https://contoso.sharepoint.com/sites/Team${i}/Shared%20Documents/a.docx`, i + 1),
    );
    await ts.store.dataSources.insertMany(many);
    expect(await rebuildSiteActivity(ts.store, tenantId, now)).toBe(2000);
    expect(await ts.store.siteActivity.countDocuments({ tenantId })).toBe(2000);
    const last = await ts.store.siteActivity.findOne({ tenantId, site: 'contoso.sharepoint.com/sites/Team1999' });
    expect(last?.referenceCount).toBe(2000);
  });
});
