// What keeps a jest process alive: every async resource created after it is loaded (async_hooks), with the stack
// that created it, counted while it is not destroyed and its hasRef() says it holds the event loop open (servers,
// sockets, child processes, timers). Used by handleCensusEnvironment.cjs and workerExitProbe.cjs; diagnostic only.
const asyncHooks = require('node:async_hooks');
const { setTimeout } = require('node:timers');
const { appendFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const KEY = Symbol.for('copilot-observatory.handleCensus');
// Types that never hold the loop open on their own, or are too many to record (each promise).
const SKIPPED = new Set(['PROMISE', 'TickObject', 'Immediate', 'Microtask', 'TLSWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP']);
const OUT = process.env.HANDLE_CENSUS_OUT ?? path.join(__dirname, '..', '..', 'test-artifacts', 'handle-census.log');

function install() {
  const live = new Map();
  let seq = 0;
  asyncHooks
    .createHook({
      init(id, type, _trigger, resource) {
        if (SKIPPED.has(type)) return;
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 20;
        const stack = new Error().stack.split('\n').slice(2);
        Error.stackTraceLimit = limit;
        // The worker's own stdout/stderr pipes are not the tests'.
        if (type === 'PIPEWRAP' && stack.some((line) => line.includes('createWritableStdioStream'))) return;
        const where = stack.filter((l) => !l.includes('node:internal') && !l.includes('node_modules/jest-'));
        live.set(id, { seq: ++seq, type, resource: new WeakRef(resource), stack: where.slice(0, 10).join('\n') });
      },
      destroy(id) {
        live.delete(id);
      },
    })
    .enable();

  /** The resources created after `since` (a mark()) that hold the event loop open now. */
  const open = (since) => {
    const found = [];
    for (const [id, entry] of live) {
      const resource = entry.resource.deref();
      if (!resource) live.delete(id);
      else if (entry.seq > since && holdsLoop(entry.type, resource)) found.push(entry);
    }
    return found;
  };

  return {
    mark: () => seq,
    open,
    /** Writes what `label` left open now, and how long (up to 3 s) until all of it closed, to HANDLE_CENSUS_OUT. */
    async report(label, since) {
      const atStart = open(since);
      const started = Date.now();
      let left = atStart;
      let at500 = null;
      while (left.length > 0 && Date.now() - started < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 25).unref());
        left = open(since);
        if (at500 === null && Date.now() - started >= 500) at500 = left;
      }
      const closedAfter = left.length ? 'not within 3000 ms' : `${Date.now() - started} ms`;
      const shown = left.length ? left : (at500 ?? []);
      mkdirSync(path.dirname(OUT), { recursive: true });
      appendFileSync(
        OUT,
        `## ${label} (pid ${process.pid}): ${atStart.length} open [${countTypes(atStart)}], all closed after ` +
          `${closedAfter}; open at 500 ms: ${at500?.length ?? 0}\n` +
          shown.map((entry) => `  - ${entry.type}\n${entry.stack}\n`).join(''),
      );
    },
  };
}

function holdsLoop(type, resource) {
  try {
    if (type === 'Timeout' && resource._destroyed) return false;
    return typeof resource.hasRef === 'function' && resource.hasRef();
  } catch {
    return false; // a handle already torn down answers with a throw: it holds nothing
  }
}

function countTypes(entries) {
  const counts = new Map();
  for (const { type } of entries) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${type}×${n}`).join(', ');
}

// One hook per process, however many test files load this module.
globalThis[KEY] ??= install();
module.exports = globalThis[KEY];
