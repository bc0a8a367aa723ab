import type { Config } from './config';
import type { SyncControl } from './core/sync/syncControl';
import type { Logger } from './logger';
import type { Store } from './store/Store';

/** What every HTTP route factory receives (built once in the composition root). */
export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  tenantId: string;
  mode: 'demo' | 'tenant';
  now: () => Date;
  mongoEngine: string;
  mongoPersistent: boolean;
  syncControl: SyncControl;
}
