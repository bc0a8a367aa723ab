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

/** Installs the `_id` fast path on a started or not-yet-started CongoServer instance. */
export function installCongoIdLookup(server: unknown): void {
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

function isObjectId(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toHexString?: unknown }).toHexString === 'function' &&
    (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
  );
}
