import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import type { Page } from '../../../server/core/insights/types';
import { storedRows, type TruthRow } from '../../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

export const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
export const NOW = new Date(REFERENCE.getTime() + 60_000);
export const DAY = 24 * 60 * 60 * 1000;

export interface SyncedTenant {
  h: GraphHarness;
  t: TestStore;
  tenantId: string;
  /** Every stored interaction, read raw (the independent side of each comparison). */
  rows: TruthRow[];
  /** An incremental sync of the tenant a minute after NOW (a later run over the same store). */
  syncAgain(): Promise<void>;
  close(): Promise<void>;
}

function runnerOf(h: GraphHarness, t: TestStore, now: Date): SyncRunner {
  return new SyncRunner({
    store: t.store,
    gateway: h.gateway(),
    logger: createSilentLogger(),
    now: () => now,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 90,
      overlapMinutes: 15,
      concurrency: 4,
    },
  });
}

/** The simulated tenant synced once into a fresh database (90-day backfill up to a minute after `reference`, NOW). */
export async function syncedTenant(
  label: string,
  userCount = 40,
  seed = 7,
  reference = REFERENCE,
): Promise<SyncedTenant> {
  const h = await startGraphHarness({ seed, userCount, referenceTime: reference });
  const t = await openTestStore(label);
  const tenantId = h.tenant.tenantId;
  await runnerOf(h, t, new Date(reference.getTime() + 60_000)).run({ mode: 'full', trigger: 'test' });
  const rows = await storedRows(t.store, tenantId);
  return {
    h,
    t,
    tenantId,
    rows,
    async syncAgain() {
      await runnerOf(h, t, new Date(reference.getTime() + 120_000)).run({ mode: 'incremental', trigger: 'test' });
    },
    async close() {
      await t.close();
      await h.close();
    },
  };
}

/** Follows every page of a list; fails on a row seen twice. */
export async function walkPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  idOf: (row: T) => string,
): Promise<{ rows: T[]; pages: number; totals: number[] }> {
  const rows: T[] = [];
  const seen = new Set<string>();
  const totals: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor);
    pages += 1;
    totals.push(page.total);
    for (const row of page.items) {
      const id = idOf(row);
      if (seen.has(id)) throw new Error(`row ${id} appeared twice`);
      seen.add(id);
      rows.push(row);
    }
    cursor = page.nextCursor ?? undefined;
    if (pages > 10_000) throw new Error('paging never ends');
  } while (cursor);
  return { rows, pages, totals };
}

/** Counts into a record. */
export function tally(record: Record<string, number>, key: string, n = 1): void {
  record[key] = (record[key] ?? 0) + n;
}
