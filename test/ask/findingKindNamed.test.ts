import type { FindingsQuery } from '../../server/core/ask/querySchema';
import { FINDING_KIND_RULES } from '../../server/core/risk/findingFacts';
import type { FindingDoc } from '../../server/store/documents';
import { askedQuery } from './askKit';
import { corpusSuite } from './corpusSuite';
import { injectRiskyTurns } from './riskyTurns';

/**
 * A finding named by its kind ("what's the account finding about", a CISO's blind question, listed all 64 findings):
 * the word that names a kind before a finding's noun ("account", "financial", "card", "phone" before "finding",
 * "alerts", "issue") narrows to that category or kind, in the singular as in the plural. Every list is recounted from
 * the findings collection as stored.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const suite = corpusSuite(now, (h) => injectRiskyTurns(h, now));
let findings: FindingDoc[];
beforeAll(async () => {
  findings = await suite.h.testStore.store.findings.find({ tenantId: suite.h.ctx.tenantId }).toArray();
});

const ids = (rows: Array<Record<string, unknown>>) => rows.length;

describe('a kind of finding named before the noun', () => {
  it.each([
    ["what's the account finding about", 'account'],
    ['show me the account alerts', 'account'],
    ['any account issues?', 'account'],
    ['what was the financial finding about', 'financial'],
    ['what is that account alert', 'account'],
  ])('"%s" lists the %s findings only', async (question, category) => {
    const { q, rows } = await askedQuery(suite.deps, question);
    expect(q).toMatchObject({ type: 'findings', show: 'list', categories: [category] });
    const expected = findings.filter((f) => f.category === category);
    expect(findings.length).toBeGreaterThan(expected.length);
    expect(ids(rows)).toBe(expected.length);
  });

  it.each([
    ['any card issues?', 'card_number'],
    ['what was the payment alert about', 'card_number'],
    ['what is the phone finding about', 'phone_number'],
  ])('"%s" lists the findings of the kind %s', async (question, kind) => {
    const { q, rows } = await askedQuery(suite.deps, question);
    expect((q as FindingsQuery).kinds).toEqual([kind]);
    const rules = new Set(FINDING_KIND_RULES[kind]);
    const expected = findings.filter((f) => rules.has(f.rule));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(rows)).toBe(expected.length);
  });

  it('the account findings are there to find: the tenant has at least one', () => {
    expect(findings.some((f) => f.category === 'account')).toBe(true);
  });

  it('"bank account details" stays the IBAN kind, not account findings', async () => {
    const { q } = await askedQuery(suite.deps, 'has anyone shared bank account details');
    expect(q).toMatchObject({ type: 'findings', categories: [], kinds: ['iban'] });
  });
});
