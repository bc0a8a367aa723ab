import { readFileSync } from 'node:fs';
import { loadConfig } from '../../server/config';
import { resolveJsonPlaceholders } from '../../server/packaging/placeholders';
import { envKeys, PROVISIONED, readRepoFile } from './projectFixture';
import { fetchToolkitSchemas } from './toolkitSchemas';

const MICROSOFT_GRAPH = '00000003-0000-0000-c000-000000000000';
/**
 * Application permission ids from Microsoft's Graph permissions reference
 * (https://learn.microsoft.com/graph/permissions-reference): AiEnterpriseInteraction.Read.All, User.Read.All.
 */
const PERMISSIONS = {
  'AiEnterpriseInteraction.Read.All': '839c90ab-5771-41ee-aef8-a562e8487c1e',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
};
/** Teams client ids Microsoft documents for tab SSO pre-authorisation (tab-sso-register-aad). */
const TEAMS_DESKTOP_AND_MOBILE = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const TEAMS_WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

interface EntraManifest {
  appId: string;
  signInAudience: string;
  identifierUris: string[];
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean }[];
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  web: { redirectUris: string[] };
}

const text = readRepoFile('aad.manifest.json');
const manifest = JSON.parse(text) as EntraManifest;

describe('aad.manifest.json (the Entra app provision applies)', () => {
  it('asks Microsoft Graph for the application permissions AiEnterpriseInteraction.Read.All and User.Read.All, by id', () => {
    expect(manifest.requiredResourceAccess).toEqual([
      {
        resourceAppId: MICROSOFT_GRAPH,
        resourceAccess: [
          { id: PERMISSIONS['AiEnterpriseInteraction.Read.All'], type: 'Role' },
          { id: PERMISSIONS['User.Read.All'], type: 'Role' },
        ],
      },
    ]);
  });

  it("uses the User.Read.All id Graph's own service principal lists (the toolkit's snapshot of it)", () => {
    const graph = (
      JSON.parse(readFileSync(fetchToolkitSchemas().graphPermissions, 'utf8')) as {
        value: { appId: string; appRoles: { id: string; value: string }[] }[];
      }
    ).value.find((sp) => sp.appId === MICROSOFT_GRAPH)!;
    expect(graph.appRoles.find((r) => r.value === 'User.Read.All')?.id).toBe(PERMISSIONS['User.Read.All']);
    // The snapshot predates the Copilot export API, so the toolkit could not resolve this permission by name:
    // one reason the manifest names permissions by id.
    expect(graph.appRoles.some((r) => r.value === 'AiEnterpriseInteraction.Read.All')).toBe(false);
  }, 300_000);

  it('exposes the access_as_user scope, pre-authorised for the Teams desktop, mobile and web clients', () => {
    expect(manifest.api.requestedAccessTokenVersion).toBe(2);
    const [scope] = manifest.api.oauth2PermissionScopes;
    expect(scope).toMatchObject({ value: 'access_as_user', type: 'User', isEnabled: true });
    const teamsClients = manifest.api.preAuthorizedApplications.filter((a) =>
      [TEAMS_DESKTOP_AND_MOBILE, TEAMS_WEB].includes(a.appId),
    );
    expect(teamsClients).toHaveLength(2);
    for (const client of teamsClients) expect(client.delegatedPermissionIds).toEqual([scope!.id]);
  });

  it("names the Teams manifest's SSO resource as its application ID URI, single tenant", () => {
    const teams = JSON.parse(readRepoFile('appPackage/manifest.json')) as { webApplicationInfo: { resource: string } };
    expect(manifest.identifierUris).toEqual([teams.webApplicationInfo.resource]);
    expect(manifest.identifierUris[0]).toBe('api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}');
    expect(manifest.signInAudience).toBe('AzureADMyOrg');
  });

  it('declares the admin app role the server checks by default, for users', () => {
    const role = manifest.appRoles.find((r) => r.value === loadConfig({}).ADMIN_ROLE);
    expect(role).toMatchObject({ allowedMemberTypes: ['User'], isEnabled: true });
    expect(role!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('declares one user app role per privacy tier, each the value the server checks by default, with distinct ids', () => {
    const config = loadConfig({});
    const values = [config.VIEWER_ROLE, config.ANALYST_ROLE, config.INVESTIGATOR_ROLE, config.ADMIN_ROLE];
    expect(values).toEqual([
      'CopilotObservatory.Viewer',
      'CopilotObservatory.Analyst',
      'CopilotObservatory.Investigator',
      'CopilotObservatory.Admin',
    ]);
    for (const value of values)
      expect(manifest.appRoles.find((r) => r.value === value)).toMatchObject({
        allowedMemberTypes: ['User'],
        isEnabled: true,
      });
    expect(new Set(manifest.appRoles.map((r) => r.id)).size).toBe(manifest.appRoles.length);
  });

  it('registers the admin-consent callback as its redirect URI', () => {
    expect(manifest.web.redirectUris).toEqual(['${{TAB_ENDPOINT}}/auth/consent/callback']);
  });

  it.each(['dev', 'local'])('resolves to valid JSON from what env/.env.%s holds after provision', (env) => {
    const keys = envKeys(readRepoFile(`env/.env.${env}`));
    const values = Object.fromEntries(keys.map((k) => [k, (PROVISIONED as Record<string, string>)[k] ?? '']));
    const resolved = JSON.parse(
      resolveJsonPlaceholders(text, values, { source: 'aad.manifest.json', envFile: `env/.env.${env}` }),
    ) as EntraManifest;
    expect(resolved.appId).toBe(PROVISIONED.AAD_APP_CLIENT_ID);
    expect(resolved.identifierUris).toEqual([`api://${PROVISIONED.TAB_DOMAIN}/${PROVISIONED.AAD_APP_CLIENT_ID}`]);
    expect(resolved.api.oauth2PermissionScopes[0]!.id).toBe(PROVISIONED.AAD_APP_ACCESS_AS_USER_PERMISSION_ID);
  });
});
