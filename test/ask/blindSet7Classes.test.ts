import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { disabledAccountFinding } from './accountFinding';

/**
 * Classes of misreading the seventh blind set found, in other words than the set's: "going up or down" over a period
 * is the series by week with its direction said; an account's past state ("a disabled account was using Copilot")
 * is the account findings, and a verb before a colon ("Triage:") a label, not a change request.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let disabledId: string;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 16, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  disabledId = await disabledAccountFinding(h, now);
}, 300_000);
afterAll(async () => h.close());

async function ask(question: string): Promise<{ parsed: Awaited<ReturnType<typeof understand>>; answer: AskAnswer }> {
  const parsed = await understand(deps, question);
  const answer =
    parsed.type === 'query' ? await answerQuery(deps, parsed.query, question) : ({ kind: 'message' } as AskAnswer);
  return { parsed, answer };
}

test('"going up or down over the last 10 weeks" is the series by week, its direction said from its own rows', async () => {
  const { parsed, answer } = await ask('Are Word prompts going up or down over the last 10 weeks?');
  expect(parsed).toMatchObject({ type: 'query', query: { type: 'measure', measure: 'prompts', by: ['week'] } });
  expect(parsed.type === 'query' && 'compare' in parsed.query && parsed.query.compare).toBeFalsy();
  const all = await allRows(deps, answer);
  expect(all.length).toBeGreaterThanOrEqual(10);
  // At Friday noon this week is not over, and the 70 days start on a Saturday: the fit leaves out what is partial.
  expect(answer.summary).toContain('this week (16 Nov – 20 Nov) is not over yet');
  const rows = all.slice(answer.summary.includes('the first week (') ? 1 : 0, -1);
  const ys = rows.map((r) => Number(r.value));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mx = (ys.length - 1) / 2;
  const my = mean(ys);
  const slope = ys.reduce((s, y, x) => s + (x - mx) * (y - my), 0) / ys.reduce((s, _y, x) => s + (x - mx) ** 2, 0);
  const first = ys[0]!;
  const last = ys.at(-1)!;
  const way = last > first && slope > 0 ? 'Going up' : last < first && slope < 0 ? 'Going down' : 'No clear direction';
  const rounded = Math.round(slope * 10) / 10;
  expect(answer.summary).toContain(
    `${way}: from ${first} prompts in the first whole week (${String(rows[0]!.week)}) to ${last} in the last (${String(rows.at(-1)!.week)}), a fitted trend of ${rounded > 0 ? '+' : ''}${rounded || 0} a week. Fitted over whole weeks only:`,
  );
});

test('a disabled account that was using Copilot is read as the account findings, with when; "Triage:" is a label', async () => {
  const stored = await h.testStore.store.findings.find({ rule: 'account-disabled' }).toArray();
  expect(stored.map((f) => f.userId)).toEqual([disabledId]);
  const { parsed, answer } = await ask('Triage: a disabled account was using Copilot. Which one, and when?');
  expect(parsed).toMatchObject({ type: 'query', query: { type: 'findings', categories: ['account'] } });
  const rows = answer.rows.filter((r) => String(r.what).includes('Disabled account'));
  expect(rows).toHaveLength(1);
  expect(new Date(String(rows[0]!.at)).getTime()).toBe(stored[0]!.interactionAt.getTime());
  // The same state said of a user, and a verb with its object stays a request.
  expect((await ask('was a blocked user using copilot?')).parsed).toMatchObject({ query: { type: 'findings' } });
  expect((await ask('disable the account of the guest')).parsed).toMatchObject({ query: { reply: 'change' } });
});

test('"prompts per session" is one measure over the other, both read over the same filters and period', async () => {
  const { parsed, answer } = await ask('average prompts per session in Teams last month');
  expect(parsed).toMatchObject({ type: 'query', query: { measure: 'prompts', per: 'sessions', by: [] } });
  expect(answer.interpretation).toMatch(/^Prompts per session · Teams · last month/);
  const q = parsed.type === 'query' && parsed.query.type === 'measure' ? parsed.query : null;
  const both = await Promise.all(
    (['prompts', 'sessions'] as const).map(async (m) =>
      Number((await answerQuery(deps, { ...q!, per: undefined, measure: m }, m)).rows[0]!.value),
    ),
  );
  const [prompts, sessions] = both as [number, number];
  expect(sessions).toBeGreaterThan(0);
  expect(answer.rows[0]).toMatchObject({
    total: prompts,
    people: sessions,
    value: Math.round((prompts / sessions) * 10) / 10,
  });
  // Two measures joined by "and" are both answered side by side, not one over the other.
  const beside = (await ask('prompts and sessions in Teams last month')).parsed;
  expect(beside).toMatchObject({ type: 'query', query: { measure: 'prompts', also: ['sessions'] } });
  expect(beside.type === 'query' && beside.query.type === 'measure' && beside.query.per).toBeFalsy();
});
