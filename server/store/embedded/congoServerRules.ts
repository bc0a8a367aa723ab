/**
 * Server behaviour the CongoDB emulator lacks, switched on per instance so tests can meet it locally:
 * - `maxTimeMS` honoured on reads: a find, aggregate, count or distinct that ran longer answers MongoDB's
 *   MaxTimeMSExpired (code 50; the manual's `maxTimeMS` and error-code pages). Off by default: the emulator is far
 *   slower than mongod, so its timings say nothing about a real server's and would stop reads a real one finishes.
 *   `setReadDelayMs` makes reads take at least that long, as on a loaded server.
 * - Azure Cosmos DB for MongoDB (RU)'s refusal of a findAndModify sorted on more than one field ("sort operations on a
 *   single field is supported but sort operations on multiple fields are not supported", Microsoft Learn's feature
 *   support pages for the RU API), answered as RU does (code 2 BadValue).
 * - RU's rule for sorts on several fields: served only from a compound index on exactly those fields, in that order
 *   (all directions as declared or all reversed); without one RU refuses the find, or the aggregation whose `$sort`
 *   orders the collection's documents (Microsoft Learn, "Manage indexing in Azure Cosmos DB for MongoDB": compound
 *   indexes are required to sort on several fields at once). Switched on at run time (`setRuSortRule`), so a test can
 *   build its data first.
 */

export interface CongoServerRuleOptions {
  honourMaxTimeMS?: boolean;
  refuseMultiFieldFindAndModifySort?: boolean;
}

/** Switches a running emulator's rules can be turned with. */
export interface CongoServerRules {
  /** Every read takes at least this long (0: as fast as it is). */
  setReadDelayMs(ms: number): void;
  /**
   * Refuse a find, or an aggregation's leading `$sort`, on several fields without an index of exactly those keys, as
   * Cosmos DB RU does.
   */
  setRuSortRule(on: boolean): void;
}

interface HandlerContext {
  database: string;
  command: Record<string, unknown>;
}

interface Handler {
  handle(context: HandlerContext): Promise<unknown>;
}

const READS = ['find', 'aggregate', 'count', 'distinct'];

/** The reply RU sends for a findAndModify sorted on several fields (reported verbatim in agenda/agenda#559). */
const RU_MULTI_SORT_REFUSAL = {
  ok: 0,
  code: 2,
  codeName: 'BadValue',
  errmsg: 'Multiple order-by items are not supported. Please specify a single order-by item.',
};

/** RU's answer to a sort on several fields without a matching compound index. */
const RU_SORT_REFUSAL = {
  ok: 0,
  code: 2,
  codeName: 'BadValue',
  errmsg: 'The order by query does not have a corresponding composite index that it can be served from.',
};

interface IndexLister {
  getIndexes(db: string, collection: string): Promise<Array<{ key?: Record<string, unknown> }>>;
}

/** Whether an index's keys are exactly the sort's, all in its directions or all reversed. */
function exactSortIndex(key: Record<string, unknown>, sort: Array<[string, unknown]>): boolean {
  const entries = Object.entries(key);
  if (entries.length !== sort.length) return false;
  const same = entries.every(([path, d], i) => path === sort[i]?.[0] && Number(d) === Number(sort[i]?.[1]));
  const reversed = entries.every(([path, d], i) => path === sort[i]?.[0] && Number(d) === -Number(sort[i]?.[1]));
  return same || reversed;
}

/**
 * The `$sort` of an aggregation that orders the collection's own documents: the first stage, or the first after
 * leading `$match` stages (where a server can take the order from an index). A `$sort` after a stage that reshapes the
 * documents (`$group`, `$project`, …) orders computed documents, which no index holds.
 */
function leadingSort(command: Record<string, unknown>): unknown {
  const pipeline = Array.isArray(command.pipeline) ? (command.pipeline as Array<Record<string, unknown>>) : [];
  for (const stage of pipeline) {
    if (stage && typeof stage === 'object' && '$match' in stage) continue;
    return stage && typeof stage === 'object' && '$sort' in stage ? stage.$sort : null;
  }
  return null;
}

/** Installs the rules on an emulator before it starts; returns its switches. */
export function installCongoServerRules(server: unknown, options: CongoServerRuleOptions): CongoServerRules {
  const router = (server as { commandRouter?: { handlers: Map<string, Handler> } }).commandRouter;
  if (!router) throw new Error('CongoDB internals changed: cannot install the server rules');
  let readDelayMs = 0;
  let ruSorts = false;
  const s = server as { getStorage?: () => IndexLister; storage?: IndexLister };
  const storage = s.getStorage?.() ?? s.storage;
  if (!storage) throw new Error('CongoDB internals changed: no storage adapter');
  const wrap = (name: string, handle: (context: HandlerContext, original: Handler['handle']) => Promise<unknown>) => {
    const handler = router.handlers.get(name);
    if (!handler) throw new Error(`CongoDB internals changed: no ${name} handler`);
    const original = handler.handle.bind(handler);
    // Handlers are shared between command names: replace this name's entry only.
    const wrapped: Handler = { handle: (context) => handle(context, original) };
    router.handlers.set(name, Object.assign(Object.create(handler) as Handler, wrapped));
  };
  for (const name of READS) {
    wrap(name, async (context, original) => {
      const sort = name === 'find' ? context.command.sort : name === 'aggregate' ? leadingSort(context.command) : null;
      if (ruSorts && sort && typeof sort === 'object' && Object.keys(sort).length > 1) {
        const pairs = Object.entries(sort as Record<string, unknown>);
        const indexes = await storage.getIndexes(context.database, String(context.command[name]));
        if (!indexes.some((index) => index.key && exactSortIndex(index.key, pairs))) return RU_SORT_REFUSAL;
      }
      const started = Date.now();
      if (readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, readDelayMs));
      const reply = await original(context);
      const limit = Number(context.command.maxTimeMS ?? 0);
      if (options.honourMaxTimeMS && limit > 0 && Date.now() - started > limit) {
        return { ok: 0, code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' };
      }
      return reply;
    });
  }
  if (options.refuseMultiFieldFindAndModifySort) {
    wrap('findAndModify', async (context, original) => {
      const sort = context.command.sort;
      if (sort && typeof sort === 'object' && Object.keys(sort).length > 1) return RU_MULTI_SORT_REFUSAL;
      return original(context);
    });
  }
  return {
    setReadDelayMs(ms) {
      readDelayMs = ms;
    },
    setRuSortRule(on) {
      ruSorts = on;
    },
  };
}
