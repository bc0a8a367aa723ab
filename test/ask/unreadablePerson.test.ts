import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { unreadableNote } from '../../server/core/ask/executePeople';
import { unreadableUserIds } from '../../server/core/insights/userSyncErrors';
import type { DirectoryUserDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * A person whose Copilot history Microsoft Graph refused at the last sync (the export API's 403): every answer about
 * them says their figures are unknown and keeps what is known (licence, department) — never "has not used Copilot",
 * 0 prompts or an empty list; beside readable people, theirs are answered and the unread one named. Figures are
 * recomputed from the stored interactions.
 */
describe('answers about a person whose history could not be read', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  let truth: Truth;
  let refused: DirectoryUserDoc;
  /** The licence holder with the most stored prompts (read at every sync). */
  let readable: { userId: string; name: string };
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = { ...engineDeps(h), reason: 'ticket 4711: licence review' };
    const { store } = h.testStore;
    const ids = await unreadableUserIds(store, h.ctx.tenantId);
    refused = (await store.directoryUsers.findOne({ tenantId: h.ctx.tenantId, userId: { $in: ids } }))!;
    truth = await loadTruth(store, h.ctx.tenantId);
    const prompts = (id: string) => truth.rows.filter((r) => r.userId === id && r.prompt).length;
    readable = truth.licensed
      .filter((u) => !ids.includes(u.userId))
      .sort((a, b) => prompts(b.userId) - prompts(a.userId))[0]!;
  }, 120_000);
  afterAll(() => h.close());

  const UNKNOWN = /could not be read at the last sync \(Microsoft Graph refused access\), so their figures are unknown/;
  const SAID_UNUSED = /has not used|sent no prompts|: 0\b|\b0 (?:Copilot )?sessions|^No /;

  test.each([
    'what has {name} been doing with Copilot',
    'how many prompts did {name} send last week',
    'how many sessions did {name} have this month',
    "show {name}'s sessions this month",
    "{name}'s prompts this week",
    'which apps does {name} use',
    'which files did {name} reference this month',
    "{first}'s interactions by app in October",
    'has {name} ever used Copilot',
  ])('"%s" says their figures are unknown, with their licence and department', async (phrase) => {
    const name = refused.displayName!;
    const question = phrase.replace('{name}', name).replace('{first}', name.split(' ')[0]!);
    const { a } = await askedQuery(deps, question);
    expect(a.summary).toMatch(UNKNOWN);
    expect(a.summary).toContain(name);
    expect(a.summary).not.toMatch(SAID_UNUSED);
    expect(a.rows).toEqual([
      expect.objectContaining({
        user: name,
        department: refused.department,
        licensedSince: refused.firstSeenAt.toISOString().slice(0, 10),
        figures: expect.stringMatching(/^unknown/),
      }),
    ]);
  });

  test('beside a readable person, the readable one is answered from their interactions and the other named as unknown', async () => {
    const { q, a } = await askedQuery(
      deps,
      `how many prompts did ${readable.name} and ${refused.displayName} send in the last 90 days`,
    );
    if (q.type !== 'measure') throw new Error('not a measure');
    const sent = truth.rows.filter(
      (r) => r.userId === readable.userId && r.prompt && r.at >= q.period.from && r.at < q.period.to,
    ).length;
    expect(sent).toBeGreaterThan(0);
    expect(a.rows).toContainEqual(expect.objectContaining({ user: readable.name, value: sent }));
    expect(a.rows).not.toContainEqual(expect.objectContaining({ user: refused.displayName }));
    expect(a.summary).toMatch(new RegExp(`${refused.displayName}'s Copilot interactions could not be read`));
  });

  test('their licence is known and said, their activity said to be unknown', async () => {
    const a = await ask(deps, `does ${refused.displayName} have a Copilot licence`);
    expect(a.summary).toMatch(/holds a Copilot licen[cs]e/);
    expect(a.summary).toMatch(UNKNOWN);
  });

  test("a tenant's or department's figure of use that would include them says they are not counted", async () => {
    const unread = await unreadableUserIds(h.testStore.store, h.ctx.tenantId);
    const note = unreadableNote(unread.length);
    for (const question of [
      'how many prompts were sent last week',
      'prompts by department this month',
      'sessions by app in the last 90 days',
    ])
      expect((await ask(deps, question)).summary).toContain(note);
    // A department they are not in is complete.
    const other = truth.licensed.find(
      (u) => u.department && u.department !== refused.department && truth.alone.has(u.department),
    );
    const { a } = await askedQuery(deps, `prompts in ${other!.department} this month`);
    expect(a.summary).not.toContain('could not be read');
  });

  describe('a person read before, refused at the last sync', () => {
    const lastRead = new Date('2026-11-01T00:00:00.000Z');
    beforeAll(async () => {
      await h.testStore.store.syncState.updateOne(
        { tenantId: h.ctx.tenantId, userId: readable.userId },
        {
          $set: {
            status: 'error',
            lastSyncedAt: lastRead,
            lastError: { userId: readable.userId, userPrincipalName: null, code: 'UnknownError', status: 403, message: 'Forbidden', at: lastRead }, // prettier-ignore
          },
        },
      );
    });

    test('a period after their last read is what was read, said to stop there; one before it is answered as usual', async () => {
      const { q, a } = await askedQuery(deps, `how many prompts did ${readable.name} send in the last 90 days`);
      if (q.type !== 'measure') throw new Error('not a measure');
      const sent = truth.rows.filter(
        (r) => r.userId === readable.userId && r.prompt && r.at >= q.period.from && r.at < q.period.to,
      ).length;
      expect(a.rows).toContainEqual(expect.objectContaining({ value: sent }));
      expect(a.summary).toContain(
        `${readable.name}'s Copilot interactions could not be read at the last sync (Microsoft Graph refused access), so their figures after 2026-11-01, when they were last read, are unknown`,
      );
      const before = await askedQuery(deps, `how many prompts did ${readable.name} send in October 2026`);
      expect(before.a.summary).not.toMatch(/could not be read/);
    });
  });
});
