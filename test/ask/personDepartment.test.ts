import type { EngineDeps } from '../../server/core/ask/engine';
import { unreadableUserIds } from '../../server/core/insights/userSyncErrors';
import type { DirectoryUserDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * "What department does Joni belong to?", "which dept is Lee in", "what team is Alex on" (a team is a department
 * here): the person's profile, which says the department the directory gives them — active or never active — rather
 * than "I did not understand 'belong'"; a department ranking or a person's figure by department stays what it was.
 */
describe("a person's department", () => {
  let h: AppHarness;
  let deps: EngineDeps;
  /** A licence holder with activity and one never active, both read at every sync. */
  let active: DirectoryUserDoc, idle: DirectoryUserDoc;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = engineDeps(h);
    const unread = await unreadableUserIds(h.testStore.store, h.ctx.tenantId);
    const people = await h.testStore.store.directoryUsers
      .find({ tenantId: h.ctx.tenantId, userId: { $nin: unread }, department: { $ne: null } })
      .sort({ displayName: 1 })
      .toArray();
    active = people.find((u) => u.hasActivity)!;
    idle = people.find((u) => !u.hasActivity)!;
  }, 120_000);
  afterAll(() => h.close());

  test.each([
    'What department does {name} belong to?',
    'which dept is {name} in',
    'what team is {name} on',
    "What is {name}'s department?",
    'which department does {name} work in',
    '{name} department',
  ])('"%s" answers with their department, for someone active and someone never active', async (phrase) => {
    for (const person of [active, idle]) {
      const { q, a } = await askedQuery(deps, phrase.replace('{name}', person.displayName!));
      expect(q).toMatchObject({ type: 'list', list: 'profile', person: { userId: person.userId } });
      expect(a.summary).toContain(`Department: ${person.department}.`);
    }
  });

  test('a department ranking, or figures of a person by department, stay what they were beside it', async () => {
    const { q } = await askedQuery(deps, `which department is ${active.displayName} part of`);
    expect(q).toMatchObject({ type: 'list', list: 'profile' });
    expect((await askedQuery(deps, 'which department uses Copilot most')).q).toMatchObject({ by: ['department'] });
    expect((await askedQuery(deps, `${active.displayName}'s prompts by department this month`)).q).toMatchObject({
      type: 'measure',
      measure: 'prompts',
    });
  });
});
