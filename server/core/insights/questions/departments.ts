import type { Store } from '../../../store/Store';

/** The tenant's department names (from the licensed directory): the question parser's vocabulary. */
export async function departmentNames(store: Store, tenantId: string): Promise<string[]> {
  const [licensed, active] = await Promise.all([
    store.directoryUsers.distinct('department', { tenantId }),
    store.users.distinct('department', { tenantId }),
  ]);
  const names = new Set<string>();
  for (const d of [...licensed, ...active]) if (typeof d === 'string' && d.trim()) names.add(d.trim());
  return [...names].sort();
}
