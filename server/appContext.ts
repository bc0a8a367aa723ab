import type { Authenticator } from './auth/authenticator';
import type { Config } from './config';
import type { SyncControl } from './core/sync/syncControl';
import type { GraphGateway } from './graph/GraphGateway';
import type { Logger } from './logger';
import type { GraphAppIdentity } from './services';
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
  /** The Graph client the sync uses (the connect flow's "Test connection" reuses it). */
  gateway: GraphGateway;
  graphApp: GraphAppIdentity;
  /** Who is calling the API or the bot (Teams SSO tokens; the local demo identity). */
  auth: Authenticator;
  /** Key of the Viewer tier's person pseudonyms (derived from STATE_SIGNING_KEY); unset: one per process. */
  pseudonymKey?: Buffer;
  /** The server's fetch (it trusts the demo simulator's certificate): the demo's consent relay uses it. */
  httpFetch?: typeof fetch;
}
