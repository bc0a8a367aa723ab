import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outcomeReply } from '../../server/core/ask/outcomeMeasures';
import { parseQuestion, type ParseResult, type UnderstandContext } from '../../server/core/ask/understand';
import { departmentNames } from '../../server/core/insights/questions/departments';
import { readPeople, type NamedPerson } from '../../server/core/insights/questions/nameDirectory';
import { readSourceCatalog, type NamedSourceEntry } from '../../server/core/insights/sourceFilter';
import type { Store } from '../../server/store/Store';

/**
 * What understanding reads of the corpus tenant (test/ask/corpus.test.ts: the simulator's 40 users, seed 11, synced
 * with its injected risky turns): the directory in the order name resolution reads it, the departments and the
 * data-source catalogue. understandOracle.test.ts reads the corpus over it with no database; corpus.test.ts checks
 * that it still reads every question as the synced tenant does, and re-creates it when run with
 * `WRITE_CORPUS_TENANT=1 npx jest --maxWorkers=1 test/ask/corpus.test.ts` (after a change to the simulator).
 */
export interface CorpusTenant {
  people: NamedPerson[];
  departments: string[];
  sources: NamedSourceEntry[];
}

export const CORPUS_TENANT_FILE = join(__dirname, '..', 'fixtures', 'corpusTenant.json');

/** The store's directory, departments and sources as the engine reads them. */
export async function snapshotCorpusTenant(store: Store, tenantId: string): Promise<CorpusTenant> {
  const [people, departments, sources] = await Promise.all([
    readPeople(store, tenantId),
    departmentNames(store, tenantId),
    readSourceCatalog(store, tenantId),
  ]);
  return { people, departments, sources };
}

export function writeCorpusTenant(tenant: CorpusTenant): void {
  writeFileSync(CORPUS_TENANT_FILE, `${JSON.stringify(tenant, null, 2)}\n`);
}

export function readCorpusTenant(): CorpusTenant {
  return JSON.parse(readFileSync(CORPUS_TENANT_FILE, 'utf8')) as CorpusTenant;
}

/**
 * The context parseQuestion gets from the engine for this tenant. The lists are handed out as the same arrays on every
 * call, as the engine's caches do (what is derived from the directory is built once per list).
 */
export function corpusContext(tenant: CorpusTenant, now: Date, timeZone = 'UTC'): UnderstandContext {
  return {
    now,
    timeZone,
    departments: tenant.departments,
    names: { people: async () => tenant.people, forget: () => undefined },
    // Every source as the candidates too: a name is matched among them as among the few the store's index gives.
    sources: { candidates: async () => tenant.sources, all: async () => tenant.sources },
  };
}

/** A question read as the engine's `understand` reads it: an outcome it does not measure first, then parseQuestion. */
export async function understandOver(ctx: UnderstandContext, question: string): Promise<ParseResult> {
  const outcome = question.length <= 500 ? outcomeReply(question.toLowerCase()) : null;
  if (outcome) return { type: 'query', query: outcome };
  return parseQuestion(question, ctx);
}
