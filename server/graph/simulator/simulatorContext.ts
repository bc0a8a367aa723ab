import type { Logger } from '../../logger';
import { TokenBucket, type TakeResult } from '../../lib/tokenBucket';
import type { AccessTokenIssuer } from './accessTokens';
import type { FaultInjector } from './faults';
import type { SimulatorStatsRecorder } from './simulatorStats';
import type { SsoTokenIssuer } from './ssoTokens';
import type { SubscriptionHub } from './subscriptionHub';
import type { SyntheticTenant } from './syntheticTenant';

export type RetryAfterStyle = 'integer' | 'fractional';

/** Everything the simulator's routes share; built once by startGraphSimulator (or a test). */
export interface SimulatorContext {
  tenant: SyntheticTenant;
  now: () => Date;
  logger: Logger;
  tokens: AccessTokenIssuer;
  /** Teams SSO (delegated) tokens for directory users, RS256 with a published JWKS. */
  ssoTokens: SsoTokenIssuer;
  faults: FaultInjector;
  stats: SimulatorStatsRecorder;
  throttle: GraphThrottle;
  /** Delay before each Graph response (ms), drawn per request. */
  latency: () => number;
  retryAfterStyle: RetryAfterStyle;
  tokenLifetimeSeconds: number;
  /** Application roles put in issued tokens (admin consent granted). */
  appRoles: readonly string[];
  /** Object id of the app's service principal (the token's oid/sub). */
  servicePrincipalId: string;
  /** The listening origin, for requests without a usable Host header. */
  origin: () => string;
  /** Change-notification subscriptions and their deliveries. */
  subscriptions: SubscriptionHub;
  /** Key that binds $skiptoken values to their listing (deterministic per tenant, so URLs repeat across runs). */
  skipTokenKey: string;
}

/**
 * Per-app token buckets: getAllEnterpriseInteractions is limited to `interactionsPerSecond` per app per tenant
 * (30 on Graph); `/users` only when a limit is configured.
 */
export class GraphThrottle {
  private readonly interactionBuckets = new Map<string, TokenBucket>();
  private readonly userBuckets = new Map<string, TokenBucket>();

  constructor(
    private readonly interactionsPerSecond: number,
    private readonly usersPerSecond: number | undefined,
    private readonly nowMs: () => number,
  ) {}

  take(route: 'users' | 'interactions', appId: string): TakeResult & { bucket?: TokenBucket } {
    const rate = route === 'users' ? this.usersPerSecond : this.interactionsPerSecond;
    if (!rate) return { ok: true };
    const buckets = route === 'users' ? this.userBuckets : this.interactionBuckets;
    let bucket = buckets.get(appId);
    if (!bucket) {
      bucket = new TokenBucket({ ratePerSecond: rate, now: this.nowMs });
      buckets.set(appId, bucket);
    }
    return { ...bucket.tryTake(), bucket };
  }
}
