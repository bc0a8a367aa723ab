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

it('"who … and how many sessions did they have?" gives each person\'s sessions; a count first stays a count', async () => {
  const { q, rows } = await askedQuery(deps, 'Who used Copilot this week and how many sessions did they have?');
  expect(q).toMatchObject({ measure: 'sessions', by: ['user'] });
  const sessions = new Map<string, Set<string>>();
  for (const i of stored.filter(thisWeek))
    sessions.set(i.userId, (sessions.get(i.userId) ?? new Set()).add(i.sessionId));
  expect(sessions.size).toBeGreaterThan(1);
  expect(rows).toHaveLength(sessions.size);
  expect(rows.map((r) => r.value).sort()).toEqual([...sessions.values()].map((s) => s.size).sort());
  const counted = await askedQuery(deps, 'How many users were active this week and how many sessions did they have?');
  expect(counted.q).not.toMatchObject({ by: ['user'] });
});

it('"… and how many people in each" counts each row\'s people; "… and how many times" is each person\'s prompts', async () => {
  const { q, rows } = await askedQuery(deps, 'Which apps were used this week, and how many people in each?');
  expect(q).toMatchObject({ measure: 'active_users', by: ['app'] });
  // The same rows as the plain question, and no row per person: at most this week's active people in each.
  const plain = await askedQuery(deps, 'active users by app this week');
  expect(rows.length).toBeGreaterThan(1);
  expect(rows).toEqual(plain.rows);
  const active = new Set(stored.filter(thisWeek).map((i) => i.userId)).size;
  for (const row of rows) expect(Number(row.value)).toBeLessThanOrEqual(active);
  const often = await askedQuery(deps, 'who used Copilot this week and how many times?');
  expect(often.q).toMatchObject({ measure: 'prompts', by: ['user'] });
  const prompts = new Map<string, number>();
  for (const i of stored.filter((x) => x.interactionType === 'userPrompt' && thisWeek(x)))
    prompts.set(i.userId, (prompts.get(i.userId) ?? 0) + 1);
  expect(often.rows.map((r) => Number(r.value)).sort((a, b) => a - b)).toEqual(
    [...prompts.values()].sort((a, b) => a - b),
  );
});
