/** What the simulator served, for tests, benchmarks and the live demo's control API. */
export interface SimulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  /** Status codes as strings; `dropped` for connections destroyed on purpose. */
  byStatus: Record<string, number>;
  throttled429: number;
  faultsInjected: Record<string, number>;
  tokensIssued: number;
  /** 200 pages of users or interactions. */
  pagesServed: number;
  interactionsServed: number;
  usersServed: number;
  /** Most requests in flight at once (Graph and auth routes, not the control API). */
  maxConcurrent: number;
  inFlight: number;
  since: string;
}

/** Collects SimulatorStats; reset() starts a new record. */
export class SimulatorStatsRecorder {
  private stats: SimulatorStats;

  constructor(private readonly now: () => Date) {
    this.stats = this.empty();
  }

  /** Counts a request; call the returned function once when it ends. */
  begin(route: string, concurrent: boolean): (status: number | 'dropped') => void {
    const s = this.stats;
    s.requests += 1;
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1;
    if (concurrent) {
      s.inFlight += 1;
      s.maxConcurrent = Math.max(s.maxConcurrent, s.inFlight);
    }
    let done = false;
    return (status) => {
      if (done) return;
      done = true;
      // A reset while the request ran starts a new record; only count into the one it began in.
      if (s !== this.stats) return;
      if (concurrent) s.inFlight -= 1;
      const key = String(status);
      s.byStatus[key] = (s.byStatus[key] ?? 0) + 1;
      if (status === 429) s.throttled429 += 1;
    };
  }

  fault(kind: string): void {
    this.stats.faultsInjected[kind] = (this.stats.faultsInjected[kind] ?? 0) + 1;
  }

  tokenIssued(): void {
    this.stats.tokensIssued += 1;
  }

  page(kind: 'users' | 'interactions', items: number): void {
    this.stats.pagesServed += 1;
    if (kind === 'users') this.stats.usersServed += items;
    else this.stats.interactionsServed += items;
  }

  snapshot(): SimulatorStats {
    const s = this.stats;
    return { ...s, byRoute: { ...s.byRoute }, byStatus: { ...s.byStatus }, faultsInjected: { ...s.faultsInjected } };
  }

  reset(): void {
    this.stats = this.empty();
  }

  private empty(): SimulatorStats {
    return {
      requests: 0,
      byRoute: {},
      byStatus: {},
      throttled429: 0,
      faultsInjected: {},
      tokensIssued: 0,
      pagesServed: 0,
      interactionsServed: 0,
      usersServed: 0,
      maxConcurrent: 0,
      inFlight: 0,
      since: this.now().toISOString(),
    };
  }
}
