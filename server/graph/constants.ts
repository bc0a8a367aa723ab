/** Product and service-plan identifiers from Microsoft's licensing reference (Microsoft Learn: Product names and service plan identifiers for licensing). */

/** `Microsoft_365_Copilot` SKU. */
export const M365_COPILOT_SKU_ID = '639dec6b-bb19-468b-871c-c5c441c4b0cb';

/** `M365_COPILOT_BUSINESS_CHAT` ("Microsoft Copilot with Graph-grounded chat"): the export API requires it. */
export const COPILOT_CHAT_SERVICE_PLAN_ID = '3f30311c-6b1e-48a4-ab79-725b469da960';

/** The scope for app-only Graph tokens. */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** The user fields the sync asks for (department, accountEnabled and licenses only come back on $select). */
export const USER_SELECT_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'department',
  'jobTitle',
  'officeLocation',
  // The country of the user's licence (ISO 3166 alpha-2): the risk scan reads phone numbers in their local format.
  'usageLocation',
  'accountEnabled',
  'assignedLicenses',
] as const;

/** Microsoft documents 30 requests/s per app per tenant for getAllEnterpriseInteractions. */
export const INTERACTION_EXPORT_RPS_LIMIT = 30;
