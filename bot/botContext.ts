import type { AppContext } from '../server/appContext';
import type { Authenticator } from '../server/auth/authenticator';
import type { Principal } from '../server/auth/principal';
import { departmentNames } from '../server/core/insights/questions/departments';
import { unrecognisedApps, type TenantApp } from '../server/core/insights/questions/unrecognisedApps';
import { createNameDirectory } from '../server/core/insights/questions/nameDirectory';
import { createSourceCatalog } from '../server/core/insights/sourceFilter';
import { createSyncFacts, SYNC_FACTS_TTL_MS } from '../server/core/insights/syncFacts';
import type { SyncControl } from '../server/core/sync/syncControl';
import { componentLogger, type Logger } from '../server/logger';
import type { Store } from '../server/store/Store';
import type { EngineDeps } from '../server/core/ask/engine';
import { pseudonymsOf } from '../server/appPseudonyms';
import { retentionSettingsOf } from '../server/core/privacy/retention';

/** Everything the bot and the Ask box need, built once per server from the AppContext. */
export interface BotContext {
  store: Store;
  tenantId: string;
  now: () => Date;
  logger: Logger;
  publicUrl: string;
  mode: 'demo' | 'tenant';
  auth: Authenticator;
  syncControl: SyncControl;
  /** The question engine's dependencies for one caller. */
  engine(caller: Principal, via?: 'bot' | 'tab'): EngineDeps;
}

/** The tenant's own words the engine reads questions with. */
type Vocabulary = { departments: readonly string[]; apps: readonly TenantApp[] };

/** How long the tenant's department names are reused before the directory is read again. */
const VOCABULARY_TTL_MS = 5 * 60_000;

export function createBotContext(ctx: AppContext): BotContext {
  const logger = componentLogger(ctx.logger, 'bot');
  const publicUrl = (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/+$/, '');
  let cached: { at: number; value: Promise<Vocabulary> } | null = null;
  const vocabulary = (): Promise<Vocabulary> => {
    const at = Date.now();
    if (!cached || at - cached.at > VOCABULARY_TTL_MS) {
      const value = Promise.all([
        departmentNames(ctx.store, ctx.tenantId),
        unrecognisedApps(ctx.store, ctx.tenantId),
      ]).then(([departments, apps]) => ({ departments, apps }));
      value.catch(() => (cached = null));
      cached = { at, value };
    }
    return cached.value;
  };
  // Names change with syncs, not per question: one read of the directory serves questions for a few minutes.
  const names = createNameDirectory(ctx.store, ctx.tenantId, VOCABULARY_TTL_MS);
  // Data sources and sites by name, for questions naming one ("Coho Winery Budget.xlsx"), likewise.
  const sources = createSourceCatalog(ctx.store, ctx.tenantId, VOCABULARY_TTL_MS);
  // The first synced day and the last sync's end, shared for a few seconds; a run of this process renews them at once.
  const syncFacts = createSyncFacts(ctx.store, ctx.tenantId, SYNC_FACTS_TTL_MS, () => ctx.now().getTime());
  ctx.syncControl.onRunFinished(() => {
    syncFacts.forget();
    // A file or person first synced by this run is named at once, not "not found" until the copy expires; so is a
    // department first seen.
    sources.forget();
    names.forget();
    cached = null;
  });
  return {
    store: ctx.store,
    tenantId: ctx.tenantId,
    now: ctx.now,
    logger,
    publicUrl,
    mode: ctx.mode,
    auth: ctx.auth,
    syncControl: ctx.syncControl,
    engine: (caller, via = 'bot') => ({
      store: ctx.store,
      tenantId: ctx.tenantId,
      now: ctx.now,
      logger,
      caller,
      via,
      publicUrl,
      vocabulary,
      names,
      sources,
      syncFacts,
      timeZone: ctx.config.TIME_ZONE,
      minGroupSize: ctx.config.MIN_GROUP_SIZE,
      backfillDays: ctx.config.BACKFILL_DAYS,
      retention: retentionSettingsOf(ctx.config),
      viewerPseudonyms: pseudonymsOf(ctx),
    }),
  };
}
