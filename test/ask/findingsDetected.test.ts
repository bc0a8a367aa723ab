import type { EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { injectTurns } from '../api/injectTurns';
import { askedQuery, engineDeps, queryOf } from './askKit';

/**
 * "How many findings were detected in the last 24 hours", "new findings this week": the period is when the sync found
 * them, which for history read late (a first sync, a user's backlog) is long after the interactions happened.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
let h: AppHarness;
let deps: EngineDeps;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 12, seed: 5, referenceTime: now });
  deps = engineDeps(h);
  const [a, b] = (await h.testStore.store.users.find({}).sort({ userId: 1 }).limit(2).toArray()).map((u) => u.userId);
  const MIN = 24 * 60;
  await injectTurns(h, a!, 10 * MIN, [{ prompt: 'db password=Hunter2!x9 for prod' }]);
  await injectTurns(h, b!, 4 * MIN, [{ prompt: 'Charge 4012 8888 8888 1881 for the October invoice.' }]);
  await injectTurns(h, a!, 3 * MIN, [{ prompt: 'Log in to the staging portal, password: Tr0ub4dor&3x please.' }]);
  await injectTurns(h, b!, 2 * MIN, [{ prompt: 'Book the hotel with the corporate card 4111 1111 1111 1111.' }]);
  await h.sync('full');
  // The sync that found them ran an hour ago; two were found weeks ago, as an earlier sync would have.
  const store = h.testStore.store;
  await store.findings.updateMany({}, { $set: { detectedAt: new Date(now.getTime() - 3_600_000) } });
  const earlier = await store.findings.find({}).sort({ interactionAt: 1 }).limit(2).toArray();
  for (const f of earlier)
    await store.findings.updateOne({ _id: f._id }, { $set: { detectedAt: new Date(f.interactionAt.getTime() + 3_600_000) } }); // prettier-ignore
}, 240_000);
afterAll(() => h?.close());

it('counts the findings detected in the period, not those whose interactions fall in it', async () => {
  const store = h.testStore.store;
  const from = new Date(now.getTime() - DAY);
  const detected = await store.findings.countDocuments({ detectedAt: { $gte: from, $lt: now } });
  const happened = await store.findings.countDocuments({ interactionAt: { $gte: from, $lt: now } });
  expect(detected).toBeGreaterThan(happened);
  const { q, a, rows } = await askedQuery(deps, 'how many findings were detected in the last 24 hours');
  expect(q).toMatchObject({ type: 'findings', show: 'count', detected: true });
  expect(a.interpretation).toContain('detected last 24 hours');
  expect(rows.map((r) => Number(r.value))).toEqual([detected]);
  // Without a word of finding them, the period is the interactions' (as the Risk view's range is).
  expect(await queryOf(deps, 'how many findings in the last 24 hours')).not.toHaveProperty('detected');
  const week = await askedQuery(deps, 'how many new findings this week');
  const monday = new Date('2026-11-16T00:00:00Z');
  expect(week.rows.map((r) => Number(r.value))).toEqual([
    await store.findings.countDocuments({ detectedAt: { $gte: monday, $lt: now } }),
  ]);
});
