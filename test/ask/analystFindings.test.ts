import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import type { FindingsQuery } from '../../server/core/ask/querySchema';
import { updateFinding } from '../../server/core/risk/findingQueries';
import type { FindingDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { injectTurns } from '../api/injectTurns';

/**
 * Risk questions as security analysts phrase them, through the engine, every figure recounted from the findings
 * collection as stored: findings by age ("unresolved findings older than a week", "open findings not touched for 14
 * days"); the data words analysts use ("customer data", "client details", "personal info" are the personal-data
 * findings, "has anyone leaked" the user's prompts); and a short second question naming no noun ("… and which are
 * high?") answered on the first's findings after it.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
let h: AppHarness;
let deps: EngineDeps;
let findings: FindingDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  const store = h.testStore.store;
  // Known risky turns over six weeks, from two people in Engineering and two elsewhere: people's data pasted and
  // surfaced, card numbers, a password.
  const finance = await store.users.find({ department: 'Engineering' }).sort({ userId: 1 }).limit(2).toArray();
  const others = await store.users.find({ department: { $ne: 'Engineering' } }).sort({ userId: 1 }).limit(2).toArray(); // prettier-ignore
  const [f1, f2, o1, o2] = [...finance, ...others].map((u) => u.userId) as [string, string, string, string];
  const MIN = 24 * 60;
  await injectTurns(h, o1, 50 * MIN, [{ prompt: 'db password=Hunter2!x9 for prod' }]);
  await injectTurns(h, o1, 40 * MIN, [{ prompt: 'Charge 4012 8888 8888 1881 for the October invoice.' }]);
  await injectTurns(h, o2, 35 * MIN, [{ prompt: 'Log in to the staging portal, password: Tr0ub4dor&3x and summarise the errors.' }]); // prettier-ignore
  await injectTurns(h, f1, 20 * MIN, [{ prompt: 'Update the customer record: my SSN is 123-45-6789, passport number 533380006.' }]); // prettier-ignore
  await injectTurns(h, f2, 9 * MIN, [{ prompt: 'Add the client contact jamie.lee84@gmail.com, SSN 123-45-6789, to the sheet.' }]); // prettier-ignore
  await injectTurns(h, o1, 3 * MIN, [{ prompt: 'Who is this customer?', response: 'The customer on file has SSN 123-45-6789.' }]); // prettier-ignore
  await injectTurns(h, o2, 1 * MIN, [{ prompt: 'Book the hotel with the corporate card 4111 1111 1111 1111, expiry 12/28.' }]); // prettier-ignore
  await h.sync('full');
  // The first sync detects all history at once: each finding is set to have been detected an hour after its
  // interaction, as syncs through the weeks would have, and one old finding is taken under investigation recently.
  for (const f of await store.findings.find({}).toArray()) {
    const detectedAt = new Date(f.interactionAt.getTime() + 3_600_000);
    await store.findings.updateOne({ _id: f._id }, { $set: { detectedAt, statusChangedAt: detectedAt } });
  }
  const old = await store.findings
    .find({ detectedAt: { $lt: new Date(now.getTime() - 30 * DAY) } })
    .sort({ detectedAt: 1 })
    .limit(2)
    .toArray();
  if (old.length < 2) throw new Error('fewer than two findings older than 30 days');
  const who = { userId: 'analyst', name: 'Analyst' };
  await updateFinding(store, h.ctx.tenantId, old[0]!._id.toHexString(), { status: 'investigating' }, who, new Date(now.getTime() - 2 * DAY)); // prettier-ignore
  await updateFinding(store, h.ctx.tenantId, old[1]!._id.toHexString(), { status: 'resolved' }, who, new Date(now.getTime() - 3 * DAY)); // prettier-ignore
  // And one of the people's data pasted three weeks ago is dismissed yesterday.
  const pasted = await store.findings.findOne({ interactionAt: { $lt: new Date(now.getTime() - 15 * DAY), $gt: new Date(now.getTime() - 25 * DAY) } }); // prettier-ignore
  await updateFinding(store, h.ctx.tenantId, pasted!._id.toHexString(), { status: 'dismissed' }, who, new Date(now.getTime() - DAY)); // prettier-ignore
  findings = await store.findings.find({}).toArray();
}, 300_000);
afterAll(() => h?.close());

async function asked(question: string): Promise<{ q: FindingsQuery; a: AskAnswer; rows: AskAnswer['rows'] }> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query' || parsed.query.type !== 'findings')
    throw new Error(`"${question}" was not read as findings: ${JSON.stringify(parsed)}`);
  const a = await answerQuery(deps, parsed.query, question);
  return { q: parsed.query, a, rows: await allRows(deps, a) };
}

const ago = (days: number) => new Date(now.getTime() - days * DAY);
const countOf = (a: AskAnswer) => Number(a.rows[0]!.value);

describe('findings by age', () => {
  it.each([
    ['how many unresolved findings are older than a week', 7, ['open', 'investigating']],
    ['how many findings are still open after 30 days', 30, ['open']],
    ['number of findings that have been open for more than 2 weeks', 14, ['open']],
    ['how many findings older than 10 days', 10, ['open', 'investigating']],
    ['count of credential findings open longer than 5 days', 5, ['open']],
  ])('"%s" counts the findings detected more than %i days ago', async (text, days, statuses) => {
    const { q, a } = await asked(text);
    expect(q.age).toMatchObject({ days, since: 'detected' });
    expect(q.period.all).toBe(true);
    const credential = text.includes('credential');
    const expected = findings.filter(
      (f) => statuses.includes(f.status) && f.detectedAt < ago(days) && (!credential || f.category === 'credential'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(countOf(a)).toBe(expected.length);
    expect(a.interpretation).toContain(`detected more than ${days} days ago`);
  });

  it('the age leaves out findings detected since the cut-off, which a count without it includes', async () => {
    const { a: aged } = await asked('how many unresolved findings are older than a week');
    const { a: all } = await asked('how many unresolved findings');
    const recent = findings.filter((f) => ['open', 'investigating'].includes(f.status) && f.detectedAt >= ago(7));
    expect(recent.length).toBeGreaterThan(0);
    expect(countOf(all) - countOf(aged)).toBe(recent.length);
  });

  it('"open findings not touched for 14 days" lists the open ones whose status has not moved since the cut-off', async () => {
    const { q, a, rows } = await asked('open findings not touched for 14 days');
    expect(q.age).toMatchObject({ days: 14, since: 'changed' });
    const expected = findings.filter((f) => f.status === 'open' && f.statusChangedAt < ago(14));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.length).toBe(Math.min(expected.length, 100));
    expect(a.interpretation).toContain('status unchanged for more than 14 days');
    // The finding taken under investigation two days ago was touched: it is not among the untouched unresolved ones.
    const { a: unresolved } = await asked('how many unresolved findings have not been updated in 14 days');
    const untouched = findings.filter((f) => ['open', 'investigating'].includes(f.status) && f.statusChangedAt < ago(14)); // prettier-ignore
    expect(countOf(unresolved)).toBe(untouched.length);
    expect(findings.some((f) => f.status === 'investigating' && f.detectedAt < ago(14))).toBe(true);
    expect(untouched.some((f) => f.status === 'investigating')).toBe(false);
  });

  it.each(['show me stale findings', 'any old open alerts?', 'aging findings by severity'])(
    '"%s" asks how old, never the sync status',
    async (text) => {
      const parsed = await understand(deps, text);
      if (parsed.type !== 'query' || parsed.query.type !== 'reply') throw new Error(JSON.stringify(parsed));
      expect(parsed.query.notUnderstood.join(' ')).toContain('older than how many days?');
      expect(parsed.query.understood).toMatch(/^Findings/);
    },
  );

  it('an age in a usage question is asked back with its words, never dropped', async () => {
    const parsed = await understand(deps, 'prompts older than a week');
    expect(parsed).toMatchObject({ type: 'query', query: { type: 'reply', notUnderstood: ['older than a week'] } });
  });
});

describe('the data words analysts use', () => {
  it.each([
    ['Has anyone in Engineering pasted customer data into Copilot?', 'prompt', ['Engineering']],
    ['has anyone leaked client details in a prompt', 'prompt', []],
    ['did users leak personal info', 'prompt', []],
    ['any customer details in Copilot answers', 'response', []],
  ])('"%s" lists the personal-data findings with where the text was', async (text, source, departments) => {
    const { q, a, rows } = await asked(text);
    expect(q).toMatchObject({ show: 'list', categories: ['personal_data'], source });
    expect(q.filters.departments).toEqual(departments);
    const dept = departments[0];
    const members = new Set(
      (await h.testStore.store.users.find(dept ? { department: dept } : {}).toArray()).map((u) => u.userId),
    );
    const expected = findings.filter(
      (f) => f.category === 'personal_data' && f.source === source && (!dept || members.has(f.userId)),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.length).toBe(Math.min(expected.length, 100));
    expect(a.interpretation).toContain('personal data');
  });

  it('"has anyone shared bank account details" lists the IBAN findings in prompts (was declined as out of scope)', async () => {
    const { q, rows } = await asked('has anyone shared bank account details');
    expect(q).toMatchObject({ show: 'list', kinds: ['iban'], source: 'prompt' });
    expect(rows.length).toBe(findings.filter((f) => f.rule === 'iban' && f.source === 'prompt').length);
  });

  it('"did Copilot leak any passwords" is still what Copilot surfaced', async () => {
    const { q } = await asked('did Copilot leak any passwords');
    expect(q).toMatchObject({ kinds: ['password'], source: 'response' });
  });
});

describe('a second question about the same findings, naming no noun', () => {
  const open = () => findings.filter((f) => f.status === 'open');

  it.each([
    ['How many findings are open and which are high?', (f: FindingDoc) => f.severity === 'high'],
    ['how many findings are open, and which are medium?', (f: FindingDoc) => f.severity === 'medium'],
    ['How many findings are open? Which are in prompts?', (f: FindingDoc) => f.source === 'prompt'],
  ])('"%s" counts the open findings, then lists the open ones it names', async (text, which) => {
    const { q, a } = await asked(text);
    expect(q).toMatchObject({ show: 'count', statuses: ['open'], severities: [] });
    expect(countOf(a)).toBe(open().length);
    const listed = open().filter(which);
    expect(listed.length).toBeGreaterThan(0);
    expect(a.interpretation).toContain('second question answered after the first');
    expect(a.summary).toContain(`Second question (Findings, newest first · open ·`);
    expect(a.summary).toContain(`${listed.length} finding${listed.length === 1 ? '' : 's'}`);
    expect(a.disclosure).toBe('content');
  });

  it('"how many high findings are open and who has the most" ranks the people by their open high findings', async () => {
    const { q, a } = await asked('how many high findings are open and who has the most');
    expect(q).toMatchObject({ show: 'count', statuses: ['open'], severities: ['high'], by: [] });
    const mine = open().filter((f) => f.severity === 'high');
    expect(countOf(a)).toBe(mine.length);
    const per = new Map<string, number>();
    for (const f of mine) per.set(f.userId, (per.get(f.userId) ?? 0) + 1);
    const top = Math.max(...per.values());
    expect(a.summary).toContain('Second question (Findings by person · open · high severity');
    expect(a.summary).toMatch(new RegExp(`: ${top}[;.]`));
  });

  it('"how many open findings are there and which apps" counts them by app next', async () => {
    const { a } = await asked('how many open findings are there and which apps');
    expect(countOf(a)).toBe(open().length);
    const apps = new Set(open().map((f) => f.appKey));
    expect(a.summary).toContain(`Second question (Findings by app · open`);
    expect(a.summary).toContain(`${open().length} finding`);
    expect(apps.size).toBeGreaterThan(0);
  });
});

describe('triage by when it happened', () => {
  const stepped = (statuses: string[], from: Date, to: Date) =>
    findings.filter((f) => f.history.some((h) => statuses.includes(h.status) && h.at >= from && h.at < to));
  const thisWeek = [new Date('2026-11-16T00:00:00Z'), now] as const;

  it.each([
    ['How many findings did we close this week?', ['resolved', 'dismissed', 'false_positive'], 2],
    ['how many findings were resolved this week', ['resolved'], 1],
    ['how many were dismissed this week', ['dismissed'], 1],
  ])('"%s" counts the findings triaged to that status in the period', async (text, statuses, stored) => {
    const { q, a } = await asked(text);
    expect(q).toMatchObject({ changed: true, statuses });
    const expected = stepped(statuses, ...thisWeek);
    expect(expected.length).toBe(stored);
    expect(countOf(a)).toBe(expected.length);
    // The findings triaged this week came from older interactions: by the interaction's time, none would be counted.
    expect(expected.every((f) => f.interactionAt < thisWeek[0])).toBe(true);
    expect(a.interpretation).toContain('when triaged, not when found');
  });

  it('"what was dismissed yesterday" lists the finding dismissed yesterday', async () => {
    const { q, rows } = await asked('what was dismissed yesterday');
    expect(q).toMatchObject({ show: 'list', changed: true, statuses: ['dismissed'] });
    const expected = stepped(['dismissed'], new Date('2026-11-19T00:00:00Z'), new Date('2026-11-20T00:00:00Z'));
    expect(expected.length).toBe(1);
    expect(rows.map((r) => r.at)).toEqual(expected.map((f) => f.interactionAt.toISOString()));
  });

  it('"resolved findings" with no triage verb is still their status now, and "who resolved" ranks the analysts', async () => {
    const { q } = await asked('how many resolved findings');
    expect(q.changed).toBeUndefined();
    const { q: who, rows } = await asked('who resolved the most findings this week');
    expect(who).toMatchObject({ triage: 'closed_by', statuses: ['resolved'] });
    expect(rows).toEqual([{ analyst: 'Analyst', value: stepped(['resolved'], ...thisWeek).length }]);
  });
});
