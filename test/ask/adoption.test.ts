import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';

/**
 * Adoption questions ("what percentage of licensed users use Copilot", "which department has the lowest adoption")
 * against the simulator's own record of who holds a licence, who may use Copilot (the rest are refused by the export
 * API: their use is unknown, left out) and the interactions stored — none of the engine's reads.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
let h: AppHarness;
let deps: EngineDeps;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
});
afterAll(async () => h.close());

/** Users whose history the export API refused in the sync (recorded per run), by id. */
async function refusedIds(): Promise<Set<string>> {
  const runs = await h.testStore.store.syncRuns.find({ tenantId: h.ctx.tenantId }).toArray();
  return new Set(runs.flatMap((r) => r.errors.filter((e) => e.status === 403).map((e) => e.userId ?? '')));
}

/** Readable licensed users (licensed, not refused) and which of them were active in [from, to) (in one app). */
async function truth(from: Date, to: Date, department?: string, appKey?: string) {
  const refused = await refusedIds();
  const readable = h.graph.tenant.users.filter(
    (u) => u.licensed && !refused.has(u.graph.id) && (!department || u.graph.department === department),
  );
  const active = new Set(
    (await h.testStore.store.interactions.distinct('userId', {
      tenantId: h.ctx.tenantId,
      createdAt: { $gte: from, $lt: to },
      ...(appKey ? { appKey } : {}),
    })) as string[],
  );
  const byDepartment = new Map<string, { licensed: number; active: number }>();
  for (const u of readable) {
    const key = u.graph.department ?? '(no department)';
    const g = byDepartment.get(key) ?? { licensed: 0, active: 0 };
    g.licensed += 1;
    if (active.has(u.graph.id)) g.active += 1;
    byDepartment.set(key, g);
  }
  const activeCount = readable.filter((u) => active.has(u.graph.id)).length;
  return { licensed: readable.length, active: activeCount, byDepartment };
}

const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10;

it('answers the share of licensed users active in the period, leaving out those whose history cannot be read', async () => {
  const answer = await ask(deps, 'What percentage of licensed users used Copilot last month?');
  expect(answer.interpretation).toMatch(/^Adoption \(share of licensed users active\) · last month/);
  const t = await truth(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
  expect(t.active).toBeGreaterThan(0);
  expect(t.active).toBeLessThan(t.licensed);
  expect(answer.rows).toEqual([{ measure: 'Adoption', licensed: t.licensed, active: t.active, value: pct(t.active, t.licensed) }]); // prettier-ignore
  const refused = (await refusedIds()).size;
  if (refused > 0) {
    expect(answer.summary).toContain(`${refused === 1 ? '1 licensed user' : `${refused} licensed users`} whose history could not be read`); // prettier-ignore
    // The licence count is every holder's; the share is of those whose history could be read, both said.
    expect(answer.summary).toContain(`(${t.active} of ${t.licensed}; ${t.licensed + refused} hold a licence)`);
    expect(answer.columns[1]).toMatchObject({ title: 'Licensed users (history read)' });
  } else expect(answer.summary).not.toContain('could not be read');
});

it('answers the share active in one app, of the same readable licensed users', async () => {
  const answer = await ask(deps, 'What percentage of licensed users used Copilot in Word last month?');
  expect(answer.interpretation).toMatch(/^Adoption \(share of licensed users active\) · Word · last month/);
  const from = new Date('2026-10-01T00:00:00Z');
  const to = new Date('2026-11-01T00:00:00Z');
  const [word, any] = await Promise.all([truth(from, to, undefined, 'word'), truth(from, to)]);
  expect(word.active).toBeGreaterThan(0);
  expect(word.active).toBeLessThan(any.active);
  expect(answer.rows).toEqual([{ measure: 'Adoption', licensed: word.licensed, active: word.active, value: pct(word.active, word.licensed) }]); // prettier-ignore
});

it('ranks departments by adoption, merging those below the minimum group size', async () => {
  const answer = await ask(deps, 'Which department has the lowest Copilot adoption in the last 30 days?');
  expect(answer.interpretation).toMatch(/^Adoption \(share of licensed users active\) by department ·.*lowest first/);
  const t = await truth(new Date(Date.UTC(2026, 10, 21) - 30 * DAY), new Date(Date.UTC(2026, 10, 21)));
  const shown = answer.rows.filter((r) => !String(r.department).startsWith('Other'));
  const big = [...t.byDepartment].filter(([, g]) => g.licensed >= 5);
  expect(big.length).toBeGreaterThan(0);
  expect(shown.map((r) => [r.department, r.licensed, r.active, r.value]).sort()).toEqual(
    big.map(([d, g]) => [d, g.licensed, g.active, pct(g.active, g.licensed)]).sort(),
  );
  const values = shown.map((r) => Number(r.value));
  expect(values).toEqual([...values].sort((a, b) => a - b));
  const small = [...t.byDepartment].filter(([, g]) => g.licensed < 5);
  if (small.length) expect(answer.rows.at(-1)!.department).toMatch(/^Other/);
  for (const [d] of small) expect(answer.rows.map((r) => r.department)).not.toContain(d);
});

it('withholds the share of a department asked by name that has fewer licensed users than the minimum', async () => {
  const t = await truth(new Date(0), now);
  const tiny = [...t.byDepartment].find(([d, g]) => g.licensed < 5 && d !== '(no department)');
  const large = [...t.byDepartment].find(([d, g]) => g.licensed >= 5 && d !== '(no department)');
  expect(large).toBeDefined();
  const shownAnswer = await ask(deps, `adoption rate in ${large![0]} this month`);
  expect(shownAnswer.rows).toHaveLength(1);
  if (tiny) {
    const answer = await ask(deps, `adoption rate in ${tiny[0]} this month`);
    expect(answer.rows).toEqual([]);
    expect(answer.summary).toMatch(/not shown for fewer than 5 licensed users/);
  }
});

// "Going up or down" is the series with its direction said (70e9b0a), of active users, not the adoption rate.
it('keeps "is adoption going up" a count of active users, by day, with the way it went said', async () => {
  const answer = await ask(deps, 'is copilot adoption going up or down?');
  expect(answer.interpretation).toMatch(/^Active users by day · /);
  expect(answer.summary).toMatch(
    /(Going up|Going down|No clear direction): from \d+ active users in the first (?:whole )?day/,
  );
});

it('gives no overall figure over a department it withholds beside one it shows ("Sales vs Marketing", Marketing small)', async () => {
  const t = await truth(new Date(Date.UTC(2026, 10, 21) - 30 * DAY), new Date(Date.UTC(2026, 10, 21)));
  const named = [...t.byDepartment]
    .filter(([d]) => d !== '(no department)')
    .sort((a, b) => a[1].licensed - b[1].licensed);
  const [small, large] = [named[0]!, named.at(-1)!];
  expect(small[1].licensed).toBeLessThan(large[1].licensed);
  // The larger department is just large enough to be shown; the smaller is withheld, the two together are not.
  const minGroupSize = large[1].licensed;
  const answer = await ask({ ...deps, minGroupSize }, `${small[0]} vs ${large[0]} adoption`);
  expect(answer.rows.find((r) => r.department === large[0])).toMatchObject({
    licensed: large[1].licensed,
    active: large[1].active,
  });
  expect(answer.rows.map((r) => r.department)).not.toContain(small[0]);
  const both = { active: small[1].active + large[1].active, licensed: small[1].licensed + large[1].licensed };
  // The overall figure over both, beside the large one's, would give the small one's by subtraction.
  expect(answer.summary).not.toContain(`(${both.active} of ${both.licensed})`);
  expect(answer.summary).toContain(
    `of licensed users in the departments shown were active in this period (${large[1].active} of ${large[1].licensed})`,
  );
});
