/**
 * What MongoDB's `explain("executionStats")` would report for each read the CongoDB emulator answers, as its index
 * accelerator (congoIndexes.ts) planned it by MongoDB's rules: the index scanned or a collection scan, keys and
 * documents examined, documents returned, and how many documents went into a blocking (in-memory) sort.
 */

/** The plan of one read, in the terms of MongoDB's explain output. */
export interface PlanRecord {
  command: 'find' | 'count' | 'distinct' | 'aggregate';
  collection: string;
  filter: unknown;
  sort?: Array<[string, 1 | -1]>;
  limit: number;
  /**
   * How the documents were found: IXSCAN (one index), OR (one index per `$or` branch), COUNT_SCAN (a count from index
   * keys alone), IDHACK (by `_id`), EOF (nothing can match) or COLLSCAN (every document).
   */
  stage: 'IXSCAN' | 'OR' | 'COUNT_SCAN' | 'IDHACK' | 'EOF' | 'COLLSCAN';
  /** The index (or, for OR, each branch's index joined by ` + `). */
  index?: string;
  /** Whether the read asked for an order and the index gave it (no SORT stage); null without a sort. */
  sortFromIndex: boolean | null;
  keysExamined: number;
  docsExamined: number;
  nReturned: number;
  /** Documents fed into the blocking SORT stage (0 when the index gave the order or nothing was sorted). */
  inMemorySort: number;
  /** The collection's size when read. */
  collectionSize: number;
}

/** MongoDB's memory limit for one blocking sort: 100 MB (`internalQueryMaxBlockingSortMemoryUsageBytes`). */
export const BLOCKING_SORT_LIMIT_BYTES = 100 * 1024 * 1024;

/** The emulator's planner switches and its plan log. */
export class CongoPlanner {
  private log: PlanRecord[] | null = null;

  /**
   * A blocking sort needing more memory than this fails unless the read allows disk use, as on MongoDB up to 5.0 and
   * wherever `allowDiskUseByDefault` is off (MongoDB 6.0+ spills to disk by default; Cosmos DB and older servers do
   * not). Tests may lower it to meet the limit on small data.
   */
  blockingSortLimitBytes = BLOCKING_SORT_LIMIT_BYTES;

  /** Whether reads are being recorded (recording costs a filter pass over the candidates of each read). */
  get recording(): boolean {
    return this.log !== null;
  }

  /** Starts recording each read's plan; the function returned stops and hands back the records. */
  record(): () => PlanRecord[] {
    const log: PlanRecord[] = [];
    this.log = log;
    return () => {
      if (this.log === log) this.log = null;
      return log;
    };
  }

  add(record: PlanRecord): void {
    this.log?.push(record);
  }
}

/** The error MongoDB answers when a blocking sort passes its memory limit without `allowDiskUse`. */
export class SortMemoryLimitError extends Error {
  readonly code = 292;
  readonly codeName = 'QueryExceededMemoryLimitNoDiskUseAllowed';

  constructor(command: string, limit: number) {
    super(
      `Executor error during ${command} command :: caused by :: Sort exceeded memory limit of ${limit} bytes, but did not opt in to external sorting.`,
    );
  }
}
