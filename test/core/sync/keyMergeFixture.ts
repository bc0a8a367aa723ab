import type { Collection, Document } from 'mongodb';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { naturalId } from '../../../server/store/naturalId';
import type { Store } from '../../../server/store/Store';

/**
 * A small store as the normalisation before RFC 3986 left it, written by hand, and what the merge of its data-source
 * keys must leave, figure by figure, written by hand too (dataSourceKeyMerge and dataSourceKeyCrash tests).
 */

export const T = 'c0ffee00-0000-4000-8000-00000000000a';
const OTHER = 'c0ffee00-0000-4000-8000-00000000000b';
const url = (path: string) => `url:https://contoso.com/${path}`;
// Three groups of spellings, each of one file.
const A = url('Pr%c3%a9vision.docx');
const B = url('Pr%c3%a9vision%2edocx');
const K = url('Pr%C3%A9vision.docx'); // their current key, already stored for one user
const P_OLD = url('Plan%2edocx');
const P = url('Plan.docx');
const Q_LATE = url('%51uote.docx');
const Q_EARLY = url('Quot%65.docx');
const Q = url('Quote.docx');
/** A current key, and one the store's filter picks but that is not a URL any more: both left as they are. */
const X = url('Other.docx');
const ODD = 'url:https://[contoso%2e';

const at = (iso: string) => new Date(`2026-11-${iso}:00.000Z`);
const col = (store: Store, name: Name) => store[name] as unknown as Collection<Document>;
const ids = { i: (n: number) => naturalId('interaction', n), c: (n: number) => naturalId('conversation', n) };

function source(tenantId: string, key: string, kind: string, name: string, firstAt: Date) {
  const link = key.slice(4);
  return {
    _id: aggregateIds.dataSource(tenantId, key),
    ...{ tenantId, key, kind, name, url: link, host: 'contoso.com', firstAt, lastAt: firstAt },
    ...{ referenceCount: 9, userCount: 9, appKeys: ['stale'] },
  };
}
function usage(tenantId: string, key: string, userId: string, referenceCount: number, appKeys: string[], span: Date[]) {
  const [firstAt, lastAt = firstAt] = span;
  return { _id: aggregateIds.dataSourceUsage(tenantId, key, userId), tenantId, key, userId, referenceCount, appKeys, firstAt, lastAt }; // prettier-ignore
}
function interaction(tenantId: string, n: number, userId: string, appKey: string, createdAt: Date, keys: string[]) {
  return { _id: ids.i(n), tenantId, userId, appKey, createdAt, dataSourceKeys: keys };
}
function conversation(tenantId: string, n: number, userId: string, keys: string[]) {
  return { _id: ids.c(n), tenantId, userId, sessionId: `s${n}`, dataSourceKeys: keys };
}
function daily(tenantId: string, day: string, appKey: string, dataSourceAccessCount: number) {
  return { _id: aggregateIds.daily(tenantId, day, appKey), tenantId, day, appKey, dataSourceAccessCount };
}

type Name = 'dataSources' | 'dataSourceUsage' | 'interactions' | 'conversations' | 'dailyActivity';

/** The store as the earlier normalisation left it (the figures each record would have had then). */
const seed: Record<Name, Document[]> = {
  dataSources: [
    source(T, A, 'other', 'Pr%c3%a9vision.docx', at('02T10:00')),
    source(T, B, 'other', 'vision%2edocx', at('02T10:00')),
    source(T, K, 'file', 'Prévision.docx', at('05T08:00')),
    source(T, P_OLD, 'file', 'Plan.docx', at('04T09:00')),
    // Neither spelling is current: the new source is named after the one seen first, wherever it is stored.
    source(T, Q_LATE, 'other', 'Quote (seen later)', at('06T09:00')),
    source(T, Q_EARLY, 'file', 'Quote.docx', at('06T08:00')),
    source(T, X, 'file', 'Other.docx', at('03T09:00')),
    source(T, ODD, 'other', 'odd', at('07T08:00')),
    source(OTHER, A, 'other', 'Pr%c3%a9vision.docx', at('02T10:00')),
  ],
  dataSourceUsage: [
    usage(T, A, 'u1', 3, ['word', 'teams'], [at('02T10:00'), at('03T09:00')]), // i1, i2, i10
    usage(T, B, 'u1', 2, ['word'], [at('02T10:00'), at('02T12:00')]), // i1, i10
    usage(T, B, 'u2', 2, ['word'], [at('02T11:00'), at('05T08:00')]), // i3, i4
    usage(T, K, 'u2', 2, ['word'], [at('05T08:00'), at('05T09:00')]), // i4, i11
    usage(T, P_OLD, 'u1', 1, ['word'], [at('04T09:00')]), // i5
    usage(T, Q_LATE, 'u2', 1, ['word'], [at('06T08:00')]), // i6
    usage(T, Q_EARLY, 'u2', 1, ['word'], [at('06T08:00')]), // i6
    usage(T, X, 'u1', 1, ['teams'], [at('03T09:00')]), // i2
    usage(T, ODD, 'u3', 1, ['word'], [at('07T08:00')]), // i7
    usage(OTHER, A, 'u1', 1, ['word'], [at('02T10:00')]),
  ],
  interactions: [
    interaction(T, 1, 'u1', 'word', at('02T10:00'), [A, B]), // two spellings of one file at once
    interaction(T, 2, 'u1', 'teams', at('03T09:00'), [A, X]),
    interaction(T, 3, 'u2', 'word', at('02T11:00'), [B]),
    interaction(T, 4, 'u2', 'word', at('05T08:00'), [K, B]), // the current spelling beside an old one
    interaction(T, 5, 'u1', 'word', at('04T09:00'), [P_OLD]),
    interaction(T, 6, 'u2', 'word', at('06T08:00'), [Q_LATE, Q_EARLY]),
    interaction(T, 7, 'u3', 'word', at('07T08:00'), [ODD]),
    interaction(T, 10, 'u1', 'word', at('02T12:00'), [B, A]), // both spellings again, the same day and app as i1
    interaction(T, 11, 'u2', 'word', at('05T09:00'), [K]), // the current spelling alone: nothing to rewrite
    interaction(OTHER, 8, 'u1', 'word', at('02T10:00'), [A]),
  ],
  conversations: [
    conversation(T, 1, 'u1', [B, X, A]),
    conversation(T, 2, 'u2', [K, B]),
    conversation(T, 3, 'u1', [P_OLD]),
    conversation(T, 4, 'u2', [Q_LATE, Q_EARLY]),
    conversation(T, 5, 'u3', [ODD]),
    conversation(T, 6, 'u1', [X]),
    conversation(OTHER, 7, 'u1', [A]),
  ],
  dailyActivity: [
    daily(T, '2026-11-02', 'word', 5), // i1's two references, i3's one, i10's two
    daily(T, '2026-11-03', 'teams', 2),
    daily(T, '2026-11-04', 'word', 1),
    daily(T, '2026-11-05', 'word', 3),
    daily(T, '2026-11-06', 'word', 2),
    daily(T, '2026-11-07', 'word', 1),
    daily(OTHER, '2026-11-02', 'word', 1),
  ],
};
const NAMES = Object.keys(seed) as Name[];

const merged = (key: string, kind: string, name: string, figures: object) => ({
  _id: aggregateIds.dataSource(T, key),
  ...{ tenantId: T, key, kind, name, url: key.slice(4), host: 'contoso.com' },
  ...figures,
});
const otherTenant = (name: Name) => seed[name].filter((d) => d.tenantId === OTHER);
const unchanged = (name: Name, keys: string[]) =>
  seed[name].filter((d) => d.tenantId === T && keys.includes(d.key as string));

/** What a sync from scratch would have stored, by hand. */
const expected = {
  dataSources: [
    merged(K, 'file', 'Prévision.docx', {
      ...{ referenceCount: 6, userCount: 2, appKeys: ['teams', 'word'] },
      ...{ firstAt: at('02T10:00'), lastAt: at('05T09:00') },
    }),
    merged(P, 'file', 'Plan.docx', {
      ...{ referenceCount: 1, userCount: 1, appKeys: ['word'], firstAt: at('04T09:00'), lastAt: at('04T09:00') },
    }),
    merged(Q, 'file', 'Quote.docx', {
      ...{ referenceCount: 1, userCount: 1, appKeys: ['word'], firstAt: at('06T08:00'), lastAt: at('06T08:00') },
    }),
    ...unchanged('dataSources', [X, ODD]),
    ...otherTenant('dataSources'),
  ],
  dataSourceUsage: [
    // u1 cited the file in i1 (both spellings: once) and i2; u2 in i3 and i4 (the current and an old spelling: once).
    usage(T, K, 'u1', 3, ['teams', 'word'], [at('02T10:00'), at('03T09:00')]),
    usage(T, K, 'u2', 3, ['word'], [at('02T11:00'), at('05T09:00')]),
    usage(T, P, 'u1', 1, ['word'], [at('04T09:00')]),
    usage(T, Q, 'u2', 1, ['word'], [at('06T08:00')]),
    ...unchanged('dataSourceUsage', [X, ODD]),
    ...otherTenant('dataSourceUsage'),
  ],
  interactions: [
    interaction(T, 1, 'u1', 'word', at('02T10:00'), [K]),
    interaction(T, 2, 'u1', 'teams', at('03T09:00'), [K, X]),
    interaction(T, 3, 'u2', 'word', at('02T11:00'), [K]),
    interaction(T, 4, 'u2', 'word', at('05T08:00'), [K]),
    interaction(T, 5, 'u1', 'word', at('04T09:00'), [P]),
    interaction(T, 6, 'u2', 'word', at('06T08:00'), [Q]),
    seed.interactions[6]!,
    interaction(T, 10, 'u1', 'word', at('02T12:00'), [K]),
    ...seed.interactions.slice(8),
  ],
  conversations: [
    conversation(T, 1, 'u1', [K, X]),
    conversation(T, 2, 'u2', [K]),
    conversation(T, 3, 'u1', [P]),
    conversation(T, 4, 'u2', [Q]),
    ...seed.conversations.slice(4),
  ],
  // Each interaction's (interaction, source) pairs counted once per source.
  dailyActivity: [
    daily(T, '2026-11-02', 'word', 3),
    daily(T, '2026-11-03', 'teams', 2),
    daily(T, '2026-11-04', 'word', 1),
    daily(T, '2026-11-05', 'word', 2),
    daily(T, '2026-11-06', 'word', 1),
    daily(T, '2026-11-07', 'word', 1),
    ...otherTenant('dailyActivity'),
  ],
};

/**
 * A second tenant holding the first file under two old spellings, one interaction citing both at once (so its pass
 * marks a day's count and a usage record), and what its own pass must leave (dataSourceKeyTenants test).
 */
export const U = 'c0ffee00-0000-4000-8000-00000000000c';
const second: Record<Name, Document[]> = {
  dataSources: [
    source(U, A, 'other', 'Pr%c3%a9vision.docx', at('02T10:00')),
    source(U, B, 'other', 'vision%2edocx', at('02T12:00')),
  ],
  dataSourceUsage: [
    usage(U, A, 'u1', 2, ['word'], [at('02T10:00'), at('02T12:00')]), // i20, i21
    usage(U, B, 'u1', 1, ['word'], [at('02T12:00')]), // i21
  ],
  interactions: [
    interaction(U, 20, 'u1', 'word', at('02T10:00'), [A]),
    interaction(U, 21, 'u1', 'word', at('02T12:00'), [A, B]),
  ],
  conversations: [conversation(U, 20, 'u1', [A, B])],
  dailyActivity: [daily(U, '2026-11-02', 'word', 3)],
};
const secondMerged: Record<Name, Document[]> = {
  dataSources: [
    {
      _id: aggregateIds.dataSource(U, K),
      ...{ tenantId: U, key: K, kind: 'other', name: 'Pr%c3%a9vision.docx', url: K.slice(4), host: 'contoso.com' },
      ...{ referenceCount: 2, userCount: 1, appKeys: ['word'], firstAt: at('02T10:00'), lastAt: at('02T12:00') },
    },
  ],
  dataSourceUsage: [usage(U, K, 'u1', 2, ['word'], [at('02T10:00'), at('02T12:00')])],
  interactions: [
    interaction(U, 20, 'u1', 'word', at('02T10:00'), [K]),
    interaction(U, 21, 'u1', 'word', at('02T12:00'), [K]),
  ],
  conversations: [conversation(U, 20, 'u1', [K])],
  dailyActivity: [daily(U, '2026-11-02', 'word', 2)],
};

/** Adds the second tenant's documents (after `restoreSeed`). */
export async function seedSecondTenant(store: Store): Promise<void> {
  for (const name of NAMES) await col(store, name).insertMany(second[name].map((doc) => ({ ...doc })));
}

/** Puts the hand-written store back (every earlier pass undone). */
export async function restoreSeed(store: Store): Promise<void> {
  for (const name of NAMES) {
    await col(store, name).deleteMany({});
    await col(store, name).insertMany(seed[name].map((doc) => ({ ...doc })));
  }
}

/** Documents in `_id` order, their sets sorted (the order of a set's members means nothing). */
function ordered(docs: Document[]): Document[] {
  const hex = (doc: Document) => (doc._id as { toHexString(): string }).toHexString();
  return docs
    .map((doc): Document =>
      Array.isArray(doc.appKeys) ? { ...doc, appKeys: [...(doc.appKeys as string[])].sort() } : doc,
    )
    .sort((a, b) => hex(a).localeCompare(hex(b)));
}

/** Every document of the five collections (marks and all: none may be left), or those of one tenant. */
export async function state(store: Store, tenantId?: string): Promise<Record<string, Document[]>> {
  const filter = tenantId === undefined ? {} : { tenantId };
  const read = async (name: Name) => [name, ordered(await col(store, name).find(filter).toArray())];
  return Object.fromEntries(await Promise.all(NAMES.map(read))) as Record<string, Document[]>;
}

/** What a pass over the hand-written store must leave (and, with `second`, the second tenant's own pass). */
export const expectedState = (second = false) =>
  Object.fromEntries(
    NAMES.map((name) => [name, ordered([...(expected[name] as Document[]), ...(second ? secondMerged[name] : [])])]),
  );
