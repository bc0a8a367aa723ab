/**
 * Server behaviour the CongoDB emulator lacks, switched on per instance so tests can meet it locally:
 * - `maxTimeMS` honoured on reads: a find, aggregate, count or distinct that ran longer answers MongoDB's
 *   MaxTimeMSExpired (code 50; the manual's `maxTimeMS` and error-code pages). Off by default: the emulator is far
 *   slower than mongod, so its timings say nothing about a real server's and would stop reads a real one finishes.
 *   `setReadDelayMs` makes reads take at least that long, as on a loaded server.
 * - Azure Cosmos DB for MongoDB (RU)'s refusal of a findAndModify sorted on more than one field ("sort operations on a
 *   single field is supported but sort operations on multiple fields are not supported", Microsoft Learn's feature
 *   support pages for the RU API), answered as RU does (code 2 BadValue).
 */

export interface CongoServerRuleOptions {
  honourMaxTimeMS?: boolean;
  refuseMultiFieldFindAndModifySort?: boolean;
}

/** Switches a running emulator's rules can be turned with. */
export interface CongoServerRules {
  /** Every read takes at least this long (0: as fast as it is). */
  setReadDelayMs(ms: number): void;
}

interface HandlerContext {
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

/** Installs the rules on an emulator before it starts; returns its switches. */
export function installCongoServerRules(server: unknown, options: CongoServerRuleOptions): CongoServerRules {
  const router = (server as { commandRouter?: { handlers: Map<string, Handler> } }).commandRouter;
  if (!router) throw new Error('CongoDB internals changed: cannot install the server rules');
  let readDelayMs = 0;
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
  };
}
