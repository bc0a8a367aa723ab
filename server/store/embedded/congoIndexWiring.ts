/**
 * How the CongoDB index accelerator (congoIndexes.ts) hooks into the emulator: write versions per collection
 * from the storage adapter's mutating methods, and per-command read requests from the command handlers.
 */

/** The pieces of the emulator's own modules the accelerator uses (so its semantics are CongoDB's). */
export interface CongoParts {
  /** mingo's Query, which CongoDB's QueryEngine filters with. */
  Query: new (filter: unknown) => { test(doc: unknown): boolean };
  /** A document's BSON size (CongoDB's own bson), for the blocking-sort memory limit. */
  documentSize(doc: unknown): number;
  /** The bson Long CongoDB builds cursor ids with. */
  Long: { fromNumber(n: number): unknown };
}

/** The read a command is about to do: only the first `findAll` of this collection in the command uses it. */
export interface ReadRequest {
  command: 'find' | 'count' | 'distinct' | 'aggregate';
  db: string;
  collection: string;
  filter: unknown;
  sort?: Array<[string, 1 | -1]>;
  skip: number;
  /** 0: no limit (or one we don't push down). */
  limit: number;
  /** The read lets a blocking sort past the memory limit use disk (`allowDiskUse: true`). */
  allowDiskUse?: boolean;
  done?: boolean;
}

interface HandlerContext {
  database: string;
  command: Record<string, unknown>;
}

interface Handler {
  handle(context: HandlerContext): Promise<unknown>;
}

interface RouterLike {
  handlers: Map<string, Handler>;
}

export interface StorageLike {
  findAll(db: string, collection: string): Promise<unknown[]>;
  getIndexes(db: string, collection: string): Promise<Array<Record<string, unknown>>>;
  collectionExists(db: string, collection: string): Promise<boolean>;
}

type Method = (...args: unknown[]) => Promise<unknown>;

/** Storage methods that change a collection's documents (args: db, collection, ...). */
const COLLECTION_WRITES = [
  'insertOne',
  'insertMany',
  'updateById',
  'deleteById',
  'deleteByIds',
  'createCollection',
  'dropCollection',
];

/** Bumps a collection's version around every storage write, and forgets its sorted snapshot. */
export function wrapStorageWrites(
  server: unknown,
  versions: Map<string, number>,
  snapshots: Map<string, unknown>,
): { storage: StorageLike; router: RouterLike } {
  const s = server as { getStorage?: () => StorageLike; storage?: StorageLike; commandRouter?: RouterLike };
  const storage = s.getStorage?.() ?? s.storage;
  const router = s.commandRouter;
  const methods = storage as unknown as Record<string, Method | undefined>;
  const all = [...COLLECTION_WRITES, 'renameCollection', 'dropDatabase', 'findAll', 'getIndexes', 'collectionExists'];
  if (!storage || !router || all.some((name) => typeof methods[name] !== 'function')) {
    throw new Error('CongoDB internals changed: cannot install the index accelerator');
  }
  const bump = (ns: string) => {
    versions.set(ns, (versions.get(ns) ?? 0) + 1);
    snapshots.delete(ns);
  };
  const touched = (args: unknown[], name: string): string[] => {
    const db = String(args[0]);
    if (name === 'renameCollection') return [`${db}.${String(args[1])}`, `${db}.${String(args[2])}`];
    if (name === 'dropDatabase')
      return [...new Set([...versions.keys(), ...snapshots.keys()])].filter((ns) => ns.startsWith(`${db}.`));
    return [`${db}.${String(args[1])}`];
  };
  for (const name of [...COLLECTION_WRITES, 'renameCollection', 'dropDatabase']) {
    const original = (methods[name] as Method).bind(storage);
    // Bumped before (the write may land synchronously) and after (or later, for other adapters).
    methods[name] = async (...args: unknown[]) => {
      touched(args, name).forEach(bump);
      try {
        return await original(...args);
      } finally {
        touched(args, name).forEach(bump);
      }
    };
  }
  return { storage, router };
}

interface HandlerDeps {
  read<T>(request: ReadRequest, run: () => Promise<T>): Promise<T>;
  count(db: string, collection: string, filter: unknown): Promise<number | null>;
  countShape: typeof countShape;
  Long: CongoParts['Long'];
}

/** Wraps find, count, distinct and aggregate so each announces its read (and counts can skip the documents). */
export function wrapHandlers(router: RouterLike, deps: HandlerDeps): void {
  const wrappers: Record<string, (context: HandlerContext, original: Handler['handle']) => Promise<unknown>> = {
    find: (c, original) => deps.read(findRequest(c), () => original(c)),
    distinct: (c, original) =>
      deps.read(plainRequest(c, 'distinct', c.command.distinct, c.command.query), () => original(c)),
    count: async (c, original) => {
      const { count, query, skip, limit } = c.command;
      const n =
        typeof count === 'string' && okSkip(skip) && okLimit(limit) ? await deps.count(c.database, count, query) : null;
      if (n !== null) return { ok: 1, n: windowed(n, Number(skip ?? 0), Number(limit ?? 0)) };
      return deps.read(plainRequest(c, 'count', count, query), () => original(c));
    },
    aggregate: async (c, original) => {
      const { aggregate, pipeline } = c.command;
      if (typeof aggregate !== 'string' || !Array.isArray(pipeline)) return original(c);
      const shape = deps.countShape(pipeline);
      const n = shape ? await deps.count(c.database, aggregate, shape.filter) : null;
      const counted = shape && n !== null ? windowed(n, shape.skip, shape.limit) : 0;
      if (shape && counted > 0) {
        const firstBatch = [{ _id: shape.id, [shape.field]: counted }];
        return { ok: 1, cursor: { id: deps.Long.fromNumber(0), ns: `${c.database}.${aggregate}`, firstBatch } };
      }
      const first = pipeline[0] as Record<string, unknown> | undefined;
      const match = first && Object.keys(first).length === 1 && '$match' in first ? first.$match : undefined;
      if (match === undefined) return original(c);
      return deps.read(aggregateRequest(c, aggregate, match, pipeline), () => original(c));
    },
  };
  for (const [name, wrap] of Object.entries(wrappers)) {
    const handler = router.handlers.get(name);
    if (!handler) continue;
    const original = handler.handle.bind(handler);
    // Handlers are shared between command names (find + count + getMore); wrap per name.
    const wrapped: Handler = { handle: (context) => wrap(context, original) };
    router.handlers.set(name, Object.assign(Object.create(handler) as Handler, wrapped));
  }
}

function findRequest(c: HandlerContext): ReadRequest {
  const { find, filter, sort, skip, limit, allowDiskUse } = c.command;
  const pushable = okSkip(skip) && typeof limit === 'number' && Number.isInteger(limit) && limit > 0;
  return {
    ...plainRequest(c, 'find', find, filter),
    sort: normalizeSort(sort),
    skip: pushable ? Number(skip ?? 0) : 0,
    limit: pushable ? (limit as number) : 0,
    allowDiskUse: allowDiskUse === true,
  };
}

/** An aggregate's first `$match`, with the `$sort` (and `$limit`) right after it, which MongoDB plans together. */
function aggregateRequest(c: HandlerContext, collection: unknown, match: unknown, pipeline: unknown[]): ReadRequest {
  const [, second, third] = pipeline as Array<Record<string, unknown> | undefined>;
  const sortStage = second && Object.keys(second).length === 1 ? second.$sort : undefined;
  const limitStage = sortStage && third && Object.keys(third).length === 1 ? third.$limit : undefined;
  const limit = typeof limitStage === 'number' && Number.isInteger(limitStage) && limitStage > 0 ? limitStage : 0;
  return {
    ...plainRequest(c, 'aggregate', collection, match),
    sort: normalizeSort(sortStage),
    limit,
    allowDiskUse: c.command.allowDiskUse === true,
  };
}

function plainRequest(
  c: HandlerContext,
  command: ReadRequest['command'],
  collection: unknown,
  filter: unknown,
): ReadRequest {
  return { command, db: c.database, collection: String(collection), filter, skip: 0, limit: 0 };
}

/** A sort spec as CongoDB reads it (QueryEngine.normalizeDirection). */
function normalizeSort(sort: unknown): ReadRequest['sort'] {
  if (!sort || typeof sort !== 'object') return undefined;
  const pairs = Array.isArray(sort) ? (sort as Array<[string, unknown]>) : Object.entries(sort as object);
  return pairs.map(([field, d]) => [
    String(field),
    typeof d === 'number' ? (d > 0 ? 1 : -1) : d === 'asc' || d === 'ascending' ? 1 : -1,
  ]);
}

function okSkip(skip: unknown): boolean {
  return skip === undefined || (typeof skip === 'number' && Number.isInteger(skip) && skip >= 0);
}

function okLimit(limit: unknown): boolean {
  return limit === undefined || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0);
}

/** A count after CongoDB's skip then limit (limit 0: none). */
function windowed(n: number, skip: number, limit: number): number {
  const afterSkip = Math.max(0, n - skip);
  return limit > 0 ? Math.min(afterSkip, limit) : afterSkip;
}

/** `countDocuments`' pipeline: `$match`, optional `$skip`/`$limit`, `$group {_id: const, n: {$sum: 1}}`. */
export function countShape(
  pipeline: unknown[],
): { filter: unknown; skip: number; limit: number; id: number | null; field: string } | null {
  const stages = pipeline as Array<Record<string, unknown>>;
  const [first, ...rest] = stages;
  const group = rest.pop();
  if (!first || !group || Object.keys(first).length !== 1 || !('$match' in first)) return null;
  let skip = 0;
  let limit = 0;
  for (const stage of rest) {
    const [op, ...others] = Object.keys(stage);
    const n = stage[op as string];
    if (others.length > 0 || typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
    if (op === '$skip' && limit === 0) skip += n;
    else if (op === '$limit' && n > 0 && limit === 0) limit = n;
    else return null;
  }
  const spec = group.$group as Record<string, unknown> | undefined;
  if (Object.keys(group).length !== 1 || !spec || typeof spec !== 'object') return null;
  const keys = Object.keys(spec);
  const field = keys.find((k) => k !== '_id');
  const id = spec._id;
  const sum = field ? (spec[field] as Record<string, unknown> | undefined) : undefined;
  if (keys.length !== 2 || !field || field.startsWith('$') || field.includes('.')) return null;
  if (!(id === null || typeof id === 'number') || !sum || Object.keys(sum).length !== 1 || sum.$sum !== 1) return null;
  return { filter: first.$match, skip, limit, id, field };
}
