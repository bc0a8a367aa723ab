import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { answerQuery, answerToken, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery } from '../../server/core/ask/querySchema';
import { departmentNames } from '../../server/core/insights/questions/departments';
import { unrecognisedApps } from '../../server/core/insights/questions/unrecognisedApps';
import { createNameDirectory } from '../../server/core/insights/questions/nameDirectory';
import { demoAdmin } from '../../server/auth/principal';

export { demoAdmin };
import { createSilentLogger, type Logger } from '../../server/logger';
import type { Store } from '../../server/store/Store';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { loadTruth, type Truth } from './groundTruthFigures';

/** The engine's dependencies over a harness's store, as the tab's Ask box builds them. */
export function engineDeps(h: AppHarness, timeZone = 'UTC'): EngineDeps {
  const { store } = h.testStore;
  return {
    ...adminEngineDeps(store, h.ctx.tenantId, h.ctx.now, h.ctx.logger),
    vocabulary: async () => ({
      departments: await departmentNames(store, h.ctx.tenantId),
      apps: await unrecognisedApps(store, h.ctx.tenantId),
    }),
    timeZone,
    backfillDays: h.ctx.config.BACKFILL_DAYS,
  };
}

/**
 * The engine's dependencies over a synced store at a fixed `now`, in UTC, for the demo Admin in the tab; the
 * departments are read once (the store does not change while the suite asks).
 */
export async function fixedEngineDeps(store: Store, tenantId: string, now: Date): Promise<EngineDeps> {
  const departments = await departmentNames(store, tenantId);
  return {
    ...adminEngineDeps(store, tenantId, () => now, createSilentLogger()),
    vocabulary: async () => ({ departments }),
    timeZone: 'UTC',
  };
}

/** What every test engine shares: the demo Admin asking in the tab, names from the store's directory. */
function adminEngineDeps(
  store: Store,
  tenantId: string,
  now: () => Date,
  logger: Logger,
): Omit<EngineDeps, 'vocabulary' | 'timeZone'> {
  return {
    store,
    tenantId,
    now,
    logger,
    caller: demoAdmin(tenantId),
    via: 'tab',
    publicUrl: 'http://localhost:3978',
    names: createNameDirectory(store, tenantId, 60_000),
  };
}

/** Every row of an answer, following its next-page tokens. */
export async function allRows(deps: EngineDeps, first: AskAnswer): Promise<AskAnswer['rows']> {
  const rows = [...first.rows];
  for (let token = first.nextPageToken; token;) {
    const next = await answerToken(deps, token);
    rows.push(...next.rows);
    token = next.nextPageToken;
  }
  return rows;
}

/** What the engine reads a question as (a reply when it asks back); throws when it is no query at all. */
export async function queryOf(deps: EngineDeps, question: string): Promise<AskQuery> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query') throw new Error(`not a query: ${question}`);
  return parsed.query;
}

/** A question read as a query, its answer and every row of it (following page tokens); throws when it is no query. */
export async function askedQuery(
  deps: EngineDeps,
  question: string,
): Promise<{ q: AskQuery; a: AskAnswer; rows: AskAnswer['rows'] }> {
  const q = await queryOf(deps, question);
  const a = await answerQuery(deps, q, question);
  return { q, a, rows: await allRows(deps, a) };
}

/**
 * A suite's harness (40 users of seed 11 unless told), its engine and the ground truth read from its store, set up
 * before the suite's tests and closed after them: read the fields inside tests, once `beforeAll` has run.
 */
export function askHarness(options: Parameters<typeof startAppHarness>[0]): {
  h: AppHarness;
  deps: EngineDeps;
  truth: Truth;
} {
  const suite = {} as { h: AppHarness; deps: EngineDeps; truth: Truth };
  beforeAll(async () => {
    suite.h = await startAppHarness({ userCount: 40, seed: 11, ...options });
    suite.deps = engineDeps(suite.h);
    suite.truth = await loadTruth(suite.h.testStore.store, suite.h.ctx.tenantId);
  }, 240_000);
  afterAll(() => suite.h?.close());
  return suite;
}
