import type { EngineDeps } from '../../server/core/ask/engine';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * "Who in my team used Copilot this week and how many prompts each?": the figure of each row the first part lists —
 * one answer, a row per person (or app, department) with that measure — not a second question with one total.
 * Figures are recomputed from the stored interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
}, 240_000);
afterAll(() => h?.close());

const thisWeek = (i: InteractionDoc) => i.createdAt >= new Date('2026-11-16T00:00:00Z');

it('"Who used Copilot this week and how many prompts each?" gives each person\'s prompts', async () => {
  const { q, rows } = await askedQuery(deps, 'Who used Copilot this week and how many prompts each?');
  expect(q).toMatchObject({ measure: 'prompts', by: ['user'] });
  const expected = new Map<string, number>();
  for (const i of stored.filter((x) => x.interactionType === 'userPrompt' && thisWeek(x)))
    expected.set(i.userId, (expected.get(i.userId) ?? 0) + 1);
  expect(expected.size).toBeGreaterThan(1);
  expect(rows).toHaveLength(expected.size);
  expect(rows.map((r) => r.value).sort()).toEqual([...expected.values()].sort());
});

it('"which apps has <person> used this week, and how many prompts in each?" gives each app\'s prompts', async () => {
  const prompts = stored.filter((x) => x.interactionType === 'userPrompt' && thisWeek(x));
  const counts = new Map<string, number>();
  for (const i of prompts) counts.set(i.userId, (counts.get(i.userId) ?? 0) + 1);
  const [userId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const name = (await h.testStore.store.users.findOne({ userId }))!.displayName!;
  const { q, rows } = await askedQuery(deps, `which apps has ${name} used this week, and how many prompts in each?`);
  expect(q).toMatchObject({ measure: 'prompts', by: ['app'], filters: { people: [{ userId }] } });
  expect(q.type === 'measure' && q.context?.unanswered).toBeFalsy();
  const theirs = prompts.filter((i) => i.userId === userId);
  expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(theirs.length);
  expect(rows.length).toBe(new Set(theirs.map((i) => i.appClass)).size);
});
