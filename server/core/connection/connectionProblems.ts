import { GraphAuthError, GraphRequestError } from '../../errors';

/**
 * What went wrong with the tenant connection, in plain words an administrator can act on. `code` is stable (the tab
 * and tests branch on it); `message` says what happened and what to do. AADSTS and Graph codes: Microsoft Learn: Microsoft Entra authentication and authorization error codes.
 */
export interface ConnectionProblem {
  code: string;
  message: string;
}

export const REQUIRED_ROLES = {
  users: 'User.Read.All',
  interactions: 'AiEnterpriseInteraction.Read.All',
} as const;

const CONSENT_ACTION = 'Use "Connect with Microsoft" to grant admin consent, then test again.';
const ADMIN_ROLES =
  'a Global Administrator or Privileged Role Administrator (Application Administrators cannot grant Microsoft Graph application permissions)';

/** The admin-consent redirect reported an error (`error`, AADSTS code from `error_description`). */
export function consentErrorProblem(
  error: string,
  aadsts: number | null,
  description: string | null,
): ConnectionProblem {
  const detail = description ? ` Microsoft Entra said: "${description}"` : '';
  if (
    aadsts === 65004 ||
    (aadsts === null && ['access_denied', 'permission_denied', 'consent_required'].includes(error))
  )
    return {
      code: 'consent_declined',
      message:
        'Consent was declined or cancelled, so nothing changed. Choose "Connect with Microsoft" again and select Accept.',
    };
  if (aadsts === 90093 || aadsts === 90094 || aadsts === 90099)
    return {
      code: 'admin_required',
      message: `The account that signed in cannot grant consent for the organisation. Sign in as ${ADMIN_ROLES}.${detail}`,
    };
  if (aadsts === 50011)
    return {
      code: 'redirect_uri_mismatch',
      message: `The app registration does not list this app's callback address as a redirect URI. Add it under Authentication > Web.${detail}`,
    };
  if (aadsts === 700016) return appNotFound();
  if (['server_error', 'temporarily_unavailable'].includes(error))
    return {
      code: 'entra_unavailable',
      message: `Microsoft Entra had a temporary problem; try again in a minute.${detail}`,
    };
  return {
    code: 'consent_error',
    message: `Microsoft Entra did not complete the consent (${error}${aadsts ? `, AADSTS${aadsts}` : ''}).${detail}`,
  };
}

export function wrongTenantProblem(returned: string, expected: string): ConnectionProblem {
  return {
    code: 'wrong_tenant',
    message: `Consent was given in another organisation (tenant ${returned}), but this app is set up for tenant ${expected}. Sign in with an administrator account of tenant ${expected} and try again.`,
  };
}

/** A failed app-only token request. */
export function tokenProblem(error: unknown): ConnectionProblem {
  const code = error instanceof GraphAuthError ? error.aadstsCode : undefined;
  switch (code) {
    case 7000215:
      return {
        code: 'wrong_secret',
        message:
          'The client secret is wrong (AADSTS7000215). Copy the secret\'s Value (not its Secret ID) from the app registration\'s "Certificates & secrets" page into CLIENT_SECRET and restart the app.',
      };
    case 7000222:
      return {
        code: 'secret_expired',
        message:
          'The client secret has expired (AADSTS7000222). Create a new secret in the app registration, put its Value in CLIENT_SECRET and restart the app.',
      };
    case 700016:
      return appNotFound();
    case 700027:
      return {
        code: 'certificate_invalid',
        message:
          "Microsoft Entra did not accept the app's certificate (AADSTS700027): upload the certificate's public key to the app registration, or check CLIENT_CERTIFICATE_PATH.",
      };
    case 65001:
      return {
        code: 'consent_missing',
        message: `An administrator has not consented to the app yet (AADSTS65001). ${CONSENT_ACTION}`,
      };
    case 90002:
      return { code: 'tenant_not_found', message: 'The tenant was not found (AADSTS90002). Check TENANT_ID.' };
    case undefined:
      return {
        code: 'token_failed',
        message: `Could not get a token from Microsoft Entra: ${error instanceof Error ? error.message : String(error)}`,
      };
    default:
      return {
        code: 'token_failed',
        message: `Microsoft Entra refused the app's credentials (AADSTS${code}). ${(error as Error).message}`,
      };
  }
}

/** A Graph call refused for want of an application permission (403), told apart by the token's roles when known. */
export function permissionProblem(role: string, roles: string[] | null): ConnectionProblem {
  if (roles !== null && roles.length === 0)
    return {
      code: 'consent_missing',
      message: `Admin consent has not been granted: the app holds no Graph permissions. ${CONSENT_ACTION}`,
    };
  return {
    code: 'permission_missing',
    message: `The app lacks the ${role} application permission (or its admin consent). Add it to the app registration, then use "Connect with Microsoft" again.`,
  };
}

/** Any other Graph failure. */
export function graphProblem(error: unknown): ConnectionProblem {
  if (error instanceof GraphRequestError && error.graphStatus === 401)
    return { code: 'token_rejected', message: `Microsoft Graph did not accept the app's token. ${error.message}` };
  return {
    code: 'graph_error',
    message: `Microsoft Graph answered with an error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function appNotFound(): ConnectionProblem {
  return {
    code: 'app_not_found',
    message:
      'The app was not found in this tenant (AADSTS700016): check CLIENT_ID and TENANT_ID, and that an administrator of this tenant has consented to the app.',
  };
}
