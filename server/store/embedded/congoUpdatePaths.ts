/**
 * MongoDB's refusal of an update path that is empty or holds an empty part (`{ $set: { '': 1 } }`, `{ $unset: {
 * 'a..b': '' } }`), which CongoDB lacks: it applies such an update, or ignores it when nothing matches. mongod checks
 * every path of an update's operators while parsing it, before it reads a document (`fieldchecker::isUpdatable`,
 * src/mongo/db/update/field_checker.cpp in the server's source), so the update fails whether or not anything matches,
 * with code 56 `EmptyFieldName`: a write error of that statement in an `update` command (an ordered batch stops there,
 * an unordered one runs its other statements), the command's error in `findAndModify`. The emulator must never be
 * looser than MongoDB: code that works here would fail on a real server.
 */

interface HandlerContext {
  command: Record<string, unknown>;
  documentSequences?: Map<string, unknown[]>;
}

interface Handler {
  handle(context: HandlerContext): Promise<unknown>;
}

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
}

interface UpdateReply {
  ok: number;
  n?: number;
  nModified?: number;
  upserted?: Array<{ index: number; _id: unknown }>;
  writeErrors?: WriteError[];
}

const EMPTY_FIELD_NAME = 56;

/** MongoDB's message for the first empty path or path part among an update's operators; `null` when there is none. */
export function updatePathProblem(update: unknown): string | null {
  // A pipeline update (an array) or a replacement document has no operator paths.
  if (!update || typeof update !== 'object' || Array.isArray(update)) return null;
  for (const [operator, operand] of Object.entries(update)) {
    if (!operator.startsWith('$') || !operand || typeof operand !== 'object') continue;
    for (const path of Object.keys(operand)) {
      if (path === '') return 'An empty update path is not valid.';
      if (path.split('.').includes(''))
        return `The update path '${path}' contains an empty field name, which is not allowed.`;
    }
  }
  return null;
}

/** An `update` command's statements: the OP_MSG document sequence when the driver sent one, else the field. */
function statementsOf(context: HandlerContext): unknown[] | null {
  const statements = context.documentSequences?.get('updates') ?? context.command.updates;
  return Array.isArray(statements) ? statements : null;
}

function withStatements(context: HandlerContext, statements: unknown[]): HandlerContext {
  const sequences = context.documentSequences && new Map(context.documentSequences);
  sequences?.delete('updates');
  return { ...context, command: { ...context.command, updates: statements }, documentSequences: sequences };
}

/**
 * The `update` command with the statements MongoDB would refuse taken out and answered as write errors; the others
 * (an ordered batch: those before the first refused one) run as before, their indexes mapped back.
 */
async function updateCommand(context: HandlerContext, original: Handler['handle']): Promise<unknown> {
  const statements = statementsOf(context);
  if (!statements) return original(context);
  const problems = statements.map((s) => updatePathProblem((s as { u?: unknown } | null)?.u));
  const firstRefused = problems.findIndex((p) => p !== null);
  if (firstRefused < 0) return original(context);
  const ordered = context.command.ordered !== false;
  const runs = problems.flatMap((p, i) => (p === null && (!ordered || i < firstRefused) ? [i] : []));
  const reply: UpdateReply =
    runs.length > 0
      ? ((await original(
          withStatements(
            context,
            runs.map((i) => statements[i]),
          ),
        )) as UpdateReply)
      : { ok: 1, n: 0, nModified: 0 };
  if (reply.ok !== 1) return reply;
  const ran = reply.writeErrors?.map((e) => ({ ...e, index: runs[e.index]! })) ?? [];
  // An ordered batch that already stopped at an earlier statement never reached the refused one.
  const refused = problems.flatMap((p, index) =>
    p !== null && (!ordered || (index === firstRefused && ran.length === 0))
      ? [{ index, code: EMPTY_FIELD_NAME, errmsg: p }]
      : [],
  );
  const upserted = reply.upserted?.map((u) => ({ ...u, index: runs[u.index]! }));
  return {
    ...reply,
    ...(upserted ? { upserted } : {}),
    writeErrors: [...ran, ...refused].sort((a, b) => a.index - b.index),
  };
}

async function findAndModifyCommand(context: HandlerContext, original: Handler['handle']): Promise<unknown> {
  const problem = updatePathProblem(context.command.update);
  if (problem === null) return original(context);
  return { ok: 0, code: EMPTY_FIELD_NAME, codeName: 'EmptyFieldName', errmsg: problem };
}

/** Installs the rule on an emulator before it starts (always on: MongoDB has no switch for it). */
export function installCongoUpdatePaths(server: unknown): void {
  const router = (server as { commandRouter?: { handlers: Map<string, Handler> } }).commandRouter;
  if (!router) throw new Error('CongoDB internals changed: cannot install the update path rule');
  const rules = { update: updateCommand, findAndModify: findAndModifyCommand };
  for (const [name, rule] of Object.entries(rules)) {
    const handler = router.handlers.get(name);
    if (!handler) throw new Error(`CongoDB internals changed: no ${name} handler`);
    const original = handler.handle.bind(handler);
    // Handlers are shared between command names: replace this name's entry only.
    const wrapped: Handler = { handle: (context) => rule(context, original) };
    router.handlers.set(name, Object.assign(Object.create(handler) as Handler, wrapped));
  }
}
