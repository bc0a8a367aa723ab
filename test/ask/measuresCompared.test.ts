import { ask } from '../../server/core/ask/engine';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import type { InteractionDoc } from '../../server/store/documents';
import { resolveApp } from '../../server/core/appCatalog';
import { allRows } from './askKit';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * Several measures compared ("November with October: active users and prompts", "Word vs Excel: prompts and
 * sessions", "prompts and sessions by app, this month vs last month"): every cell of the table is a true figure, each
 * recomputed from the stored interactions for its row, measure and period.
 */

jest.setTimeout(300_000);
let e: SyncedEngine;
let stored: InteractionDoc[];

beforeAll(async () => {
  e = await syncedEngine('measures-compared');
  stored = await e.deps.store.interactions.find({ tenantId: e.deps.tenantId }).toArray();
}, 300_000);
afterAll(() => e.close());

type Range = { from: Date; to: Date };
type Keep = (i: InteractionDoc) => boolean;
const appOf = (i: InteractionDoc) => resolveApp(i.appClass).displayName;
const inRange = (r: Range, keep: Keep) => stored.filter((i) => i.createdAt >= r.from && i.createdAt < r.to && keep(i));

/** A measure's figure over the stored interactions of a period (a session counted in the period it started). */
function figure(measure: string, r: Range, keep: Keep = () => true): number {
  if (measure === 'Prompts') return inRange(r, keep).filter((i) => i.interactionType === 'userPrompt').length;
  if (measure === 'Responses') return inRange(r, keep).filter((i) => i.interactionType === 'aiResponse').length;
  if (measure === 'Active users') return new Set(inRange(r, keep).map((i) => i.userId)).size;
  if (measure === 'Sessions') {
    const started = new Map<string, InteractionDoc>();
    for (const i of stored.filter(keep)) {
      const key = `${i.userId}|${i.sessionId}|${i.appClass}`;
      if (!started.has(key) || started.get(key)!.createdAt > i.createdAt) started.set(key, i);
    }
    return [...started.values()].filter((i) => i.createdAt >= r.from && i.createdAt < r.to).length;
  }
  throw new Error(`no oracle for ${measure}`);
}

/** The period before, as the engine compares a period with no other named: the same length, just before it. */
const before = (q: MeasureQuery): Range =>
  q.against ?? { from: new Date(2 * q.period.from.getTime() - q.period.to.getTime()), to: q.period.from };

const change = (now: number, then: number) =>
  then === 0 ? (now === 0 ? '0%' : 'new') : `${now >= then ? '+' : ''}${Math.round(((now - then) / then) * 100)}%`;

/** Each number column's figure for a row, by the measure its title names. */
function measureOfTitle(title: string): string {
  return ['Active users', 'Prompts', 'Responses', 'Sessions'].find((m) => title.startsWith(m))!;
}

/**
 * Checks every figure cell of an answer against the stored interactions of its row (an app, or a person by name), its
 * measure and its period; returns how many were checked.
 */
function expectEveryCell(q: MeasureQuery, a: AskAnswer, rows: AskAnswer['rows'], key: 'app' | 'user'): number {
  const idOf = new Map([...e.truth.names].map(([id, name]) => [name, id]));
  const figures = a.columns.filter((c) => c.key !== key && c.key !== 'department');
  let cells = 0;
  for (const row of rows) {
    const keep = (i: InteractionDoc) =>
      key === 'app' ? appOf(i) === row.app : i.userId === idOf.get(String(row.user));
    for (const c of figures) {
      const m = measureOfTitle(c.title);
      const [now, then] = [figure(m, q.period, keep), q.compare === 'previous' ? figure(m, before(q), keep) : 0];
      const expected = c.key.startsWith('previous') ? then : c.key.startsWith('change') ? change(now, then) : now;
      expect([row[key], c.title, row[c.key]]).toEqual([row[key], c.title, expected]);
      cells += 1;
    }
  }
  return cells;
}

async function answered(question: string): Promise<{ q: MeasureQuery; a: AskAnswer; rows: AskAnswer['rows'] }> {
  const q = await e.measureOf(question);
  const a = await ask(e.deps, question);
  expect(a.kind).toBe('table');
  return { q, a, rows: await allRows(e.deps, a) };
}

describe('totals of several measures against another period: a row per measure', () => {
  test.each([
    ['Compare November with October: active users and prompts', ['Active users', 'Prompts']],
    ['active users and prompts, October vs September', ['Active users', 'Prompts']],
    ['prompts and responses last week vs the week before', ['Prompts', 'Responses']],
    ['how did prompts and active users change this month compared to last month?', ['Prompts', 'Active users']],
  ])('"%s": each measure this period, the other period and the change', async (question, measures) => {
    const { q, a, rows } = await answered(question);
    expect(q.compare).toBe('previous');
    expect(a.columns.map((c) => c.key)).toEqual(['measure', 'value', 'previous', 'change']);
    expect(rows.map((r) => r.measure)).toEqual(measures);
    for (const row of rows) {
      const m = String(row.measure);
      const [now, then] = [figure(m, q.period), figure(m, before(q))];
      expect(row).toEqual({ measure: m, value: now, previous: then, change: change(now, then) });
    }
    expect(rows.some((r) => Number(r.value) > 0 && Number(r.previous) > 0)).toBe(true);
  });
});

describe('several measures by a dimension, compared: every cell is its row, measure and period', () => {
  test.each([
    ['prompts and sessions by app, this month vs last month', null],
    ['Word vs Excel: prompts and sessions, October vs September', ['Word', 'Excel']],
    ['Teams vs Outlook, prompts and responses: this month compared with last month', ['Teams', 'Outlook']],
    ['Word vs Excel: prompts and sessions', ['Word', 'Excel']],
    ['compare Teams and Outlook in terms of responses and prompts last week', ['Teams', 'Outlook']],
  ])('"%s"', async (question, apps) => {
    const { q, a, rows } = await answered(question);
    expect(q.by).toEqual(['app']);
    if (apps) expect(rows.map((r) => r.app).sort()).toEqual([...apps].sort());
    const figures = a.columns.filter((c) => c.key !== 'app');
    // Each measure has its figure (and, compared, the other period's and the change), nothing else.
    expect(figures.length).toBe((1 + (q.also?.length ?? 0)) * (q.compare === 'previous' ? 3 : 1));
    expect(expectEveryCell(q, a, rows, 'app')).toBeGreaterThan(3);
  });
});

describe("several measures by person: the first measure ranks, the others are each person's own figure", () => {
  test.each(['prompts and sessions by user this month', 'prompts and responses per person last month'])(
    '"%s"',
    async (question) => {
      const { q, a, rows } = await answered(question);
      expect(q.by).toEqual(['user']);
      expect(rows.length).toBe(10);
      expect(expectEveryCell(q, a, rows, 'user')).toBe(20);
    },
  );
});

describe('"users" beside another measure is the active users counted, not a row per person', () => {
  test.each([
    ['Teams vs Word last week, prompts and users', ['Teams', 'Word']],
    ['Excel vs PowerPoint: sessions and users this month', ['Excel', 'PowerPoint']],
    ['compare Word and Excel: prompts and people', ['Word', 'Excel']],
    ['Outlook vs Teams in October, responses and users', ['Outlook', 'Teams']],
    ['prompts and users in Teams vs Word last week', ['Teams', 'Word']],
    ['sessions and people in Excel vs Outlook this month', ['Excel', 'Outlook']],
  ])('"%s": a row per app with each measure', async (question, apps) => {
    const { q, a, rows } = await answered(question);
    expect(q.by).toEqual(['app']);
    expect([q.measure, ...(q.also ?? [])]).toContain('active_users');
    expect(a.columns.map((c) => c.key)).not.toContain('user');
    expect(rows.map((r) => r.app).sort()).toEqual([...apps].sort());
    expect(expectEveryCell(q, a, rows, 'app')).toBe(4);
  });
});
