import { MongoClient } from 'mongodb';
import { understand, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { createStore } from '../../server/store/Store';
import { fixedEngineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';
import { NOW, REFERENCE, syncedTenant } from '../core/insights/syncedTenant';

/** The engine over a freshly synced simulator tenant, the tenant's ground truth, and how to close both. */
export interface SyncedEngine {
  deps: EngineDeps;
  truth: Truth;
  /** The measure query a question is read as (throws when it is read as anything else). */
  measureOf(question: string): Promise<MeasureQuery>;
  close(): Promise<void>;
}

/** Syncs the simulator's tenant (40 users, seed 7) into its own database and asks at a minute after `reference`. */
export async function syncedEngine(label: string, reference = REFERENCE): Promise<SyncedEngine> {
  const s = await syncedTenant(label, 40, 7, reference);
  const client = new MongoClient(s.t.uri);
  await client.connect();
  const store = createStore(client.db(s.t.dbName));
  const now = reference === REFERENCE ? NOW : new Date(reference.getTime() + 60_000);
  const deps = await fixedEngineDeps(store, s.tenantId, now);
  const truth = await loadTruth(store, s.tenantId);
  return {
    deps,
    truth,
    async measureOf(question) {
      const parsed = await understand(deps, question);
      if (parsed.type !== 'query' || parsed.query.type !== 'measure')
        throw new Error(`"${question}" was not answered: ${JSON.stringify(parsed)}`);
      return parsed.query;
    },
    async close() {
      await client.close();
      await s.close();
    },
  };
}
