import type { EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/** What a suite over the corpus tenant reads: the harness, the engine's dependencies and the stored ground truth. */
export interface CorpusSuite {
  readonly h: AppHarness;
  readonly deps: EngineDeps;
  readonly truth: Truth;
}

/**
 * The corpus tenant (the simulator's 40 users, seed 11) synced at `now` before the suite's tests and closed after
 * them; `prepare` runs once synced (risky turns injected, another sync) before the ground truth is read.
 */
export function corpusSuite(now: Date, prepare?: (h: AppHarness) => Promise<void>): CorpusSuite {
  let started: { h: AppHarness; deps: EngineDeps; truth: Truth } | null = null;
  beforeAll(async () => {
    const h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
    await prepare?.(h);
    started = { h, deps: engineDeps(h), truth: await loadTruth(h.testStore.store, h.ctx.tenantId) };
  }, 300_000);
  afterAll(() => started?.h.close());
  const get = () => {
    if (!started) throw new Error('the corpus tenant is read only inside the suite’s tests');
    return started;
  };
  return {
    get h() {
      return get().h;
    },
    get deps() {
      return get().deps;
    },
    get truth() {
      return get().truth;
    },
  };
}
