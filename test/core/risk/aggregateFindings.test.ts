import { ObjectId } from 'mongodb';
import {
  maskResourceUrl,
  writeAggregateFindings,
  type AggregateFinding,
} from '../../../server/core/risk/aggregateFindings';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The findings about many interactions as the store keeps them: keyed by what they are about (and by the user only
 * when the user is part of it) under ids stable across releases, the latest interaction's session, app and time, the
 * severity sort key, one hash per distinct value; written again, only the last detection moves (never back), triage
 * kept. And a cited URL's shape with its names masked.
 */

const TENANT = 'tenant-agg';
const HOUR = 3_600_000;
const AT = new Date('2026-11-19T12:00:00Z');
const later = (hours: number) => new Date(AT.getTime() + hours * HOUR);

const evidence = (hash: string) => ({ type: 'Site', path: 'dataSources', start: 0, end: 0, masked: 'x', hash });
const site = (userId: string, overrides: Partial<AggregateFinding> = {}): AggregateFinding => ({
  tenantId: TENANT,
  rule: 'oversharing-site-users',
  category: 'oversharing',
  severity: 'medium',
  confidence: 'medium',
  title: 'A site reached by 3 users through Copilot',
  userId,
  perUser: false,
  anchor: 'site:abc',
  latest: {
    graphId: 'g1',
    sessionId: 'session-1',
    appKey: 'word',
    appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
    createdAt: later(-2),
    interactionType: 'userPrompt',
  },
  at: AT,
  evidence: [evidence('h1'), evidence('h2'), evidence('h1')],
  ...overrides,
});
const day = (userId: string): AggregateFinding => ({
  ...site(userId),
  rule: 'volume-spike',
  category: 'account',
  severity: 'high',
  perUser: true,
  anchor: 'day:2026-11-19',
  latest: null,
  evidence: [],
});

describe('findings about many interactions', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('aggregateFindings');
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.store.findings.deleteMany({});
  });

  it('are stored with the latest interaction’s session, app and time, open, one hash per distinct value', async () => {
    expect(await writeAggregateFindings(t.store, [site('ada')], later(1))).toBe(1);
    expect(await t.store.findings.find({}).toArray()).toEqual([
      {
        _id: new ObjectId('89f6a1f387732ec018f77727'),
        tenantId: TENANT,
        rule: 'oversharing-site-users',
        category: 'oversharing',
        severity: 'medium',
        severityOrder: 2e13 + later(-2).getTime(),
        confidence: 'medium',
        title: 'A site reached by 3 users through Copilot',
        userId: 'ada',
        appKey: 'word',
        appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
        sessionId: 'session-1',
        interactionId: 'site:abc',
        source: 'prompt',
        interactionAt: later(-2),
        detectedAt: later(1),
        lastDetectedAt: later(1),
        evidence: [evidence('h1'), evidence('h2'), evidence('h1')],
        hashes: ['h1', 'h2'],
        status: 'open',
        statusChangedAt: later(1),
        statusChangedBy: null,
        note: null,
        history: [],
      },
    ]);
  });

  it('without an interaction, take the finding’s own time and no session or app; a response is the source otherwise', async () => {
    await writeAggregateFindings(t.store, [day('ada')], later(1));
    expect(await t.store.findings.findOne({})).toMatchObject({
      _id: new ObjectId('7dcc026fa3e8f99233b593d5'),
      severityOrder: 3e13 + AT.getTime(),
      appKey: '',
      appClass: '',
      sessionId: '',
      interactionAt: AT,
      source: 'response',
      hashes: [],
    });
    const response = site('ada', { latest: { ...site('ada').latest!, interactionType: 'aiResponse' } });
    await writeAggregateFindings(t.store, [response], later(1));
    expect(await t.store.findings.findOne({ rule: 'oversharing-site-users' })).toMatchObject({ source: 'response' });
  });

  it('are one per site whoever reached it last, and one per user and day', async () => {
    expect(await writeAggregateFindings(t.store, [site('ada'), site('bo'), day('ada'), day('bo')], later(1))).toBe(4);
    const docs = await t.store.findings.find({}).sort({ rule: 1, userId: 1 }).toArray();
    expect(docs.map((d) => [d.rule, d.userId])).toEqual([
      ['oversharing-site-users', 'ada'],
      ['volume-spike', 'ada'],
      ['volume-spike', 'bo'],
    ]);
  });

  it('written again, keep their detection and triage and move only the last detection, never back', async () => {
    await writeAggregateFindings(t.store, [site('ada')], later(1));
    await t.store.findings.updateOne({}, { $set: { status: 'dismissed', note: 'known' } });
    await writeAggregateFindings(t.store, [site('bo', { title: 'changed', severity: 'high' })], later(5));
    await writeAggregateFindings(t.store, [site('cy')], later(3));
    expect(await t.store.findings.find({}).toArray()).toEqual([
      expect.objectContaining({
        userId: 'ada',
        title: 'A site reached by 3 users through Copilot',
        severity: 'medium',
        status: 'dismissed',
        note: 'known',
        detectedAt: later(1),
        lastDetectedAt: later(5),
      }),
    ]);
  });

  it('write nothing when there is nothing', async () => {
    expect(await writeAggregateFindings(t.store, [], later(1))).toBe(0);
    expect(await t.store.findings.countDocuments({})).toBe(0);
  });
});

describe('a cited URL’s shape', () => {
  it('keeps the host, the library words and the file’s extension, and masks every name (a folder’s dot too)', () => {
    expect(
      [
        'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Q3%20Plan.docx',
        'https://contoso.sharepoint.com/teams/Legal/Shared Documents/Deal/terms.PDF?web=1',
        'https://contoso-my.sharepoint.com/personal/ada_contoso_com/Documents/notes',
        'https://contoso.sharepoint.com/sites/HR/archive.tar.gz',
        'https://contoso.sharepoint.com/sites/HR/file.toolongext',
        'https://contoso.sharepoint.com/sites/Project.Merger/Shared%20Documents/v2.1/plan.docx',
        'https://contoso.sharepoint.com/',
        'not a url',
        null,
      ].map(maskResourceUrl),
    ).toEqual([
      'contoso.sharepoint.com/sites/•••/Shared Documents/•••.docx',
      'contoso.sharepoint.com/teams/•••/Shared Documents/•••/•••.PDF',
      'contoso-my.sharepoint.com/personal/•••/Documents/•••',
      'contoso.sharepoint.com/sites/•••/•••.gz',
      'contoso.sharepoint.com/sites/•••/•••',
      'contoso.sharepoint.com/sites/•••/Shared Documents/•••/•••.docx',
      'contoso.sharepoint.com',
      '•••',
      '•••',
    ]);
  });
});
