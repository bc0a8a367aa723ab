import { ObjectId } from 'mongodb';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import type { GraphUser } from '../../../server/graph/types';
import { hasCopilotChatPlan, syncDirectory } from '../../../server/core/sync/directorySyncer';
import { eraseUser } from '../../../server/core/privacy/erasure';
import { buildUser } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';
import { COPILOT_CHAT_SERVICE_PLAN_ID, M365_COPILOT_SKU_ID } from '../../../server/graph/constants';

/**
 * The licensed directory's write: syncDirectory returns only once each page of licensed users is stored, and a
 * write that fails fails it (the run then records the failure) instead of being lost behind a run that looks fine.
 * What it records of each user (the configured Copilot licenses, whether the chat plan the export API needs is on,
 * when they were first seen), and whom it leaves out (people erased on request).
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

const run = (pages: GraphUser[][], at: Date = now) =>
  syncDirectory({ store: ts.store, gateway: gatewayOf(pages), tenantId, skuIds: [M365_COPILOT_SKU_ID], now: at });

/** Office 365 E5, a license that is not Copilot's. */
const E5_SKU_ID = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
const stored = (userId: string) => ts.store.directoryUsers.findOne({ tenantId, userId });

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
  it("records each user's account state, only the configured Copilot licenses, and whether the chat plan is on", async () => {
    // Graph may spell a GUID in either case; the configured SKU is lower-case.
    const upperSku = M365_COPILOT_SKU_ID.toUpperCase();
    const withOtherPlanOff = buildUser({
      accountEnabled: false,
      usageLocation: 'DE',
      assignedLicenses: [
        { skuId: E5_SKU_ID, disabledPlans: [] },
        { skuId: upperSku, disabledPlans: ['a3b0c4d5-0000-4000-8000-000000000001'] },
      ],
    });
    const chatOff = buildUser({
      assignedLicenses: [{ skuId: M365_COPILOT_SKU_ID, disabledPlans: [COPILOT_CHAT_SERVICE_PLAN_ID.toUpperCase()] }],
    });
    const bare = buildUser({ accountEnabled: null });
    await run([[withOtherPlanOff, chatOff, bare]]);

    expect(await stored(withOtherPlanOff.id)).toMatchObject({
      accountEnabled: false,
      usageLocation: 'DE',
      skuIds: [upperSku],
      copilotEnabled: true,
      displayName: withOtherPlanOff.displayName,
      department: 'Sales',
    });
    expect(await stored(chatOff.id)).toMatchObject({
      accountEnabled: true,
      skuIds: [M365_COPILOT_SKU_ID],
      copilotEnabled: false,
    });
    expect(await stored(bare.id)).toMatchObject({ accountEnabled: null, usageLocation: null, copilotEnabled: true });
  });

  it('reads the Copilot license and the chat plan whatever the case of either side', () => {
    const user = buildUser({ assignedLicenses: [{ skuId: M365_COPILOT_SKU_ID, disabledPlans: [] }] });
    expect(hasCopilotChatPlan(user, [M365_COPILOT_SKU_ID.toUpperCase()])).toBe(true);
    expect(hasCopilotChatPlan(user, [E5_SKU_ID])).toBe(false);
    const off = buildUser({
      assignedLicenses: [{ skuId: M365_COPILOT_SKU_ID.toUpperCase(), disabledPlans: [COPILOT_CHAT_SERVICE_PLAN_ID] }],
    });
    expect(hasCopilotChatPlan(off, [M365_COPILOT_SKU_ID])).toBe(false);
    // The plan is switched off on another license only: the Copilot one still carries it.
    const elsewhere = buildUser({
      assignedLicenses: [
        { skuId: E5_SKU_ID, disabledPlans: [COPILOT_CHAT_SERVICE_PLAN_ID] },
        { skuId: M365_COPILOT_SKU_ID, disabledPlans: [] },
      ],
    });
    expect(hasCopilotChatPlan(elsewhere, [M365_COPILOT_SKU_ID])).toBe(true);
  });

  it('keeps when a user was first seen and what the interaction stage learned, and updates the rest, when listed again', async () => {
    const user = buildUser();
    await run([[user]]);
    await ts.store.directoryUsers.updateOne({ tenantId, userId: user.id }, { $set: { hasActivity: true } });
    const later = new Date(now.getTime() + 3_600_000);
    await run([[{ ...user, department: 'Finance', accountEnabled: false }]], later);
    expect(await ts.store.directoryUsers.countDocuments({ tenantId })).toBe(1);
    expect(await stored(user.id)).toMatchObject({
      tenantId,
      userId: user.id,
      hasActivity: true,
      firstSeenAt: now,
      lastSeenAt: later,
      department: 'Finance',
      accountEnabled: false,
    });
  });

  it('leaves erased people out, neither recorded nor returned, even when a whole page is theirs', async () => {
    const [gone, alsoGone, kept] = [buildUser(), buildUser(), buildUser()];
    await run([[gone, alsoGone, kept]]);
    for (const person of [gone, alsoGone]) await eraseUser(ts.store, tenantId, { userId: person.id, by: 'test' }, now);
    expect(await stored(gone.id)).toBeNull();

    const users = await run([[gone], [alsoGone, kept]], new Date(now.getTime() + 60_000));
    expect(users.map((u) => u.id)).toEqual([kept.id]);
    expect((await ts.store.directoryUsers.find({ tenantId }).toArray()).map((d) => d.userId)).toEqual([kept.id]);
  });
  it('keeps each user under the id every release gives them, with only the configured SKUs they hold', async () => {
    const user = buildUser({ id: '00000000-0000-4000-8000-0000000000aa' });
    // A second configured SKU the user does not hold: only the one they hold is recorded.
    const otherCopilotSku = 'a1ace008-72f3-4ea0-8dac-33b3a23a4b2a';
    await syncDirectory({ store: ts.store, gateway: gatewayOf([[user]]), tenantId, skuIds: [M365_COPILOT_SKU_ID, otherCopilotSku], now }); // prettier-ignore
    // Pinned: a store synced by an earlier release is updated in place, not given a second record of the person.
    expect(await ts.store.directoryUsers.findOne({ _id: new ObjectId('a1b5bb5d8a3a9fff74b1b567') })).toMatchObject({
      userId: user.id,
      skuIds: [M365_COPILOT_SKU_ID],
    });
  });
});
