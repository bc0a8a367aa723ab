import type { Config } from '../config';
import { createAuthenticator, type Authenticator } from './authenticator';
import { tenantSigningKeys } from './tenantSigningKeys';
import { createTierRule, tierRuleSettingsOf } from './tierRule';
import { createTokenValidator } from './tokenValidator';

export interface AuthSettings {
  config: Config;
  /** The tenant whose users sign in (the configured tenant, or the demo tenant). */
  tenantId: string;
  /** Our Entra app's client id (`webApplicationInfo.id`): the SSO token's audience. */
  clientId: string;
  /** Entra's authority host (the simulator's origin in demo mode). */
  authorityHost: string;
  /** Fetch used for the key set (trusts the demo simulator's certificate in demo mode). */
  fetch: typeof fetch;
  now: () => Date;
}

/** The tab's and bot's authenticator: Entra's published signing keys for the tenant, our audiences and the tier rule. */
export function buildAuthenticator(settings: AuthSettings): Authenticator {
  const { config, tenantId, clientId } = settings;
  const authority = settings.authorityHost.replace(/\/+$/, '');
  const keys = tenantSigningKeys(authority, tenantId, settings.fetch);
  const audiences = [clientId, `api://${clientId}`, ...(config.APP_ID_URI ? [config.APP_ID_URI] : [])];
  const authenticator = createAuthenticator({
    mode: config.mode,
    tenantId,
    validateToken: createTokenValidator({
      keys,
      tenantId,
      audiences,
      issuers: [`${authority}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
      requiredScope: 'access_as_user',
      now: settings.now,
    }),
    tierOf: createTierRule(tierRuleSettingsOf(config)),
    demoTier: config.DEMO_TIER,
  });
  return { ...authenticator, signingKeys: keys };
}
