import type { EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * "Prompts and sessions for every person" on a tenant with more active people than a wide read (100) holds: each
 * measure is read for every row, so no one past the hundredth shows a blank where their figure is.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 260, seed: 23, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 480_000);
afterAll(() => h?.close());

it('every person listed has each measure asked, past the hundredth row too', async () => {
  const from = new Date('2026-10-22T00:00:00Z');
  const to = new Date('2026-11-21T00:00:00Z');
  const prompts = new Map<string, number>();
  for (const r of truth.rows)
    if (r.at >= from && r.at < to && r.prompt) prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
  const people = [...prompts.values()].filter((n) => n > 0);
  expect(people.length).toBeGreaterThan(100);
  const { q, a, rows } = await askedQuery(deps, 'prompts and sessions for every person');
  expect(q).toMatchObject({ measure: 'prompts', also: ['sessions'], by: ['user'], all: true });
  const [promptsColumn, sessionsColumn] = a.columns.filter((c) => c.kind === 'number').map((c) => c.key);
  expect(rows.map((r) => Number(r[promptsColumn!])).sort((x, y) => y - x)).toEqual(people.sort((x, y) => y - x));
  // Someone with prompts had a session: a blank (unknown) in the second measure would be a figure never read.
  expect(rows.filter((r) => r[sessionsColumn!] === null || r[sessionsColumn!] === undefined)).toEqual([]);
  expect(rows.every((r) => Number(r[sessionsColumn!]) >= 1)).toBe(true);
});
