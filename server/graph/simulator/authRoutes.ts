import express, { type Request, type Response, type Router } from 'express';
import { GRAPH_DEFAULT_SCOPE } from '../constants';
import { GRAPH_RESOURCE } from './accessTokens';
import { entraErrorBody, entraErrors, type EntraError } from './entraErrors';
import { requestIds, requestOrigin } from './graphResponses';
import type { TokenOutage } from './faults';
import type { SimulatorContext } from './simulatorContext';

/**
 * The Microsoft Entra endpoints msal-node and @azure/identity call for app-only tokens: OpenID metadata (issuer
 * on the simulator's own origin, which msal validates), instance discovery, JWKS, and the v2.0 token endpoint.
 */
export function createAuthRouter(ctx: SimulatorContext): Router {
  const router = express.Router({ caseSensitive: false });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = resolveTenant(ctx, String(req.params.tenant));
    if (!tenant.ok) return sendEntraError(ctx, req, res, tenant.error);
    res.json(openIdConfiguration(requestOrigin(req, ctx.origin()), ctx.tenant.tenantId));
  });

  router.get('/common/discovery/instance', (req, res) => {
    const origin = requestOrigin(req, ctx.origin());
    const host = new URL(origin).host;
    res.json({
      tenant_discovery_endpoint: `${origin}/${ctx.tenant.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    const tenant = resolveTenant(ctx, String(req.params.tenant));
    if (!tenant.ok) return sendEntraError(ctx, req, res, tenant.error);
    // App-only Graph tokens are HMAC-signed (only this simulator verifies them); Teams SSO tokens are RS256 and
    // verified by our server with this key set, as it would Entra's.
    res.json(ctx.ssoTokens.jwks());
  });

  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
    const outage = ctx.faults.tokenOutage();
    if (outage) return sendTokenOutage(ctx, req, res, outage);
    const decision = ctx.faults.decide({ route: 'token', url: `POST ${req.path}`, isNextLink: false });
    if (decision.kind === 'drop') {
      ctx.stats.fault('drop');
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'serverError') {
      ctx.stats.fault(`server${decision.status}`);
      res.status(decision.status).json({
        error: 'temporarily_unavailable',
        error_description: 'AADSTS90033: A transient error has occurred. Please try again.',
      });
      return;
    }
    const outcome = checkTokenRequest(ctx, String(req.params.tenant), (req.body ?? {}) as Record<string, unknown>);
    if (!outcome.ok) return sendEntraError(ctx, req, res, outcome.error);
    const accessToken = ctx.tokens.issue({
      clientId: ctx.tenant.app.clientId,
      roles: ctx.appRoles,
      lifetimeSeconds: ctx.tokenLifetimeSeconds,
      servicePrincipalId: ctx.servicePrincipalId,
    });
    ctx.stats.tokenIssued();
    noStore(res);
    res.json({
      token_type: 'Bearer',
      expires_in: ctx.tokenLifetimeSeconds,
      ext_expires_in: ctx.tokenLifetimeSeconds,
      access_token: accessToken,
    });
  });

  return router;
}

type Check = { ok: true } | { ok: false; error: EntraError };

function resolveTenant(ctx: SimulatorContext, tenant: string): Check {
  const lower = tenant.toLowerCase();
  if (lower === ctx.tenant.tenantId || lower === ctx.tenant.domain) return { ok: true };
  if (['common', 'organizations', 'consumers'].includes(lower))
    return { ok: false, error: entraErrors.noTenantInformation() };
  return { ok: false, error: entraErrors.tenantNotFound(tenant) };
}

/** Validates a client-credentials request in the order Entra reports problems. */
function checkTokenRequest(ctx: SimulatorContext, tenant: string, body: Record<string, unknown>): Check {
  const field = (name: string): string | undefined =>
    typeof body[name] === 'string' ? (body[name] as string) : undefined;
  const grantType = field('grant_type');
  if (!grantType) return { ok: false, error: entraErrors.missingParameter('grant_type') };
  const tenantCheck = resolveTenant(ctx, tenant);
  if (!tenantCheck.ok) return tenantCheck;
  if (grantType !== 'client_credentials') return { ok: false, error: entraErrors.unsupportedGrantType(grantType) };
  const clientId = field('client_id');
  if (!clientId) return { ok: false, error: entraErrors.missingParameter('client_id') };
  const scope = field('scope');
  if (!scope) return { ok: false, error: entraErrors.missingParameter('scope') };
  if (clientId.toLowerCase() !== ctx.tenant.app.clientId)
    return { ok: false, error: entraErrors.applicationNotFound(clientId, ctx.tenant.tenantId) };
  const scopeError = checkScope(scope);
  if (scopeError) return { ok: false, error: scopeError };
  const secret = field('client_secret');
  if (secret === undefined && !field('client_assertion')) return { ok: false, error: entraErrors.missingCredential() };
  if (secret === ctx.tenant.expiredSecret) return { ok: false, error: entraErrors.expiredSecret(clientId) };
  if (secret !== ctx.tenant.app.clientSecret) return { ok: false, error: entraErrors.invalidSecret(clientId) };
  return { ok: true };
}

/** Only Graph's `.default` scope works for app-only tokens (msal may add nothing else for client credentials). */
function checkScope(scope: string): EntraError | null {
  const scopes = scope.split(/\s+/).filter(Boolean);
  const graphDefault = [
    GRAPH_DEFAULT_SCOPE,
    `${GRAPH_RESOURCE}//.default`,
    '00000003-0000-0000-c000-000000000000/.default',
  ];
  for (const s of scopes) {
    if (['openid', 'profile', 'offline_access'].includes(s.toLowerCase())) continue;
    if (!s.toLowerCase().endsWith('/.default')) return entraErrors.scopeWithoutDefault(s);
    if (!graphDefault.includes(s.toLowerCase())) return entraErrors.invalidScope(s);
  }
  return scopes.some((s) => s.toLowerCase().endsWith('/.default')) ? null : entraErrors.invalidScope(scope);
}

function sendEntraError(ctx: SimulatorContext, req: Request, res: Response, error: EntraError): void {
  noStore(res);
  const origin = requestOrigin(req, ctx.origin());
  res
    .status(error.status)
    .json(entraErrorBody(error, ctx.now(), origin, req.get('client-request-id') ?? requestIds(res).clientRequestId));
}

/**
 * One token request during an Entra incident: 503 (or the configured status) with `temporarily_unavailable` and
 * AADSTS90006, which Entra documents as "retry the request", `Retry-After` in seconds or as an HTTP date when set.
 */
function sendTokenOutage(ctx: SimulatorContext, req: Request, res: Response, outage: TokenOutage): void {
  const status = outage.status ?? 503;
  ctx.stats.fault(`tokenOutage${status}`);
  noStore(res);
  if (outage.retryAfterSeconds !== undefined) {
    const seconds = outage.retryAfterSeconds;
    res.setHeader(
      'Retry-After',
      outage.retryAfterAsDate ? new Date(ctx.now().getTime() + seconds * 1000).toUTCString() : String(seconds),
    );
  }
  const body = outage.body ?? 'aadsts';
  if (body === 'html') {
    res.status(status).type('html').send('<html><body><h1>Service Unavailable</h1></body></html>');
    return;
  }
  const error = entraErrors.temporarilyUnavailable(status);
  if (body === 'oauth') {
    res.status(status).json({ error: error.error, error_description: `AADSTS${error.code}: ${error.description}` });
    return;
  }
  const origin = requestOrigin(req, ctx.origin());
  res
    .status(status)
    .json(entraErrorBody(error, ctx.now(), origin, req.get('client-request-id') ?? requestIds(res).clientRequestId));
}

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store, no-cache');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('x-ms-request-id', requestIds(res).requestId);
}

/** Entra's v2.0 OpenID metadata with every endpoint on the simulator's origin. */
function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(origin).host,
    rbac_url: 'https://pas.windows.net',
  };
}
