import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Point lookups by `_id` for the CongoDB emulator.
 *
 * CongoDB answers every find/update/delete by copying and scanning the whole collection (its indexes are
 * metadata only), which makes a keyed upsert O(collection size): ingesting a 1M-interaction tenant would take
 * hours. Our writes are all keyed by `_id` (derived from the natural key, see naturalId.ts), so before CongoDB
 * runs a command we note each filter it is about to evaluate; when the filter pins `_id` to one value or an
 * `$in` list, the collection read returns just those documents. CongoDB still applies the full filter to them,
 * so results are exactly what a scan would give. Nothing changes for real MongoDB.
 */

interface Hint {
  collection: string;
  ids: unknown[] | null;
}

interface HandlerContext {
  database: string;
  command: Record<string, unknown>;
  documentSequences?: Map<string, unknown[]>;
}

interface Handler {
  handle(context: HandlerContext): Promise<unknown>;
}

interface StorageLike {
  findAll(db: string, collection: string): Promise<unknown[]>;
  findById(db: string, collection: string, id: unknown): Promise<unknown>;
}

interface RouterLike {
  handlers: Map<string, Handler>;
}

interface ServerLike {
  getStorage?: () => StorageLike;
  storage?: StorageLike;
  commandRouter?: RouterLike;
}

const pending = new AsyncLocalStorage<Hint[]>();

interface QueryEngineLike {
  filter(documents: unknown[], filter: unknown): unknown[];
}

/**
 * Installs the `_id` fast path on a not-yet-started CongoServer instance, and lets the emulator's query engine
 * answer a filter that is nothing but `_id` without compiling a query for it (it did so for every upsert).
 */
export function installCongoIdLookup(server: unknown, queryEngine?: QueryEngineLike): void {
  if (queryEngine && !(queryEngine as { __idLookup?: boolean }).__idLookup) {
    const compileAndFilter = queryEngine.filter.bind(queryEngine);
    queryEngine.filter = (documents, filter) => {
      const ids = pinnedIds(filter);
      const matcher = ids ? guardMatcher(filter as Record<string, unknown>) : null;
      if (!ids || !matcher) return compileAndFilter(documents, filter);
      const wanted = new Set(ids.map((id) => (id as { toHexString(): string }).toHexString()));
      const candidates = documents.filter((doc) =>
        wanted.has((doc as { _id: { toHexString(): string } })._id.toHexString()),
      );
      const verdicts = candidates.map(matcher);
      if (verdicts.includes(UNKNOWN)) return compileAndFilter(candidates, filter);
      return candidates.filter((_doc, i) => verdicts[i] === true);
    };
    (queryEngine as { __idLookup?: boolean }).__idLookup = true;
  }
  const s = server as ServerLike;
  const storage = s.getStorage?.() ?? s.storage;
  const router = s.commandRouter;
  if (!storage || !router) throw new Error('CongoDB internals changed: cannot install the _id lookup');

  const scanAll = storage.findAll.bind(storage);
  storage.findAll = async (db: string, collection: string): Promise<unknown[]> => {
    const hints = pending.getStore();
    const index = hints ? hints.findIndex((h) => h.collection === collection) : -1;
    if (!hints || index < 0) return scanAll(db, collection);
    const [hint] = hints.splice(index, 1);
    if (!hint?.ids) return scanAll(db, collection);
    const unique = new Map(hint.ids.map((id) => [(id as { toHexString(): string }).toHexString(), id]));
    const found = await Promise.all([...unique.values()].map((id) => storage.findById(db, collection, id)));
    return found.filter((doc) => doc !== null && doc !== undefined);
  };

  for (const [name, handler] of router.handlers) {
    const hintsFor = HINTERS[name];
    if (!hintsFor) continue;
    const original = handler.handle.bind(handler);
    const wrapped: Handler = {
      handle: (context) => pending.run(hintsFor(context), () => original(context)),
    };
    // Handlers are shared between command names (update + findAndModify); wrap per name.
    router.handlers.set(name, Object.assign(Object.create(handler) as Handler, wrapped));
  }
}

type Hinter = (context: HandlerContext) => Hint[];

const HINTERS: Record<string, Hinter> = {
  find: (c) => [hint(c.command.find, c.command.filter)],
  count: (c) => [hint(c.command.count, c.command.query)],
  distinct: (c) => [hint(c.command.distinct, c.command.query)],
  findAndModify: (c) => [hint(c.command.findAndModify, c.command.query)],
  update: (c) => specs(c, 'updates').map((u) => hint(c.command.update, u.q ?? u.filter)),
  delete: (c) => specs(c, 'deletes').map((d) => hint(c.command.delete, d.q)),
  aggregate: (c) => {
    const pipeline = Array.isArray(c.command.pipeline) ? (c.command.pipeline as Record<string, unknown>[]) : [];
    const first = pipeline[0];
    return [hint(c.command.aggregate, first && '$match' in first ? first.$match : undefined)];
  },
};

function specs(context: HandlerContext, field: string): Record<string, unknown>[] {
  const fromSequence = context.documentSequences?.get(field);
  const list = fromSequence ?? context.command[field];
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}

function hint(collection: unknown, filter: unknown): Hint {
  return { collection: String(collection), ids: pinnedIds(filter) };
}

/** The `_id` values a filter pins (`{_id: x}`, `{_id: {$eq: x}}`, `{_id: {$in: [...]}}`), or null. */
export function pinnedIds(filter: unknown): unknown[] | null {
  if (!filter || typeof filter !== 'object') return null;
  const id = (filter as Record<string, unknown>)._id;
  if (id === undefined || id === null) return null;
  if (isObjectId(id)) return [id];
  if (typeof id === 'object') {
    const ops = id as Record<string, unknown>;
    const keys = Object.keys(ops);
    if (keys.length === 1 && isObjectId(ops.$eq)) return [ops.$eq];
    if (keys.length === 1 && Array.isArray(ops.$in) && ops.$in.every(isObjectId)) return ops.$in;
  }
  return null;
}

const UNKNOWN = Symbol('unknown');
type Verdict = boolean | typeof UNKNOWN;

/**
 * Matches the guard conditions the sync puts beside `_id` — `field: {$ne: scalar}` and `field: {$exists: bool}` on
 * plain (non-array) paths — without compiling a query. Null for other filters; UNKNOWN for a document where an
 * array is on the path (MongoDB's array semantics apply): the emulator's own engine decides those.
 */
function guardMatcher(filter: Record<string, unknown>): ((doc: unknown) => Verdict) | null {
  const tests: Array<(doc: unknown) => Verdict> = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '_id') continue;
    const ops = condition as Record<string, unknown>;
    const keys = condition && typeof condition === 'object' && !Array.isArray(condition) ? Object.keys(ops) : [];
    if (keys.length !== 1) return null;
    if (keys[0] === '$ne' && isScalar(ops.$ne)) {
      tests.push((doc) => {
        const value = valueAt(doc, path);
        return value === UNKNOWN ? UNKNOWN : value !== ops.$ne;
      });
    } else if (keys[0] === '$exists' && typeof ops.$exists === 'boolean') {
      tests.push((doc) => {
        const value = valueAt(doc, path);
        return value === UNKNOWN ? UNKNOWN : (value !== undefined) === ops.$exists;
      });
    } else {
      return null;
    }
  }
  return (doc) => {
    let verdict: Verdict = true;
    for (const test of tests) {
      const v = test(doc);
      if (v === UNKNOWN) return UNKNOWN;
      verdict = verdict && v;
    }
    return verdict;
  };
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The value at a dotted path; UNKNOWN when an array is on the way (or at the end). */
function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) return UNKNOWN;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return Array.isArray(current) ? UNKNOWN : current;
}

function isObjectId(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toHexString?: unknown }).toHexString === 'function' &&
    (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
  );
}
