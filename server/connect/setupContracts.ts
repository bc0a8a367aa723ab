import type { Wire } from '../api/contracts';
import type { ConnectionCheck, ConnectionTestResult } from '../core/connection/connectionTest';

/**
 * Wire shapes of the Setup API (`/api/setup/*`), imported by the tab with `import type`. Dates are ISO strings.
 */

export type ConnectionStatus = 'connected' | 'consent_failed' | 'not_connected';
export type { CheckName, CheckStatus } from '../core/connection/connectionTest';
export type ConnectionCheckWire = Wire<ConnectionCheck>;
/** POST /api/setup/test */
export type ConnectionTestWire = Wire<ConnectionTestResult>;

/** GET /api/setup/status */
export interface SetupStatus {
  mode: 'demo' | 'tenant';
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** The redirect URI the app registration must list (Web platform). */
  redirectUri: string;
  /** The application permissions admin consent grants. */
  permissions: string[];
  /** Why "Connect with Microsoft" cannot start (configuration), empty when it can. */
  connectBlockedBy: string[];
  connection: {
    status: ConnectionStatus;
    consentedAt: string | null;
    consentedBy: string | null;
    lastError: { code: string; message: string; at: string } | null;
    lastTest: ConnectionTestWire | null;
    updatedAt: string | null;
  };
}

/** POST /api/setup/connect -> where to send the administrator. */
export interface ConnectStart {
  url: string;
  expiresAt: string;
}

/** What the consent callback page posts to the window that opened it (popup mode). */
export interface ConsentPopupMessage {
  type: 'copilot-observatory:consent';
  connected: boolean;
  code: string | null;
}
