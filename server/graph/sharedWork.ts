/** Work many callers wait on together, each able to stop waiting on its own. */
export interface SharedWork<T> {
  /** The work's result; `signal` ends this caller's wait only. The work is stopped once no caller waits. */
  join(signal?: AbortSignal): Promise<T>;
  /** Resolves once the work has ended, however it ended. */
  settled: Promise<void>;
}

/**
 * Starts `work` for callers to join. A caller without a signal keeps the work going to the end; when every caller
 * that joined with a signal has given up, and no other caller is left, the work's own signal aborts.
 */
export function shareWork<T>(work: (stop: AbortSignal) => Promise<T>): SharedWork<T> {
  const stop = new AbortController();
  const result = work(stop.signal);
  // Every caller may have stopped waiting: the outcome then matters to no one and must not go unhandled.
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  let waiting = 0;
  let pinned = false;
  return {
    settled,
    join(signal) {
      if (!signal) {
        pinned = true;
        return result;
      }
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      waiting += 1;
      return new Promise<T>((resolve, reject) => {
        let done = false;
        const leave = (): boolean => {
          if (done) return false;
          done = true;
          waiting -= 1;
          signal.removeEventListener('abort', onAbort);
          return true;
        };
        const onAbort = (): void => {
          if (!leave()) return;
          reject(signal.reason as Error);
          if (waiting === 0 && !pinned) stop.abort(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        result.then(
          (value) => leave() && resolve(value),
          (error: unknown) => leave() && reject(error as Error),
        );
      });
    },
  };
}
