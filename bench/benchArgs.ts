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
