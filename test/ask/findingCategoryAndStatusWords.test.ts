import type { FindingsQuery } from '../../server/core/ask/querySchema';
import { RISK_CATEGORIES, type RiskCategory } from '../../server/core/risk/types';
import type { FindingDoc, FindingStatus } from '../../server/store/documents';
import { askedQuery } from './askKit';
import { corpusSuite } from './corpusSuite';
import { injectRiskyTurns } from './riskyTurns';

/**
 * A finding's category named as one ("list findings in the account category", a blind question, listed all 62
 * findings) and a status said by what has not happened yet ("what's still open and not being investigated", declined
 * as out of scope): the category narrows the findings to it, a category nobody has findings in to none, and the words
 * of triage not done read as the open status, with or without the word "findings". Every figure is recounted from the
 * findings collection as stored, after one finding is put under investigation and one resolved.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const suite = corpusSuite(now, async (h) => {
  await injectRiskyTurns(h, now);
  const findings = h.testStore.store.findings;
  const [first, second] = await findings.find({ tenantId: h.ctx.tenantId }).sort({ _id: 1 }).limit(2).toArray();
  await findings.updateOne({ _id: first!._id }, { $set: { status: 'investigating' } });
  await findings.updateOne({ _id: second!._id }, { $set: { status: 'resolved' } });
});
let findings: FindingDoc[];
beforeAll(async () => {
  findings = await suite.h.testStore.store.findings.find({ tenantId: suite.h.ctx.tenantId }).toArray();
});

const inCategory = (c: RiskCategory) => findings.filter((f) => f.category === c);
const inStatus = (...s: FindingStatus[]) => findings.filter((f) => s.includes(f.status));

describe('a finding category named as one', () => {
  it.each([
    ['list findings in the account category', 'account'],
    ['findings in category account', 'account'],
    ['show me account-category findings', 'account'],
    ['which findings are in the accounts category?', 'account'],
    ['findings in the financial category', 'financial'],
    ['findings in the finance category', 'financial'],
    ['list the credential-category findings', 'credential'],
  ])('"%s" lists the %s findings only', async (question, category) => {
    const { q, rows } = await askedQuery(suite.deps, question);
    expect(q).toMatchObject({ type: 'findings', show: 'list', categories: [category] });
    expect(rows).toHaveLength(inCategory(category as RiskCategory).length);
    expect(findings.length).toBeGreaterThan(rows.length);
  });

  it('counts each category named beside "category", the word before it or after it', async () => {
    const counted: Array<[string, number]> = [];
    for (const category of RISK_CATEGORIES) {
      const said = category.replace('_', ' ');
      for (const question of [`how many findings in the ${said} category`, `count findings with category ${said}`]) {
        const { q, a } = await askedQuery(suite.deps, question);
        counted.push([question, (q as FindingsQuery).categories[0] === category ? Number(a.rows[0]?.value ?? -2) : -1]);
      }
    }
    const expected = RISK_CATEGORIES.flatMap((c) => [inCategory(c).length, inCategory(c).length]);
    expect(counted.map(([, n]) => n)).toEqual(expected);
  });

  it('says no findings match for a category nobody has findings in, never all of them', async () => {
    const empty = RISK_CATEGORIES.filter((c) => inCategory(c).length === 0);
    expect(empty.length).toBeGreaterThan(0);
    const said: Array<[string, string, number]> = [];
    for (const category of empty) {
      const { q, a, rows } = await askedQuery(suite.deps, `${category.replace('_', '-')}-category findings`);
      said.push([(q as FindingsQuery).categories?.join() ?? q.type, a.summary, rows.length]);
    }
    expect(said).toEqual(empty.map((c) => [c, 'No findings match.', 0]));
  });
});

describe('a status said by what has not happened yet', () => {
  it.each([
    "what's still open and not being investigated",
    'findings not yet triaged',
    'which findings has nobody looked at',
    'open alerts nobody is looking at',
    'findings nobody investigating yet',
    'findings that are not assigned',
    'findings that are still new',
    'findings not under investigation',
  ])('"%s" lists the open findings, none under investigation', async (question) => {
    const { q, rows } = await askedQuery(suite.deps, question);
    expect(q).toMatchObject({ type: 'findings', show: 'list', statuses: ['open'] });
    expect(rows).toHaveLength(inStatus('open').length);
    expect(inStatus('investigating', 'resolved')).toHaveLength(2);
  });

  it.each([
    ["what's still open", ['open']],
    ["what's pending review", ['open']],
    ['how many are still open?', ['open']],
    ['anything unresolved?', ['open', 'investigating']],
    ['is anything outstanding', ['open', 'investigating']],
    ["what's left to triage", ['open']],
    ['anything still open security-wise?', ['open']],
  ])('"%s" reaches the findings without the word "findings"', async (question, statuses) => {
    const { q, a, rows } = await askedQuery(suite.deps, question);
    expect(q).toMatchObject({ type: 'findings', statuses });
    const expected = inStatus(...(statuses as FindingStatus[])).length;
    expect(q.type === 'findings' && q.show === 'count' ? Number(a.rows[0]?.value) : rows.length).toBe(expected);
    // The same status beside a usage noun is no findings question (a usage one, or asked back).
    const usage = await askedQuery(suite.deps, `${question.replace(/\?$/, '')} sessions last week`);
    expect(usage.q.type).not.toBe('findings');
  });

  it('reads a status beside a person or a department as their findings, and "did … open Word" as use', async () => {
    const finding = inStatus('open', 'investigating')[0]!;
    const user = (await suite.h.testStore.store.users.findOne({ userId: finding.userId }))!;
    const theirs = findings.filter((f) => f.userId === finding.userId);
    const asked = [
      [`what is still open for ${user.displayName}`, ['open']],
      [`anything unresolved in ${user.department}?`, ['open', 'investigating']],
    ] as const;
    for (const [question, statuses] of asked) {
      const { q, rows } = await askedQuery(suite.deps, question);
      expect(q).toMatchObject({ type: 'findings', statuses });
      const people = question.includes(user.displayName!) ? [finding.userId] : null;
      const departments = new Map((await suite.h.testStore.store.users.find({}).toArray()).map((u) => [u.userId, u.department])); // prettier-ignore
      const expected = findings.filter(
        (f) =>
          statuses.includes(f.status as never) &&
          (people ? people.includes(f.userId) : departments.get(f.userId) === user.department),
      );
      expect(theirs.length).toBeGreaterThan(0);
      expect(rows).toHaveLength(expected.length);
    }
    const used = await askedQuery(suite.deps, `did ${user.displayName} open Word`);
    expect(used.q.type).toBe('measure');
  });
});
