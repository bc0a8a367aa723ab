import { ObjectId } from 'mongodb';
import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { FindingsQuery } from '../../server/core/ask/querySchema';
import { updateFinding } from '../../server/core/risk/findingQueries';
import type { FindingDoc, FindingStatus } from '../../server/store/documents';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';

/**
 * How long findings take to close and who closes them, through the engine, every figure recounted from the findings'
 * triage history as stored: findings written to the store, triaged by three analysts through the triage workflow
 * (updateFinding, as the Risk view does) over the weeks before a Friday, one reopened and closed again, one closed
 * before the month, one never touched, and another tenant's closed finding that must never count.
 */

const tenantId = 'tenant-finding-resolution';
const other = 'tenant-finding-resolution-other';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const HOUR = 3_600_000;
const CLOSED: FindingStatus[] = ['resolved', 'dismissed', 'false_positive'];
const ADELE = { userId: 'analyst-adele', name: 'Adele Vance' };
const MEGAN = { userId: 'analyst-megan', name: 'Megan Bowen' };
const LEE = { userId: 'analyst-lee', name: 'Lee Gu' };
type Who = typeof ADELE;
/** The apps the findings are spread over, one after the other. */
const APPS = ['word', 'excel', 'teams'];

/** Each finding: its severity, when it was detected, and its triage steps (status, by, when). */
const TRIAGE: Array<[FindingDoc['severity'], string, Array<[FindingStatus, Who, string]>]> = [
  ['high', '2026-11-02T08:00Z', [['resolved', ADELE, '2026-11-10T09:30Z']]],
  ['high', '2026-11-09T10:00Z', [['dismissed', ADELE, '2026-11-12T16:00Z']]],
  ['medium', '2026-11-12T09:00Z', [['investigating', MEGAN, '2026-11-13T10:00Z'], ['resolved', MEGAN, '2026-11-17T11:00Z']]],
  ['low', '2026-11-14T07:00Z', [['false_positive', LEE, '2026-11-14T12:00Z']]],
  ['high', '2026-11-15T20:00Z', [['resolved', LEE, '2026-11-18T08:00Z']]],
  ['medium', '2026-11-16T06:00Z', [['resolved', ADELE, '2026-11-16T09:00Z'], ['open', MEGAN, '2026-11-17T09:00Z'], ['resolved', MEGAN, '2026-11-19T15:00Z']]],
  ['high', '2026-10-20T08:00Z', [['resolved', ADELE, '2026-10-25T08:00Z']]],
  ['high', '2026-11-18T08:00Z', []],
]; // prettier-ignore

let t: TestStore;
let deps: EngineDeps;
let stored: FindingDoc[];

function findingDoc(tenant: string, severity: FindingDoc['severity'], detected: Date, i: number): FindingDoc {
  const interactionAt = new Date(detected.getTime() - HOUR);
  return {
    _id: new ObjectId(),
    tenantId: tenant,
    rule: 'password-assignment',
    category: 'credential',
    severity,
    confidence: 'high',
    title: `Password in a prompt ${i}`,
    userId: `user-${i % 3}`,
    appKey: APPS[i % APPS.length]!,
    appClass: `IPM.SkypeTeams.Message.Copilot.${APPS[i % APPS.length]}`,
    sessionId: `session-${i}`,
    interactionId: `interaction-${tenant}-${i}`,
    source: 'prompt',
    interactionAt,
    detectedAt: detected,
    lastDetectedAt: detected,
    evidence: [{ type: 'Password', path: 'body', start: 0, end: 8, masked: 'Hu•••••', hash: `hash-${i}` }],
    hashes: [`hash-${i}`],
    status: 'open',
    statusChangedAt: detected,
    statusChangedBy: null,
    note: null,
    history: [],
  };
}

beforeAll(async () => {
  t = await openTestStore('findingResolution');
  const docs = TRIAGE.map(([severity, detected], i) => findingDoc(tenantId, severity, new Date(detected), i));
  const foreign = findingDoc(other, 'high', new Date('2026-11-16T08:00Z'), 99);
  // A file reached by people of many departments: what the oversharing rules find (never triaged here).
  const overshared = { ...findingDoc(tenantId, 'medium', new Date('2026-11-18T09:00Z'), 50), category: 'oversharing', rule: 'oversharing-file-departments', title: 'A file shared too widely' }; // prettier-ignore
  await t.store.findings.insertMany([...docs, foreign, overshared]);
  for (const [i, [, , steps]] of TRIAGE.entries())
    for (const [status, who, at] of steps)
      await updateFinding(t.store, tenantId, docs[i]!._id.toHexString(), { status }, who, new Date(at));
  await updateFinding(t.store, other, foreign._id.toHexString(), { status: 'resolved' }, ADELE, new Date('2026-11-17T08:00Z')); // prettier-ignore
  stored = await t.store.findings.find({ tenantId }).toArray();
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(() => t.close());

async function asked(question: string) {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query' || parsed.query.type !== 'findings')
    throw new Error(`"${question}" was not read as findings: ${JSON.stringify(parsed)}`);
  return { q: parsed.query, a: await answerQuery(deps, parsed.query, question) };
}

/** Each stored finding's last step to one of `statuses` within [from, to), with who took every such step. */
function closedIn(statuses: FindingStatus[], from: Date, to: Date) {
  return stored.flatMap((f) => {
    const steps = f.history.filter((s) => statuses.includes(s.status) && s.at >= from && s.at < to);
    return steps.length ? [{ f, last: steps.at(-1)!, by: new Set(steps.map((s) => s.byName)) }] : [];
  });
}
const tenth = (n: number) => Math.round(n * 10) / 10;
const THIS_WEEK = [new Date('2026-11-16T00:00Z'), NOW] as const;
const LAST_WEEK = [new Date('2026-11-09T00:00Z'), new Date('2026-11-16T00:00Z')] as const;
const THIS_MONTH = [new Date('2026-11-01T00:00Z'), NOW] as const;
const ALL = [new Date(0), NOW] as const;

describe('time to close findings', () => {
  it.each([
    ["what's our mean time to resolve findings", ['resolved'], ALL, null],
    ['average time to close a high finding this month', CLOSED, THIS_MONTH, 'high'],
    ['how long does it take us to close findings? last week', CLOSED, LAST_WEEK, null],
    ['median resolution time for findings this week', ['resolved'], THIS_WEEK, null],
    ['on average, how long did it take to dismiss or close medium findings this month', CLOSED, THIS_MONTH, 'medium'],
  ] as Array<[string, FindingStatus[], readonly [Date, Date], FindingDoc['severity'] | null]>)(
    '"%s" is the median and mean time from detection to the step in the period',
    async (question, statuses, [from, to], severity) => {
      const { q, a } = await asked(question);
      expect(q).toMatchObject({ triage: 'time_to_close', statuses, changed: true });
      const closed = closedIn(statuses, from, to).filter(({ f }) => !severity || f.severity === severity);
      const hours = closed.map(({ f, last }) => (last.at.getTime() - f.detectedAt.getTime()) / HOUR).sort((x, y) => x - y); // prettier-ignore
      expect(hours.length).toBeGreaterThan(1);
      const mid = hours.length / 2;
      const median = hours.length % 2 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2;
      const mean = hours.reduce((s, h) => s + h, 0) / hours.length;
      expect(a.rows.map((r) => r.value)).toEqual([tenth(median), tenth(mean), hours.length]);
      expect(a.interpretation).toContain('Time from detection to triage (median and mean)');
      expect(a.interpretation).toContain('when triaged, not when found');
      expect(a.disclosure).toBe('figures');
    },
  );

  it('counts a finding reopened and closed again once, at its last closing in the period', async () => {
    const { a } = await asked('mean time to resolve findings this week');
    const closed = closedIn(['resolved'], ...THIS_WEEK);
    expect(closed.some(({ f }) => f.history.filter((s) => s.status === 'resolved').length === 2)).toBe(true);
    expect(a.rows.at(-1)!.value).toBe(closed.length);
  });

  it('says so when nothing was closed in the period', async () => {
    const { a } = await asked('average time to close findings yesterday');
    expect(closedIn(CLOSED, new Date('2026-11-19T00:00Z'), new Date('2026-11-20T00:00Z'))).toHaveLength(1);
    const { a: none } = await asked('average time to close low findings this week');
    expect(closedIn(CLOSED, ...THIS_WEEK).filter(({ f }) => f.severity === 'low')).toHaveLength(0);
    expect([none.rows, none.summary]).toEqual([[], 'No findings were closed in this period.']);
    expect(a.rows).toHaveLength(3);
  });
});

describe('who closed findings', () => {
  it.each([
    ['who resolved the most findings this month', ['resolved'], THIS_MONTH, undefined],
    ['how many findings did each analyst close last week', CLOSED, LAST_WEEK, undefined],
    ['which analyst closed the most alerts this week', CLOSED, THIS_WEEK, undefined],
    ['top 2 analysts by findings resolved this month', ['resolved'], THIS_MONTH, 2],
    ['who closed findings?', CLOSED, ALL, undefined],
  ] as Array<[string, FindingStatus[], readonly [Date, Date], number | undefined]>)(
    '"%s" ranks the analysts by the findings they triaged so in the period',
    async (question, statuses, [from, to], limit) => {
      const { q, a } = await asked(question);
      expect(q).toMatchObject({ triage: 'closed_by', statuses, by: [] } satisfies Partial<FindingsQuery>);
      const per = new Map<string, number>();
      // Each finding credited once, to whoever took its last step in the period (a reopened finding closed again).
      const closed = closedIn(statuses, from, to);
      for (const { last } of closed) per.set(last.byName!, (per.get(last.byName!) ?? 0) + 1);
      const expected = [...per]
        .map(([analyst, value]) => ({ analyst, value }))
        .sort((x, y) => y.value - x.value || x.analyst.localeCompare(y.analyst))
        .slice(0, limit ?? 10);
      expect(expected.length).toBeGreaterThan(1);
      expect(a.rows).toEqual(expected);
      if (limit === undefined) expect(a.rows.reduce((n, r) => n + Number(r.value), 0)).toBe(closed.length);
      // The analysts are named: not for a shared conversation's Viewer-level answers.
      expect(a.disclosure).toBe('people');
    },
  );

  it('leaves usage questions about fixing alone', async () => {
    const parsed = await understand(deps, 'who fixed the most bugs with Copilot this week');
    expect(parsed.type === 'query' && parsed.query.type === 'findings' && parsed.query.triage).toBeFalsy();
  });
});

describe('findings of apps side by side', () => {
  it.each([
    ['findings in Word vs Excel', ['word', 'excel'], null],
    ['compare findings in Teams and Outlook', ['teams', 'outlook'], null],
    ['how do Word and Teams compare on high findings?', ['word', 'teams'], 'high'],
  ] as const)('"%s" counts each app\'s findings, a row each', async (question, apps, only) => {
    const { q, a } = await asked(question);
    expect(q).toMatchObject({ show: 'count', by: ['app'], filters: { apps } });
    const counted = apps.map((app) => {
      const mine = stored.filter((f) => f.appKey === app && (!only || f.severity === only));
      return [app, mine.length] as const;
    });
    expect(counted.some(([, n]) => n > 0)).toBe(true);
    const names: Record<string, string> = { word: 'Word', excel: 'Excel', teams: 'Teams', outlook: 'Outlook' };
    const expected = [...counted]
      .sort((x, y) => y[1] - x[1] || names[x[0]]!.localeCompare(names[y[0]]!))
      .map(([app, n]) => [names[app], n]);
    expect(a.rows.map((r) => [String(r.app).replace(/^Copilot in /, ''), r.value])).toEqual(expected);
  });
});

describe('oversharing in the words analysts use', () => {
  it.each([
    'findings about files shared too widely in SharePoint',
    'any overshared files?',
    'sites shared with too many people',
  ])('"%s" lists the oversharing findings', async (question) => {
    const { q, a } = await asked(question);
    expect(q).toMatchObject({ show: 'list', categories: ['oversharing'] });
    const expected = stored.filter((f) => f.category === 'oversharing');
    expect(expected).toHaveLength(1);
    expect(a.rows.map((r) => r.at)).toEqual(expected.map((f) => f.interactionAt.toISOString()));
  });
});
