import { ObjectId } from 'mongodb';
import { pagedFind } from '../../../server/core/insights/pagedFind';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Keyset paging over a field some rows hold no value in: MongoDB sorts null before every date, so a descending list
 * shows those rows last and an ascending one first (the manual's "Comparison/Sort Order"). Paging one row at a time
 * must reach every row in that order, the rows without a value included.
 */

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('pagingnulls');
});
afterAll(() => t.close());

interface Row {
  _id: ObjectId;
  tenantId: string;
  at: Date | null;
}

async function everyPage(direction: 'asc' | 'desc'): Promise<string[]> {
  const collection = t.store.db.collection<Row>('pagingNulls');
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await pagedFind(collection, {
      filter: { tenantId: 'x' },
      sortField: 'at',
      direction,
      limit: 2,
      cursor,
    });
    seen.push(...page.items.map((r) => r._id.toHexString()));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return seen;
}

it('reaches every row of a list sorted on a field some rows leave empty, in both directions', async () => {
  const id = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
  const rows: Row[] = [
    { _id: id(1), tenantId: 'x', at: new Date('2026-11-01T00:00:00Z') },
    { _id: id(2), tenantId: 'x', at: null },
    { _id: id(3), tenantId: 'x', at: new Date('2026-11-03T00:00:00Z') },
    { _id: id(4), tenantId: 'x', at: null },
    { _id: id(5), tenantId: 'x', at: new Date('2026-11-02T00:00:00Z') },
    { _id: id(6), tenantId: 'x', at: null },
  ];
  await t.store.db.collection<Row>('pagingNulls').insertMany(rows);
  const hex = (...ns: number[]) => ns.map((n) => id(n).toHexString());
  expect(await everyPage('desc')).toEqual(hex(3, 5, 1, 6, 4, 2));
  expect(await everyPage('asc')).toEqual(hex(2, 4, 6, 1, 5, 3));
});
