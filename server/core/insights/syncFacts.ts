import type { Store } from '../../store/Store';
import { firstSyncedDay } from './askFacts';
import { lastSuccessfulRun } from './syncStatus';
import { unreadableUserIds, unreadableUsers, type UnreadableUsers } from './userSyncErrors';

/**
 * What an Ask answer says about the synced data besides its figures: the first synced day (where the history starts,
 * for notes on periods reaching before it), when the last successful sync ended (the answer's "data as of") and whose
 * history the sync could not read (left out of figures, and said to be).
 */
export interface SyncFacts {
  firstSyncedDay(): Promise<string | null>;
  lastSyncedAt(): Promise<Date | null>;
  /** Users whose latest sync ended in an error (the export API refused them): their figures are unknown. */
  unreadable(): Promise<UnreadableUsers>;
  /** Their ids alone (one read fewer when nothing is shared). */
  unreadableUserIds(): Promise<string[]>;
  /** Forgets what was read (a sync run of this process has just ended). */
  forget(): void;
}

/**
 * How long answers reuse the facts. They change when a sync run ends (this process's runs make it forget at
 * once; another instance's, or `npm run sync`'s, are seen within this bound), when retention deletes the oldest days
 * and with the first activity ever stored; an answer's "data as of" is never older than the truth by more than this.
 */
export const SYNC_FACTS_TTL_MS = 5_000;

/** The facts read from the store on every call. */
export function readSyncFacts(store: Store, tenantId: string): SyncFacts {
  return {
    firstSyncedDay: () => firstSyncedDay(store, tenantId),
    lastSyncedAt: async () => (await lastSuccessfulRun(store, tenantId))?.endedAt ?? null,
    unreadable: () => unreadableUsers(store, tenantId),
    unreadableUserIds: () => unreadableUserIds(store, tenantId),
    forget: () => undefined,
  };
}

/**
 * The facts read once per `ttlMs` and shared by the questions asked meanwhile (a busy bot asks many a second): an
 * answer then sends no command of its own for them. A failed read is not kept.
 */
export function createSyncFacts(
  store: Store,
  tenantId: string,
  ttlMs = SYNC_FACTS_TTL_MS,
  clock: () => number = () => Date.now(),
): SyncFacts {
  const read = readSyncFacts(store, tenantId);
  const kept = <T>(load: () => Promise<T>) => {
    let cached: { at: number; value: Promise<T> } | null = null;
    return {
      get(): Promise<T> {
        const at = clock();
        if (!cached || at - cached.at >= ttlMs) {
          const value = load();
          const entry = { at, value };
          value.catch(() => {
            if (cached === entry) cached = null;
          });
          cached = entry;
        }
        return cached.value;
      },
      forget() {
        cached = null;
      },
    };
  };
  const first = kept(read.firstSyncedDay);
  const last = kept(read.lastSyncedAt);
  const unreadable = kept(read.unreadable);
  return {
    firstSyncedDay: () => first.get(),
    lastSyncedAt: () => last.get(),
    unreadable: () => unreadable.get(),
    unreadableUserIds: () => unreadable.get().then((u) => u.ids),
    forget() {
      first.forget();
      last.forget();
      unreadable.forget();
    },
  };
}

/** The answer's sync facts: the caller's shared ones, else read now. */
export function syncFactsOf(deps: { store: Store; tenantId: string; syncFacts?: SyncFacts }): SyncFacts {
  return deps.syncFacts ?? readSyncFacts(deps.store, deps.tenantId);
}
