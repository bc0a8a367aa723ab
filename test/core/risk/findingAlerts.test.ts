import { ObjectId } from 'mongodb';
import { alertableFindings, isAlerted, severitiesFrom, type AlertRule } from '../../../server/core/risk/findingAlerts';
import type { FindingDoc, FindingStatus } from '../../../server/store/documents';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Which new findings a channel alert picks, read from the real store: the tenant's own, first detected since the last
 * sweep (that instant included), at or above the severity threshold, still open or being looked at, about an
 * interaction at most the maximum age older than its detection (that age included), oldest detection first.
 */

const TENANT = 'tenant-alerts';
const HOUR = 3_600_000;
const SINCE = new Date(Date.UTC(2026, 10, 20, 12));
const after = (ms: number) => new Date(SINCE.getTime() + ms);
const RULE: AlertRule = { minSeverity: 'medium', maxAgeMs: 2 * HOUR };

let serial = 0;
function finding(
  title: string,
  fields: {
    severity?: FindingDoc['severity'];
    status?: FindingStatus;
    detected: number;
    age?: number;
    tenantId?: string;
  },
): FindingDoc {
  const detectedAt = after(fields.detected);
  serial += 1;
  return {
    // Ascending ids in the order written, so a tie on detection time has a known order.
    _id: new ObjectId(serial.toString(16).padStart(24, '0')),
    tenantId: fields.tenantId ?? TENANT,
    rule: 'credential/password',
    category: 'credential',
    severity: fields.severity ?? 'high',
    confidence: 'high',
    title,
    userId: 'u1',
    appKey: 'word',
    appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
    sessionId: 's1',
    interactionId: title,
    source: 'prompt',
    interactionAt: new Date(detectedAt.getTime() - (fields.age ?? HOUR)),
    detectedAt,
    lastDetectedAt: detectedAt,
    evidence: [],
    hashes: [],
    status: fields.status ?? 'open',
    statusChangedAt: detectedAt,
    statusChangedBy: null,
    note: null,
    history: [],
  };
}

describe('the findings a channel alert picks', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('findingAlerts');
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.store.findings.deleteMany({});
  });

  const titles = async (rule = RULE, limit?: number) =>
    (await alertableFindings(t.store, TENANT, SINCE, rule, limit)).map((f) => f.title);

  it('picks the tenant’s findings detected since the sweep, severe enough, open or investigating, recent, oldest first', async () => {
    await t.store.findings.insertMany([
      finding('later-high', { detected: 3 * HOUR }),
      finding('at-since', { detected: 0 }),
      finding('just-before', { detected: -1 }),
      finding('medium-investigating', { severity: 'medium', status: 'investigating', detected: HOUR }),
      finding('low', { severity: 'low', detected: HOUR }),
      finding('resolved', { status: 'resolved', detected: HOUR }),
      finding('dismissed', { status: 'dismissed', detected: HOUR }),
      finding('false-positive', { status: 'false_positive', detected: HOUR }),
      finding('other-tenant', { tenantId: 'tenant-other', detected: HOUR }),
      // Detected at the sweep's start about an interaction exactly the maximum age older: alerted.
      finding('oldest-allowed', { detected: 0, age: 2 * HOUR }),
      finding('too-old', { detected: 2 * HOUR, age: 2 * HOUR + 1 }),
      finding('old-but-detected-late', { detected: 5 * HOUR, age: 2 * HOUR }),
    ]);
    expect(await titles()).toEqual(['at-since', 'oldest-allowed', 'medium-investigating', 'later-high', 'old-but-detected-late']); // prettier-ignore
    expect(await titles({ minSeverity: 'high', maxAgeMs: 2 * HOUR })).toEqual(['at-since', 'oldest-allowed', 'later-high', 'old-but-detected-late']); // prettier-ignore
    expect(await titles({ minSeverity: 'low', maxAgeMs: 2 * HOUR })).toEqual(['at-since', 'oldest-allowed', 'medium-investigating', 'low', 'later-high', 'old-but-detected-late']); // prettier-ignore
    expect(await titles(RULE, 2)).toEqual(['at-since', 'oldest-allowed']);
  });

  it('takes at most 500 at a time by default', async () => {
    await t.store.findings.insertMany(
      Array.from({ length: 501 }, (_, i) => finding(`f${String(i).padStart(3, '0')}`, { detected: i * 1000 })),
    );
    const picked = await titles();
    expect(picked).toHaveLength(500);
    expect([picked[0], picked[499]]).toEqual(['f000', 'f499']);
  });
});

describe('the alert rule', () => {
  const at = SINCE;
  const f = { severity: 'medium' as const, status: 'investigating' as const, interactionAt: at, detectedAt: at };

  it('takes the severities at or above its threshold', () => {
    expect(severitiesFrom('high')).toEqual(['high']);
    expect(severitiesFrom('medium')).toEqual(['high', 'medium']);
    expect(severitiesFrom('low')).toEqual(['high', 'medium', 'low']);
  });

  it('alerts an open or investigated finding up to exactly the maximum age after its interaction, not a millisecond more', () => {
    expect(isAlerted({ ...f, detectedAt: after(HOUR) }, { minSeverity: 'medium', maxAgeMs: HOUR })).toBe(true);
    expect(isAlerted({ ...f, detectedAt: after(HOUR + 1) }, { minSeverity: 'medium', maxAgeMs: HOUR })).toBe(false);
    expect(isAlerted({ ...f, severity: 'low' }, { minSeverity: 'low', maxAgeMs: HOUR })).toBe(true);
    expect(isAlerted({ ...f, severity: 'low' }, { minSeverity: 'medium', maxAgeMs: HOUR })).toBe(false);
    for (const status of ['resolved', 'dismissed', 'false_positive'] as const)
      expect([status, isAlerted({ ...f, status }, { minSeverity: 'low', maxAgeMs: HOUR })]).toEqual([status, false]);
    expect(isAlerted({ ...f, status: 'open' }, { minSeverity: 'high', maxAgeMs: HOUR })).toBe(false);
    expect(isAlerted({ ...f, status: 'open', severity: 'high' }, { minSeverity: 'high', maxAgeMs: HOUR })).toBe(true);
  });
});
