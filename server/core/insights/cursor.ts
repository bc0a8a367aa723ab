import { ObjectId } from 'mongodb';
import { AppError } from '../../errors';
import type { SortDirection } from './types';

/** A sort value a cursor can carry. */
export type SortValue = string | number | Date | null;

/** Where a page ended: the last row's sort value and id, for the sort it was made for. */
export interface CursorPosition {
  value: SortValue;
  id: string;
}

interface CursorBody {
  /** The sort ("field:direction") the cursor belongs to: a cursor from another sort is refused. */
  s: string;
  t: 'd' | 'n' | 's' | 'z';
  v: string | number | null;
  i: string;
}

export const invalidCursor = (): AppError =>
  new AppError('invalid_cursor', 'The page cursor is not valid for this list; start again from the first page.', 400);

/**
 * Opaque base64url cursor. It carries only a position in a sorted list (no filter, no authority), so a forged
 * one can at worst skip rows the caller may see anyway; anything that does not decode to exactly this shape,
 * or was made for another sort, is refused with 400 invalid_cursor.
 */
export function encodeCursor(sort: string, position: CursorPosition): string {
  const { value } = position;
  const body: CursorBody =
    value instanceof Date
      ? { s: sort, t: 'd', v: value.getTime(), i: position.id }
      : typeof value === 'number'
        ? { s: sort, t: 'n', v: value, i: position.id }
        : typeof value === 'string'
          ? { s: sort, t: 's', v: value, i: position.id }
          : { s: sort, t: 'z', v: null, i: position.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** What a row id in a cursor looks like: an ObjectId's hex (lists of one collection). */
export const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

/** JavaScript's (and so BSON's usable) date range: ±100,000,000 days around 1970 (ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/** The type a sort field holds, by the store's naming: `at`/`…At` dates, `…Count`/`…Order` numbers, else text. */
function valueTypeOf(sort: string): 'd' | 'n' | 's' {
  const field = sort.split(':')[0]!;
  return /(^at|At)$/.test(field) ? 'd' : /(Count|Order)$/.test(field) ? 'n' : 's';
}

/**
 * Decodes a cursor made by encodeCursor for the same sort, with a row id of the list's shape (`id`, default an
 * ObjectId's hex) and a value of the sort field's type (a real date, a finite number or a string) or null; throws
 * invalid_cursor (400) for anything else, the same for every list.
 */
export function decodeCursor(sort: string, cursor: string, id: RegExp = OBJECT_ID_HEX): CursorPosition {
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidCursor();
  const { s, t, v, i } = body as Record<string, unknown>;
  if (s !== sort || typeof i !== 'string' || i.length > 512 || !id.test(i)) throw invalidCursor();
  if (Object.keys(body).length !== 4 || (t !== 'z' && t !== valueTypeOf(sort))) throw invalidCursor();
  if (t === 'd' && Number.isInteger(v) && Math.abs(v as number) <= MAX_DATE_MS)
    return { value: new Date(v as number), id: i };
  if (t === 'n' && typeof v === 'number' && Number.isFinite(v)) return { value: v, id: i };
  if (t === 's' && typeof v === 'string') return { value: v, id: i };
  if (t === 'z' && v === null) return { value: null, id: i };
  throw invalidCursor();
}

/** An ObjectId from a cursor's id, or invalid_cursor. */
export function cursorObjectId(id: string): ObjectId {
  if (!OBJECT_ID_HEX.test(id)) throw invalidCursor();
  return new ObjectId(id);
}

/**
 * The filter for rows after `position` in the order (field direction, _id direction). MongoDB sorts null
 * before every string or number, which this follows (nulls first ascending, last descending).
 */
export function keysetFilter(
  field: string,
  direction: SortDirection,
  position: CursorPosition,
): Record<string, unknown> {
  const id = cursorObjectId(position.id);
  const after = direction === 'asc' ? '$gt' : '$lt';
  const { value } = position;
  if (value === null) {
    const sameNull = { [field]: null, _id: { [after]: id } };
    return direction === 'asc' ? { $or: [sameNull, { [field]: { $ne: null } }] } : sameNull;
  }
  const branches: Record<string, unknown>[] = [
    { [field]: { [after]: value } },
    { [field]: value, _id: { [after]: id } },
  ];
  if (direction === 'desc') branches.push({ [field]: null });
  return { $or: branches };
}

/** The Mongo sort for a keyset page. */
export function keysetSort(field: string, direction: SortDirection): Record<string, 1 | -1> {
  const d = direction === 'asc' ? 1 : -1;
  return field === '_id' ? { _id: d } : { [field]: d, _id: d };
}

/** Compares two sort values the way MongoDB orders them (null first); strings by `compareText`. */
export function compareSortValues(
  a: SortValue,
  b: SortValue,
  compareText: (a: string, b: string) => number = (x, y) => (x < y ? -1 : x > y ? 1 : 0),
): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (typeof x === 'string' && typeof y === 'string') return compareText(x, y);
  return Number(x) - Number(y);
}
