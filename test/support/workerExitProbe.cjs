// Preloaded into jest's worker processes (NODE_OPTIONS="--require ./test/support/workerExitProbe.cjs"): when jest
// ends a worker (jest-worker removes its 'message' listener and waits 500 ms for the process to exit before it kills
// it and prints "A worker process has failed to exit gracefully"), writes what still holds the loop open, and the wall
// and CPU time from then to the process's 'exit' event, to HANDLE_CENSUS_OUT. Any other process ignores it.
if ((process.argv[1] ?? '').includes('jest-worker')) {
  const { appendFileSync } = require('node:fs');
  const census = require('./handleCensus.cjs');
  const out = process.env.HANDLE_CENSUS_OUT ?? `${process.cwd()}/test-artifacts/handle-census.log`;
  let endedAt = 0;
  let cpuAtEnd;
  const removeListener = process.removeListener;
  process.removeListener = function (name, listener) {
    const result = removeListener.call(this, name, listener);
    if (name === 'message' && process.listenerCount('message') === 0 && !endedAt) {
      endedAt = Date.now();
      cpuAtEnd = process.cpuUsage();
      const holding = census.open(0).map((entry) => entry.type);
      const { heapTotal, rss } = process.memoryUsage();
      appendFileSync(
        out,
        `## worker ${process.pid} ended by jest: holding the loop: [${holding.join(', ')}]; ` +
          `active resources ${JSON.stringify(process.getActiveResourcesInfo())}; rss ${(rss / 1e6).toFixed(0)} MB, ` +
          `heap ${(heapTotal / 1e6).toFixed(0)} MB\n`,
      );
    }
    return result;
  };
  process.on('exit', () => {
    if (!endedAt) return;
    const cpu = process.cpuUsage(cpuAtEnd);
    appendFileSync(
      out,
      `## worker ${process.pid} 'exit' ${Date.now() - endedAt} ms after jest ended it ` +
        `(CPU in that time, all threads: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)\n`,
    );
  });
}
