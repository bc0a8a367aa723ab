import type { GraphGateway } from '../../../server/graph/GraphGateway';
import type { GraphUser } from '../../../server/graph/types';
import { syncDirectory } from '../../../server/core/sync/directorySyncer';
import { buildUser } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';

/**
 * The licensed directory's write: syncDirectory returns only once each page of licensed users is stored, and a
 * write that fails fails it (the run then records the failure) instead of being lost behind a run that looks fine.
 */

const tenantId = 'tenant-directory';
const now = new Date('2026-11-20T12:00:00.000Z');
let ts: TestStore;

beforeEach(async () => {
  ts = await openTestStore('directory');
});
afterEach(() => ts.close());

/** Graph's licensed-user listing, as pages (the gateway is the outside world here; the store is real). */
function gatewayOf(pages: GraphUser[][]): GraphGateway {
  return {
    async *listLicensedUsers() {
      for (const page of pages) yield page;
    },
  } as unknown as GraphGateway;
}

const run = (pages: GraphUser[][]) =>
  syncDirectory({ store: ts.store, gateway: gatewayOf(pages), tenantId, skuIds: [M365_COPILOT_SKU_ID], now });

describe('syncDirectory', () => {
  it('stores every licensed user of every page before it returns them', async () => {
    const pages = [[buildUser(), buildUser()], [buildUser()]];
    const users = await run(pages);
    expect(users.map((u) => u.id)).toEqual(pages.flat().map((u) => u.id));
    const stored = await ts.store.directoryUsers.find({ tenantId }).sort({ userId: 1 }).toArray();
    expect(stored.map((d) => d.userId)).toEqual(pages.flat().map((u) => u.id).sort()); // prettier-ignore
    expect(stored[0]).toMatchObject({ hasActivity: false, copilotEnabled: true, skuIds: [M365_COPILOT_SKU_ID], firstSeenAt: now, lastSeenAt: now }); // prettier-ignore
  });

  it('does not return while a page is still being written', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const realWrite = ts.store.directoryUsers.bulkWrite.bind(ts.store.directoryUsers);
    jest.spyOn(ts.store.directoryUsers, 'bulkWrite').mockImplementationOnce(async (...args) => {
      await held;
      return realWrite(...args);
    });
    let done = false;
    const sync = run([[buildUser()]]).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    release();
    await sync;
    expect(await ts.store.directoryUsers.countDocuments({ tenantId })).toBe(1);
  });

  it('fails when a page cannot be written, rather than returning users it did not record', async () => {
    jest
      .spyOn(ts.store.directoryUsers, 'bulkWrite')
      .mockRejectedValueOnce(new Error('write concern timeout on directoryUsers'));
    await expect(run([[buildUser()], [buildUser()]])).rejects.toThrow('write concern timeout on directoryUsers');
  });
});
