import { ObjectId } from 'mongodb';
import { AppError } from '../../../server/errors';
import {
  createSuppression,
  deleteSuppression,
  FINDING_SORTS,
  FINDING_STATUSES,
  getFinding,
  listFindings,
  listSuppressions,
  updateFinding,
  type FindingFilter,
  type FindingSort,
} from '../../../server/core/risk/findingQueries';
import { severityOrder } from '../../../server/core/risk/severityOrder';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import type { SortDirection } from '../../../server/core/insights/types';
import type { FindingDoc, FindingStatus } from '../../../server/store/documents';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The triage list and its workflow through the real store: which findings each filter keeps (never another tenant's),
 * every sort in both directions page after page, the user's name from the same tenant's directory, the moves the
 * workflow allows, a concurrent change refused, and suppressions kept per tenant under a stable id.
 */

const A = 'tenant-findings-a';
const B = 'tenant-findings-b';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 8);
const at = (hours: number) => new Date(T0 + hours * HOUR);

interface Spec {
  name: string;
  category: string;
  severity: FindingDoc['severity'];
  status: FindingStatus;
  userId: string;
  appKey: string;
  /** Hours after T0 of the interaction, of its detection and of its last status change. */
  hours: [number, number, number];
}

/** Six findings of tenant A, two of tenant B that would match every filter and sort first if the tenant were lost. */
const SPECS_A: Spec[] = [
  { name: 'f1', category: 'credential', severity: 'high', status: 'open', userId: 'u1', appKey: 'word', hours: [1, 9, 20] },
  { name: 'f2', category: 'financial', severity: 'medium', status: 'investigating', userId: 'u2', appKey: 'excel', hours: [2, 7, 15] },
  { name: 'f3', category: 'credential', severity: 'low', status: 'resolved', userId: 'u1', appKey: 'excel', hours: [3, 11, 18] },
  { name: 'f4', category: 'watchlist', severity: 'high', status: 'open', userId: 'u2', appKey: 'word', hours: [4, 8, 14] },
  { name: 'f5', category: 'personal_data', severity: 'medium', status: 'open', userId: 'u1', appKey: 'word', hours: [5, 12, 16] },
  { name: 'f6', category: 'credential', severity: 'medium', status: 'dismissed', userId: 'u3', appKey: 'teams', hours: [6, 10, 19] },
]; // prettier-ignore
const SPECS_B: Spec[] = [
  { name: 'b1', category: 'credential', severity: 'high', status: 'open', userId: 'u1', appKey: 'word', hours: [2.5, 30, 30] },
  { name: 'b2', category: 'financial', severity: 'medium', status: 'investigating', userId: 'u2', appKey: 'excel', hours: [7, 31, 31] },
]; // prettier-ignore

function findingDoc(tenantId: string, spec: Spec, overrides: Partial<FindingDoc> = {}): FindingDoc {
  const [interaction, detected, changed] = spec.hours.map(at) as [Date, Date, Date];
  return {
    _id: new ObjectId(),
    tenantId,
    rule: `${spec.category}/rule`,
    category: spec.category,
    severity: spec.severity,
    severityOrder: severityOrder(spec.severity, interaction),
    confidence: 'high',
    title: spec.name,
    userId: spec.userId,
    appKey: spec.appKey,
    appClass: `IPM.SkypeTeams.Message.Copilot.${spec.appKey}`,
    sessionId: `session-${spec.name}`,
    interactionId: `interaction-${spec.name}`,
    source: 'prompt',
    interactionAt: interaction,
    detectedAt: detected,
    lastDetectedAt: detected,
    evidence: [{ type: 'Password', path: 'body', start: 0, end: 7, masked: 'Pa•••••', hash: `hash-${spec.name}` }],
    hashes: [`hash-${spec.name}`],
    status: spec.status,
    statusChangedAt: changed,
    statusChangedBy: null,
    note: null,
    history: [],
    ...overrides,
  } as FindingDoc;
}

const expectAppError = async (promise: Promise<unknown>, code: string, status: number, message?: string) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code, status, ...(message === undefined ? {} : { message }) });
};

describe('the findings list', () => {
  let t: TestStore;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await openTestStore('findingQueries');
    // Written newest first, so `_id` order (the tie-break) is not the interaction's order.
    const docs = [...[...SPECS_A].reverse().map((s) => findingDoc(A, s)), ...SPECS_B.map((s) => findingDoc(B, s))];
    for (const doc of docs) ids.set(doc.title, doc._id.toHexString());
    await t.store.findings.insertMany(docs);
    const person = (tenantId: string, userId: string, displayName: string) => ({
      tenantId,
      userId,
      displayName,
      userPrincipalName: `${displayName.split(' ')[0]!.toLowerCase()}@${tenantId}.example`,
    });
    await t.store.directoryUsers.insertMany([
      person(A, 'u1', 'Alex Wilber'),
      person(A, 'u2', 'Megan Bowen'),
      // u3 is known only in the other tenant: tenant A's finding of u3 has no name.
      person(B, 'u3', 'Someone Elsewhere'),
      person(B, 'u1', 'Other Alex'),
    ] as never[]);
  });
  afterAll(async () => t.close());

  /** Every page of a listing (two rows a page), as finding names, checking the total on each page. */
  async function names(query: FindingFilter & { sort?: FindingSort; direction?: SortDirection } = {}, total?: number) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listFindings(t.store, A, { ...query, limit: 2, cursor });
      seen.push(...page.items.map((f) => f.title));
      if (total !== undefined) expect(page.total).toBe(total);
      if (!page.nextCursor) return seen;
      expect(page.items).toHaveLength(2);
      cursor = page.nextCursor;
    }
    throw new Error('more than ten pages');
  }

  it('keeps only the tenant’s findings, newest interaction first, page after page', async () => {
    expect(await names({}, 6)).toEqual(['f6', 'f5', 'f4', 'f3', 'f2', 'f1']);
    const all = await listFindings(t.store, A, { limit: 10 });
    expect(all.nextCursor).toBeNull();
    expect(all.total).toBe(6);
  });

  it('filters by category, severity, status, user, app and the interaction’s time (from inclusive, to exclusive)', async () => {
    expect(await names({ category: 'credential' }, 3)).toEqual(['f6', 'f3', 'f1']);
    expect(await names({ severity: 'medium' }, 3)).toEqual(['f6', 'f5', 'f2']);
    expect(await names({ status: 'open' }, 3)).toEqual(['f5', 'f4', 'f1']);
    expect(await names({ status: 'investigating' }, 1)).toEqual(['f2']);
    expect(await names({ userId: 'u1' }, 3)).toEqual(['f5', 'f3', 'f1']);
    expect(await names({ appKey: 'excel' }, 2)).toEqual(['f3', 'f2']);
    expect(await names({ range: { from: at(2), to: at(4) } }, 2)).toEqual(['f3', 'f2']);
    expect(await names({ category: 'credential', severity: 'medium', status: 'dismissed', userId: 'u3', appKey: 'teams' }, 1)).toEqual(['f6']); // prettier-ignore
    expect(await names({ category: 'credential', appKey: 'word', range: { from: at(0), to: at(3) } }, 1)).toEqual(['f1']); // prettier-ignore
    expect(await names({ status: 'false_positive' }, 0)).toEqual([]);
  });

  it('sorts by each field in either direction, severity as high, medium, low and newest first within each', async () => {
    const orders: Array<[FindingSort, string[]]> = [
      ['interactionAt', ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']],
      ['detectedAt', ['f2', 'f4', 'f1', 'f6', 'f3', 'f5']],
      ['statusChangedAt', ['f4', 'f2', 'f5', 'f3', 'f6', 'f1']],
      ['severity', ['f3', 'f2', 'f5', 'f6', 'f1', 'f4']],
    ];
    // The API accepts exactly these sorts.
    expect(orders.map(([sort]) => sort)).toEqual(FINDING_SORTS);
    for (const [sort, ascending] of orders) {
      expect([sort, await names({ sort, direction: 'asc' }, 6)]).toEqual([sort, ascending]);
      expect([sort, await names({ sort, direction: 'desc' }, 6)]).toEqual([sort, [...ascending].reverse()]);
      expect([sort, await names({ sort }, 6)]).toEqual([sort, [...ascending].reverse()]);
    }
  });

  it('shows each finding with its conversation and the name the same tenant’s directory gives, nothing internal', async () => {
    const page = await listFindings(t.store, A, { limit: 10, userId: 'u1', category: 'credential', severity: 'high' });
    const doc = (await t.store.findings.findOne({ _id: new ObjectId(ids.get('f1')) }))!;
    const { _id, tenantId: _t, hashes: _h, severityOrder: _s, ...rest } = doc;
    const expected = {
      ...rest,
      id: ids.get('f1'),
      conversationId: aggregateIds.conversation(A, 'u1', 'session-f1').toHexString(),
      displayName: 'Alex Wilber',
      userPrincipalName: 'alex@tenant-findings-a.example',
    };
    expect(page.items).toEqual([expected]);
    expect(await getFinding(t.store, A, ids.get('f1')!)).toEqual(expected);
    // u3 has a directory record in tenant B only.
    expect(await getFinding(t.store, A, ids.get('f6')!)).toMatchObject({ displayName: null, userPrincipalName: null });
    const u3 = await listFindings(t.store, A, { limit: 10, userId: 'u3' });
    expect(u3.items.map((f) => [f.title, f.displayName, f.userPrincipalName])).toEqual([['f6', null, null]]);
  });

  it('answers 404 for another tenant’s finding and for an id that is not 24 lower-case hex digits', async () => {
    await expectAppError(getFinding(t.store, A, ids.get('b1')!), 'not_found', 404, 'Finding was not found.');
    const f1 = ids.get('f1')!;
    for (const id of [`${f1}0`, `x${f1}`, f1.slice(1), f1.toUpperCase(), 'not-an-id', ''])
      await expectAppError(getFinding(t.store, A, id), 'not_found', 404);
    await expectAppError(updateFinding(t.store, A, ids.get('b1')!, { status: 'resolved' }, who, at(40)), 'not_found', 404); // prettier-ignore
    expect(await t.store.findings.findOne({ title: 'b1' })).toMatchObject({ status: 'open', history: [] });
  });
});

const who = { userId: 'admin-1', name: 'Adele Vance' };

describe('triage of a finding', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('findingTriage');
    await t.store.directoryUsers.insertOne({ tenantId: A, userId: 'u1', displayName: 'Alex Wilber', userPrincipalName: 'alex@a.example' } as never); // prettier-ignore
  });
  afterAll(async () => t.close());

  const spec = (status: FindingStatus): Spec => ({
    name: `triage-${status}`,
    category: 'credential',
    severity: 'high',
    status,
    userId: 'u1',
    appKey: 'word',
    hours: [1, 2, 2],
  });
  async function seed(status: FindingStatus, overrides: Partial<FindingDoc> = {}): Promise<string> {
    const doc = findingDoc(A, spec(status), overrides);
    await t.store.findings.insertOne(doc);
    return doc._id.toHexString();
  }
  const stored = async (id: string) => (await t.store.findings.findOne({ _id: new ObjectId(id) }))!;

  it('records the move, who made it, when and the note, in the finding and in its history', async () => {
    const id = await seed('open');
    const moved = await updateFinding(
      t.store,
      A,
      id,
      { status: 'investigating', note: 'Asked the owner' },
      who,
      at(30),
    );
    const entry = {
      status: 'investigating',
      by: 'admin-1',
      byName: 'Adele Vance',
      at: at(30),
      note: 'Asked the owner',
    };
    expect(moved).toMatchObject({
      id,
      status: 'investigating',
      note: 'Asked the owner',
      statusChangedAt: at(30),
      statusChangedBy: 'admin-1',
      history: [entry],
      displayName: 'Alex Wilber',
      userPrincipalName: 'alex@a.example',
    });
    expect(moved).not.toHaveProperty('tenantId');
    expect(await stored(id)).toMatchObject({ status: 'investigating', note: 'Asked the owner', history: [entry] });

    // A move without a note keeps the finding's note; its history entry has none.
    const resolved = await updateFinding(
      t.store,
      A,
      id,
      { status: 'resolved' },
      { userId: 'admin-2', name: null },
      at(31),
    );
    const second = { status: 'resolved', by: 'admin-2', byName: null, at: at(31), note: null };
    expect(resolved).toMatchObject({ status: 'resolved', note: 'Asked the owner', statusChangedBy: 'admin-2', history: [entry, second] }); // prettier-ignore
    // A note alone keeps the status; null clears the note.
    const noted = await updateFinding(t.store, A, id, { note: 'Rotated' }, who, at(32));
    expect(noted).toMatchObject({ status: 'resolved', note: 'Rotated', statusChangedAt: at(32) });
    expect(noted.history[2]).toEqual({ status: 'resolved', by: 'admin-1', byName: 'Adele Vance', at: at(32), note: 'Rotated' }); // prettier-ignore
    const cleared = await updateFinding(t.store, A, id, { note: null }, who, at(33));
    expect(cleared).toMatchObject({ status: 'resolved', note: null });
    expect(await stored(id)).toMatchObject({ status: 'resolved', note: null, statusChangedAt: at(33) });
    expect((await stored(id)).history).toHaveLength(4);
  });

  it('allows exactly the workflow’s moves: open ↔ investigating → closed, a closed finding only reopened', async () => {
    const statuses: FindingStatus[] = ['open', 'investigating', 'resolved', 'dismissed', 'false_positive'];
    // The API accepts exactly these statuses.
    expect(FINDING_STATUSES).toEqual(statuses);
    const allowed: Record<FindingStatus, FindingStatus[]> = {
      open: ['open', 'investigating', 'resolved', 'dismissed', 'false_positive'],
      investigating: ['open', 'investigating', 'resolved', 'dismissed', 'false_positive'],
      resolved: ['open', 'resolved'],
      dismissed: ['open', 'dismissed'],
      false_positive: ['open', 'false_positive'],
    };
    const outcome: Record<string, string[]> = {};
    for (const from of statuses) {
      outcome[from] = [];
      for (const to of statuses) {
        const id = await seed(from);
        const done = await updateFinding(t.store, A, id, { status: to }, who, at(40)).then(
          (f) => f.status,
          (e: AppError) => `${e.status} ${e.code}`,
        );
        if (done === to) outcome[from].push(to);
        else {
          expect([from, to, done]).toEqual([from, to, '409 invalid_transition']);
          expect((await stored(id)).status).toBe(from);
        }
      }
    }
    expect(outcome).toEqual(allowed);
  });

  it('says which move it refused, in words', async () => {
    const refused: Array<[FindingStatus, FindingStatus, string]> = [
      ['false_positive', 'dismissed', 'A false positive finding cannot become dismissed.'],
      ['resolved', 'false_positive', 'A resolved finding cannot become false positive.'],
    ];
    for (const [from, to, message] of refused)
      await expectAppError(updateFinding(t.store, A, await seed(from), { status: to }, who, at(41)), 'invalid_transition', 409, message); // prettier-ignore
  });

  it('refuses a move when the finding changed since it was read, leaving the other admin’s change', async () => {
    const id = await seed('open');
    // The other admin's move lands between this update's read and its write.
    const racing = {
      ...t.store,
      findings: new Proxy(t.store.findings, {
        get(target, prop, receiver) {
          if (prop !== 'findOne') return Reflect.get(target, prop, receiver) as unknown;
          return async (...args: Parameters<typeof target.findOne>) => {
            const doc = await target.findOne(...args);
            await target.updateOne({ _id: new ObjectId(id) }, { $set: { status: 'dismissed', note: 'theirs' } });
            return doc;
          };
        },
      }),
    };
    await expectAppError(updateFinding(racing, A, id, { status: 'investigating', note: 'mine' }, who, at(42)), 'conflict', 409, 'The finding changed meanwhile; reload it and try again.'); // prettier-ignore
    expect(await stored(id)).toMatchObject({ status: 'dismissed', note: 'theirs', history: [] });
  });
});

describe('suppressions', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('findingSuppressions');
  });
  afterAll(async () => t.close());

  const input = { rule: 'credential/password', userId: 'u1', resource: null, note: 'Test account' };

  it('keeps one suppression per rule, user and resource under an id stable across releases', async () => {
    const first = await createSuppression(t.store, A, input, 'admin-1', at(1));
    expect(first).toEqual({ id: 'e83767b751722103def92b1d', ...input, createdBy: 'admin-1', createdAt: at(1) });
    // The same again keeps the first one as it was.
    const again = await createSuppression(t.store, A, { ...input, note: 'again' }, 'admin-2', at(2));
    expect(again).toEqual(first);
    const anyUser = await createSuppression(t.store, A, { ...input, userId: null }, 'admin-1', at(3));
    const site = await createSuppression(t.store, A, { ...input, userId: null, resource: 'https://contoso.sharepoint.com/sites/HR' }, 'admin-1', at(4)); // prettier-ignore
    const otherRule = await createSuppression(t.store, A, { ...input, rule: '*' }, 'admin-1', at(5));
    const otherTenant = await createSuppression(t.store, B, input, 'admin-9', at(6));
    expect([anyUser.id, site.id, otherRule.id, otherTenant.id]).toEqual([
      '36c70b0c854f4038181ccbff',
      '2b3cc2bbd023b775c58ff1cf',
      'e5f3d16141894c3438bf753f',
      'efe949936ecca745f64965d6',
    ]);
    expect((await listSuppressions(t.store, A)).map((s) => s.id)).toEqual([
      otherRule.id,
      site.id,
      anyUser.id,
      first.id,
    ]);
    expect(await listSuppressions(t.store, B)).toEqual([
      { id: otherTenant.id, ...input, createdBy: 'admin-9', createdAt: at(6) },
    ]);
  });

  it('deletes only the tenant’s own suppression, once, and refuses an id that is not 24 lower-case hex digits', async () => {
    const mine = await createSuppression(t.store, A, { ...input, rule: 'financial/card' }, 'admin-1', at(7));
    const theirs = await createSuppression(t.store, B, { ...input, rule: 'financial/card' }, 'admin-9', at(8));
    expect(await deleteSuppression(t.store, A, theirs.id)).toBe(false);
    expect((await listSuppressions(t.store, B)).map((s) => s.id)).toContain(theirs.id);
    for (const id of [`${mine.id}0`, `x${mine.id}`, mine.id.toUpperCase(), 'nope'])
      expect([id, await deleteSuppression(t.store, A, id)]).toEqual([id, false]);
    expect(await deleteSuppression(t.store, A, mine.id)).toBe(true);
    expect(await deleteSuppression(t.store, A, mine.id)).toBe(false);
    expect((await listSuppressions(t.store, A)).map((s) => s.id)).not.toContain(mine.id);
  });
});
