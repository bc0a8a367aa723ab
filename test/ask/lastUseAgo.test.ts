import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { askedQuery } from './askKit';
import { withNeverUsedHolders } from '../../server/core/ask/neverUsedHolders';
import { corpusSuite } from './corpusSuite';

/**
 * "People whose last Copilot use was more than 2 weeks ago" (a licensing manager's blind question, read as prompts per
 * person on the day two weeks back) lists the people whose last interaction is before the span: use before it and none
 * in it, in any app or the one named; licence holders who never used Copilot have no last use and are said beside
 * them. Every set is recomputed from the stored interactions.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const suite = corpusSuite(now);

/** The people whose last interaction (in the app, if one is named) is before `cutoff`, by name. */
function lastUsedBefore(cutoff: Date, app?: string): string[] {
  const last = new Map<string, number>();
  for (const r of suite.truth.rows)
    if (!app || r.app === app) last.set(r.userId, Math.max(last.get(r.userId) ?? 0, r.at.getTime()));
  return [...last]
    .filter(([, at]) => at < cutoff.getTime())
    .map(([id]) => suite.truth.names.get(id)!)
    .sort();
}

const DAY = 86_400_000;
/** Midnight UTC `days` days before today's (today counted as the first of the span). */
const spanStart = (days: number) => new Date(Date.UTC(2026, 10, 20) - (days - 1) * DAY);

describe('a last use more than a span ago', () => {
  it.each([
    ['list the people whose last copilot use was more than 2 weeks ago', 14],
    ['which users were last active more than 10 days ago?', 10],
    ['users last seen more than 30 days ago', 30],
    ['who last used Copilot over 3 weeks ago', 21],
    ['people whose most recent activity was over a fortnight ago', 14],
  ])('"%s" lists the people whose last interaction is before the last %i days', async (question, days) => {
    const { q, a, rows } = await askedQuery(suite.deps, question);
    const m = q as MeasureQuery;
    expect(m.who?.quietIn?.from).toEqual(spanStart(days));
    const expected = lastUsedBefore(spanStart(days));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(expected);
    expect(a.interpretation).toContain('no Copilot activity in last');
  });

  it('"users whose last activity was over a month ago": the span is a month back from today', async () => {
    const { q, rows } = await askedQuery(suite.deps, 'users whose last activity was over a month ago');
    const cutoff = (q as MeasureQuery).who!.quietIn!.from;
    expect(Math.round((now.getTime() - cutoff.getTime()) / DAY)).toBeGreaterThanOrEqual(29);
    expect(Math.round((now.getTime() - cutoff.getTime()) / DAY)).toBeLessThanOrEqual(32);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(lastUsedBefore(cutoff));
  });

  it('"whose last Excel use was more than 2 weeks ago" is of Excel: people who used it before and not since', async () => {
    const { q, rows } = await askedQuery(suite.deps, 'whose last Excel use was more than 2 weeks ago?');
    expect((q as MeasureQuery).filters.apps).toEqual(['excel']);
    const expected = lastUsedBefore(spanStart(14), 'Excel');
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(expected);
  });

  it('"whose last use was before 1 November" lists the people with use before it and none since', async () => {
    const { rows } = await askedQuery(suite.deps, 'list users whose last use was before 1 November');
    expect(rows.map((r) => String(r.user)).sort()).toEqual(lastUsedBefore(new Date('2026-11-01T00:00:00Z')));
  });

  it('beside a count (figures only) the holders who never used Copilot are counted, never named', async () => {
    const { q, a } = await askedQuery(suite.deps, 'list the people whose last copilot use was more than 2 weeks ago');
    const listed = q as MeasureQuery;
    const used = new Set(suite.truth.rows.map((r) => r.userId));
    const never = suite.truth.licensed.filter((u) => !used.has(u.userId) && !suite.truth.refused.has(u.userId));
    expect(never.length).toBeGreaterThan(0);
    expect(a.summary).toContain(never[0]!.name);
    const bare = { kind: 'table' as const, summary: 'N people.', notes: [], columns: [], rows: [] };
    const counted = await withNeverUsedHolders(suite.deps, { ...listed, by: [], measure: 'active_users' }, bare);
    expect(counted.summary).toBe(`N people. Not counted: ${never.length} licence holder${never.length === 1 ? '' : 's'} never used Copilot, so ${never.length === 1 ? 'has' : 'have'} no last use.`); // prettier-ignore
    for (const u of never) expect(counted.summary).not.toContain(u.name);
  });

  it('licence holders who never used Copilot have no last use: not listed, named beside the answer', async () => {
    const { a, rows } = await askedQuery(
      suite.deps,
      'list the people whose last copilot use was more than 2 weeks ago',
    );
    const used = new Set(suite.truth.rows.map((r) => r.userId));
    const never = suite.truth.licensed
      .filter((u) => !used.has(u.userId) && !suite.truth.refused.has(u.userId))
      .map((u) => u.name);
    expect(never.length).toBeGreaterThan(0);
    expect(rows.map((r) => String(r.user))).not.toEqual(expect.arrayContaining([never[0]]));
    const note = /Not listed:[^.]*\./.exec(a.summary)?.[0];
    expect(note).toContain(`${never.length} licence holder${never.length === 1 ? '' : 's'} never used Copilot`);
    for (const name of never.slice(0, 10)) expect(note).toContain(name);
  });
});
