import type { Store } from '../../server/store/Store';

const WRITES = new Set(['updateOne', 'updateMany', 'bulkWrite', 'deleteMany', 'deleteOne', 'insertOne', 'insertMany']);

/** A store whose writes fail from the `writes`-th one on, as if the process died there; counts the writes tried. */
export function crashingAfter(store: Store, writes: number): { store: Store; tried: () => number } {
  let tried = 0;
  const proxy = new Proxy(store, {
    get(target, property) {
      const collection = Reflect.get(target, property) as unknown;
      if (typeof collection !== 'object' || collection === null || !('collectionName' in collection)) return collection;
      return new Proxy(collection, {
        get(inner, name) {
          const member = Reflect.get(inner, name) as unknown;
          if (typeof member !== 'function') return member;
          if (!WRITES.has(String(name))) return member.bind(inner);
          return (...args: unknown[]) => {
            tried += 1;
            if (tried > writes) return Promise.reject(new Error('simulated crash'));
            return (member as (...a: unknown[]) => unknown).apply(inner, args);
          };
        },
      });
    },
  });
  return { store: proxy, tried: () => tried };
}
