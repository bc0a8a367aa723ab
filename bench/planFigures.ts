import type { PlanRecord } from '../server/store/embedded/congoPlanLog';

/**
 * MongoDB-style plan figures for a benchmark target, from the emulator's plan records of one run of it: what MongoDB's
 * explain("executionStats") would add up to over the request's commands. Times on the emulator say little about a real
 * server; these figures (index or collection scan, keys and documents examined, documents sorted in memory) do.
 */
export interface PlanFigures {
  commands: number;
  keysExamined: number;
  docsExamined: number;
  returned: number;
  /** The largest blocking (in-memory) sort of the request, in documents. */
  inMemorySort: number;
  /** Commands that scanned a whole collection, as `collection` names. */
  collectionScans: string[];
}

/** The plan record fields a benchmark keeps (filters stay on the database's thread). */
export type PlanSummary = Pick<
  PlanRecord,
  'collection' | 'stage' | 'keysExamined' | 'docsExamined' | 'nReturned' | 'inMemorySort'
>;

export function summarize(records: PlanRecord[]): PlanSummary[] {
  return records.map(({ collection, stage, keysExamined, docsExamined, nReturned, inMemorySort }) => ({
    collection,
    stage,
    keysExamined,
    docsExamined,
    nReturned,
    inMemorySort,
  }));
}

export function planFigures(records: PlanSummary[]): PlanFigures {
  return {
    commands: records.length,
    keysExamined: sum(records, (r) => r.keysExamined),
    docsExamined: sum(records, (r) => r.docsExamined),
    returned: sum(records, (r) => r.nReturned),
    inMemorySort: Math.max(0, ...records.map((r) => r.inMemorySort)),
    collectionScans: records.filter((r) => r.stage === 'COLLSCAN').map((r) => r.collection),
  };
}

/** The worst of several targets' figures, field by field (what a target of the endpoint may cost). */
export function worstOf(figures: PlanFigures[]): PlanFigures {
  return {
    commands: Math.max(0, ...figures.map((f) => f.commands)),
    keysExamined: Math.max(0, ...figures.map((f) => f.keysExamined)),
    docsExamined: Math.max(0, ...figures.map((f) => f.docsExamined)),
    returned: Math.max(0, ...figures.map((f) => f.returned)),
    inMemorySort: Math.max(0, ...figures.map((f) => f.inMemorySort)),
    collectionScans: [...new Set(figures.flatMap((f) => f.collectionScans))],
  };
}

/** One short column for the printed table: keys / docs examined, returned, largest in-memory sort, scans. */
export function planColumn(f: PlanFigures): string {
  const scans = f.collectionScans.length > 0 ? ` COLLSCAN ${f.collectionScans.join(',')}` : '';
  return `keys ${f.keysExamined} docs ${f.docsExamined} ret ${f.returned} sort ${f.inMemorySort}${scans}`;
}

function sum<T>(items: T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}
