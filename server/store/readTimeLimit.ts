import { MongoServerError, type Collection, type Document } from 'mongodb';
import { AppError } from '../errors';

/** MongoDB's error code when an operation ran past its `maxTimeMS` (MaxTimeMSExpired, in the manual's error codes). */
const MAX_TIME_MS_EXPIRED = 50;

/** Where each read method takes its options (find(filter, options), distinct(key, filter, options)...). */
const READ_OPTIONS_AT: Readonly<Record<string, number>> = {
  find: 1,
  findOne: 1,
  aggregate: 1,
  countDocuments: 1,
  distinct: 2,
  estimatedDocumentCount: 0,
};

/** Cursor methods that answer with a promise (the rest, sort/limit/project..., return the cursor for chaining). */
const CURSOR_PROMISES = new Set(['toArray', 'next', 'tryNext', 'hasNext', 'forEach']);

/** The answer to a read MongoDB stopped at its time limit: 503 `query_timeout`, asking for a narrower question. */
function queryTimedOut(maxTimeMS: number, cause?: unknown): AppError {
  return new AppError(
    'query_timeout',
    `That query took too long (over ${maxTimeMS < 1000 ? `${maxTimeMS} ms` : `${maxTimeMS / 1000} s`}) and was stopped; narrow it — a shorter date range, one app or one person — and try again.`,
    503,
    { maxTimeMS },
    cause,
  );
}

/** Whether MongoDB stopped an operation at its `maxTimeMS`. */
function isMaxTimeExpired(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === MAX_TIME_MS_EXPIRED;
}

/**
 * The collection with `maxTimeMS` on every read (find, findOne, aggregate, countDocuments, distinct,
 * estimatedDocumentCount) that does not set its own, and MaxTimeMSExpired answered as `queryTimedOut`. Writes pass
 * through untouched. The driver's `timeoutMS` would do the first part client-side, but driver 7 deprecates it
 * ("has no effect"), so the server-side `maxTimeMS` of each command is what bounds a read.
 */
export function limitReadTime<T extends Document>(collection: Collection<T>, maxTimeMS: number): Collection<T> {
  const translate = (error: unknown): never => {
    throw isMaxTimeExpired(error) ? queryTimedOut(maxTimeMS, error) : error;
  };
  return new Proxy(collection, {
    get(target, property) {
      // Read on the collection itself, so its getters and methods see the real object, never the proxy.
      const member = Reflect.get(target, property) as unknown;
      const at = typeof property === 'string' ? READ_OPTIONS_AT[property] : undefined;
      if (typeof member !== 'function') return member;
      // A function set on the collection object itself (a test's spy, say) is handed back as it is, so whoever set
      // it gets that same function when they read it.
      if (Object.prototype.hasOwnProperty.call(target, property)) return member;
      if (at === undefined) return (member as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        while (args.length < at) args.push({}); // an omitted filter
        const options = (args[at] ?? {}) as { maxTimeMS?: number };
        args[at] = { maxTimeMS, ...options };
        const result = (member as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return result.catch(translate);
        return translatingCursor(result as object, translate);
      };
    },
  });
}

/** A cursor whose promises (and async iteration) answer MaxTimeMSExpired as `queryTimedOut`. */
function translatingCursor<C extends object>(cursor: C, translate: (error: unknown) => never): C {
  const proxy: C = new Proxy(cursor, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof member !== 'function') return member;
      if (property === Symbol.asyncIterator) {
        return () => {
          const iterator = (member as () => AsyncIterator<unknown>).call(target);
          return {
            next: () => iterator.next().catch(translate),
            return: (value?: unknown) => iterator.return?.(value) ?? Promise.resolve({ done: true, value }),
            [Symbol.asyncIterator]() {
              return this;
            },
          };
        };
      }
      return (...args: unknown[]) => {
        const result = (member as (...a: unknown[]) => unknown).apply(target, args);
        if (result === target) return proxy; // chaining (sort, limit, project...) keeps the translation
        if (CURSOR_PROMISES.has(String(property)) && result instanceof Promise) return result.catch(translate);
        return result;
      };
    },
  });
  return proxy;
}
