import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { answerToken, type EngineDeps } from '../../server/core/ask/engine';
import { departmentNames } from '../../server/core/insights/questions/departments';
import { createNameDirectory } from '../../server/core/insights/questions/nameDirectory';
import { demoAdmin } from '../../server/auth/principal';

export { demoAdmin };
import type { AppHarness } from '../support/appHarness';

/** The engine's dependencies over a harness's store, as the tab's Ask box builds them. */
export function engineDeps(h: AppHarness, timeZone = 'UTC'): EngineDeps {
  const { store } = h.testStore;
  return {
    store,
    tenantId: h.ctx.tenantId,
    now: h.ctx.now,
    logger: h.ctx.logger,
    caller: demoAdmin(h.ctx.tenantId),
    via: 'tab',
    publicUrl: 'http://localhost:3978',
    names: createNameDirectory(store, h.ctx.tenantId, 60_000),
    vocabulary: async () => ({ departments: await departmentNames(store, h.ctx.tenantId) }),
    timeZone,
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
