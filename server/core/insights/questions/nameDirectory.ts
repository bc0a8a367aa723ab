import type { Store } from '../../../store/Store';

/** A person as name resolution sees them (active users and licensed users, one entry per user id). */
export interface NamedPerson {
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  department: string | null;
}

/** Where name resolution finds people: read once and kept for `ttlMs` (names change with syncs, not per question). */
export interface NameDirectory {
  people(): Promise<NamedPerson[]>;
  /** Drops the cached copy: the next question reads the directory again (a sync has just brought people in). */
  forget(): void;
}

const PROJECTION = { _id: 0, userId: 1, displayName: 1, userPrincipalName: 1, mail: 1, department: 1 } as const;

/** Active users first (they carry activity), then licensed users not yet active. */
export async function readPeople(store: Store, tenantId: string): Promise<NamedPerson[]> {
  const [active, licensed] = await Promise.all([
    store.users.find({ tenantId }, { projection: PROJECTION }).toArray(),
    store.directoryUsers.find({ tenantId }, { projection: PROJECTION }).toArray(),
  ]);
  const seen = new Map<string, NamedPerson>();
  for (const p of [...active, ...licensed])
    if (!seen.has(p.userId))
      seen.set(p.userId, {
        userId: p.userId,
        displayName: p.displayName ?? null,
        userPrincipalName: p.userPrincipalName ?? null,
        mail: p.mail ?? null,
        department: p.department ?? null,
      });
  return [...seen.values()];
}

/** A directory cached per process for `ttlMs` (0: read on every call). */
export function createNameDirectory(
  store: Store,
  tenantId: string,
  ttlMs: number,
  clock = () => Date.now(),
): NameDirectory {
  let cached: { at: number; value: Promise<NamedPerson[]> } | null = null;
  return {
    people() {
      const at = clock();
      if (!cached || ttlMs <= 0 || at - cached.at > ttlMs) {
        const value = readPeople(store, tenantId);
        // A failed read is not kept: the next question tries again.
        value.catch(() => (cached = null));
        cached = { at, value };
      }
      return cached.value;
    },
    forget() {
      cached = null;
    },
  };
}

const derived = new WeakMap<readonly NamedPerson[], Map<unknown, unknown>>();

/**
 * What `build` makes of one read of the directory (names split into words, say), made once per read: the directory
 * hands out the same list for minutes, and a question should not split thousands of names again.
 */
export function derivedFrom<T>(people: readonly NamedPerson[], build: (people: readonly NamedPerson[]) => T): T {
  let built = derived.get(people);
  if (!built) derived.set(people, (built = new Map()));
  if (!built.has(build)) built.set(build, build(people));
  return built.get(build) as T;
}
