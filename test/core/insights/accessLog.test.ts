import { accessLogFor, listAccessLog, recordAccess } from '../../../server/core/insights/accessLog';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The access log through the real store: what one view writes is what the log reads back, field for field, where it
 * was shown when the caller does not say, and which entries each filter keeps.
 */

const TENANT = 'tenant-a';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
const viewer = (userId: string) => ({
  userId,
  name: `Name of ${userId}`,
  upn: `${userId}@contoso.example`,
  demo: false,
});

describe('the access log', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('accessLog');
  });
  afterAll(async () => t.close());

  /** One admin's view of one conversation in the tab, as written and as read back. */
  const seen = {
    viewer: viewer('admin-1'),
    subjectUserId: 'subject-1',
    subjectName: 'Subject One',
    what: 'conversation',
    sessionId: 'session-1',
    via: 'tab',
  } as const;
  const view = (overrides: Partial<Parameters<typeof recordAccess>[1]> = {}) =>
    recordAccess(t.store, { tenantId: TENANT, at: at(0), ...seen, ...overrides });

  it('reads back each view as written, newest first, with where it was shown and why', async () => {
    await t.store.accessLog.deleteMany({});
    const tab = await view({ at: at(1) });
    const csv = await view({ at: at(2), what: 'conversation_csv', reason: '' });
    const bot = await view({ at: at(3), via: 'bot', what: 'user_prompts', sessionId: null, reason: 'HR case 42' });
    const group = await view({ at: at(4), via: 'bot', shownIn: 'tab', viewer: { ...viewer('admin-2'), demo: true } });
    await view({ at: at(5), tenantId: 'tenant-b' });

    const read = (id: string, when: Date) => ({ id, at: when, ...seen, shownIn: 'tab', reason: null });
    const page = await listAccessLog(t.store, TENANT, { limit: 10 });
    expect(page.items).toEqual([
      { ...read(group, at(4)), viewer: { ...viewer('admin-2'), demo: true }, via: 'bot' },
      expect.objectContaining({
        id: bot,
        via: 'bot',
        what: 'user_prompts',
        sessionId: null,
        shownIn: 'personal_chat',
        reason: 'HR case 42',
      }),
      expect.objectContaining({ id: csv, via: 'tab', what: 'conversation_csv', shownIn: 'download', reason: null }),
      read(tab, at(1)),
    ]);
    // An empty reason is not stored at all (older entries have none either).
    expect(await t.store.accessLog.countDocuments({ reason: { $exists: true } })).toBe(1);
  });

  it('keeps only the entries of the range (from included, to excluded), the subject and the viewer asked for', async () => {
    await t.store.accessLog.deleteMany({});
    // Written out of time order: the log is ordered by when the view happened, not by when it was written.
    const last = await view({ at: at(12) });
    const first = await view({ at: at(10) });
    const other = await view({ at: at(11), subjectUserId: 'subject-2', viewer: viewer('admin-2') });
    const ids = async (query: Omit<Parameters<typeof listAccessLog>[2], 'limit'>) =>
      (await listAccessLog(t.store, TENANT, { limit: 10, ...query })).items.map((e) => e.id);

    expect(await ids({})).toEqual([last, other, first]);
    expect(await ids({ range: { from: at(10), to: at(12) } })).toEqual([other, first]);
    expect(await ids({ range: { from: at(11), to: at(13) } })).toEqual([last, other]);
    expect(await ids({ subjectUserId: 'subject-2' })).toEqual([other]);
    expect(await ids({ viewerUserId: 'admin-1' })).toEqual([last, first]);
    expect(await ids({ viewerUserId: 'admin-1', subjectUserId: 'subject-2' })).toEqual([]);
  });
});

describe("the access log read for Ask: one person's entries by role", () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('accessLogFor');
  });
  afterAll(async () => t.close());

  const entry = (by: string, subject: string, minute: number, tenantId = TENANT) =>
    recordAccess(t.store, {
      tenantId,
      at: at(minute),
      viewer: viewer(by),
      subjectUserId: subject,
      subjectName: `Name of ${subject}`,
      what: 'conversation',
      sessionId: `s-${by}-${subject}-${minute}`,
      via: 'tab',
    });

  /**
   * Ivy opens Nathan's conversation and Nathan opens Rosa's; Megan opens Rosa's (neither Ivy nor Nathan); another
   * tenant holds the same people both ways. Ivy's two views at minute 5 tie on time: the one written last is newer.
   */
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      ivyOfNathan: await entry('ivy', 'nathan', 1),
      nathanOfRosa: await entry('nathan', 'rosa', 2),
      meganOfRosa: await entry('megan', 'rosa', 3),
      otherTenant: await entry('ivy', 'nathan', 4, 'tenant-b'),
      otherTenantBack: await entry('nathan', 'ivy', 4, 'tenant-b'),
      ivyOfRosa: await entry('ivy', 'rosa', 5),
      ivyOfNathanAgain: await entry('ivy', 'nathan', 5),
    };
  });
  const read = async (asked: Omit<Parameters<typeof accessLogFor>[2], 'limit'>, limit = 10) => {
    const { total, entries } = await accessLogFor(t.store, TENANT, { ...asked, limit });
    return { total, ids: entries.map((e) => e._id.toHexString()) };
  };

  it("keeps the person's entries as the one whose content was shown, as the one who opened it, or either", async () => {
    expect(await read({ userId: 'nathan', role: 'subject' })).toEqual({
      total: 2,
      ids: [ids.ivyOfNathanAgain, ids.ivyOfNathan],
    });
    expect(await read({ userId: 'nathan', role: 'viewer' })).toEqual({ total: 1, ids: [ids.nathanOfRosa] });
    const either = { total: 3, ids: [ids.ivyOfNathanAgain, ids.nathanOfRosa, ids.ivyOfNathan] };
    expect(await read({ userId: 'nathan', role: 'either' })).toEqual(either);
    // A caller that names the person without a role asks for either.
    expect(await read({ userId: 'nathan' })).toEqual(either);
    expect(await read({ userId: 'ivy', role: 'subject' })).toEqual({ total: 0, ids: [] });
  });

  it("reads only the tenant's own entries, everyone's when no person is named, newest first, ties by the later write", async () => {
    expect(await read({})).toEqual({
      total: 5,
      ids: [ids.ivyOfNathanAgain, ids.ivyOfRosa, ids.meganOfRosa, ids.nathanOfRosa, ids.ivyOfNathan],
    });
    // The count covers every match; the entries are the newest `limit` of them.
    expect(await read({ userId: 'ivy', role: 'viewer' }, 2)).toEqual({
      total: 3,
      ids: [ids.ivyOfNathanAgain, ids.ivyOfRosa],
    });
    // The range's start is included, its end excluded.
    expect(await read({ userId: 'rosa', role: 'subject', range: { from: at(2), to: at(5) } })).toEqual({
      total: 2,
      ids: [ids.meganOfRosa, ids.nathanOfRosa],
    });
  });
});
