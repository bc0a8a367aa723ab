/** Reads `--name value` pairs from argv into numbers, with defaults; rejects unknown names. */
export function parseNumberArgs<T extends Record<string, number>>(argv: readonly string[], defaults: T): T {
  const result: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '') ?? '';
    const value = Number(argv[i + 1]);
    if (!(name in defaults))
      throw new Error(
        `Unknown option --${name}; known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
    result[name] = value;
  }
  return result as T;
}

/**
 * Takes `--name a,b` out of argv (a list of names, which may hold spaces and colons: "by user: 30 days,by site"),
 * returning the list (empty when absent) and the other arguments for parseNumberArgs.
 */
export function takeListArg(argv: readonly string[], name: string): { list: string[]; rest: string[] } {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return { list: [], rest: [...argv] };
  const value = argv[at + 1];
  if (value === undefined) throw new Error(`--${name} needs a comma-separated list`);
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return { list, rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

/** Samples the process's resident memory and remembers the peak. */
export function trackPeakRss(everyMs = 200): { peakMb(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  timer.unref();
  return {
    peakMb: () => Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024),
    stop: () => clearInterval(timer),
  };
}
