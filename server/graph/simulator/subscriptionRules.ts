import { X509Certificate } from 'node:crypto';

/**
 * What Graph checks when a subscription to Copilot interactions is created or renewed (Microsoft Learn: "subscription
 * resource type", "Set up change notifications that include resource data", "Get change notifications for Copilot AI
 * interactions"). Pure functions: the hub calls them before any handshake.
 */

/** The tenant-wide resource; the function may be written with `()` and in any case, as on the export API. */
export const TENANT_INTERACTIONS_RESOURCE = '/copilot/interactionHistory/getAllEnterpriseInteractions';
const TENANT_RESOURCE_PATTERN = /^\/?copilot\/interactionHistory\/getAllEnterpriseInteractions(\(\))?$/i;

/** Longest lifetime Graph grants this resource (4,320 minutes, three days). */
export const MAX_LIFETIME_MINUTES = 4320;
/** Past this, `lifecycleNotificationUrl` is required. */
export const LIFECYCLE_REQUIRED_AFTER_MINUTES = 60;
const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A refused request: status, Graph error code and message. */
export class SubscriptionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string): SubscriptionError => new SubscriptionError(400, 'InvalidRequest', message);

/** The fields of a create request the simulator understands. */
export interface SubscriptionRequest {
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  resource: string;
  expirationDateTime: Date;
  clientState: string | null;
  includeResourceData: boolean;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  latestSupportedTlsVersion: string;
}

/** Parses and checks a POST /subscriptions body; throws SubscriptionError as Graph answers. */
export function parseCreateRequest(body: unknown, now: Date): SubscriptionRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalid('The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
    if (typeof b[name] !== 'string' || (b[name] as string).length === 0)
      throw invalid(`${name} is a required property for subscription creation.`);
  }
  const resource = String(b.resource);
  if (!TENANT_RESOURCE_PATTERN.test(resource))
    throw invalid(`Resource '${resource}' is not supported for change notifications by this service.`);
  const changeType = String(b.changeType);
  const types = changeType.split(',').map((t) => t.trim());
  if (types.some((t) => !CHANGE_TYPES.has(t))) throw invalid(`Invalid changeType '${changeType}'.`);
  const notificationUrl = checkUrl(String(b.notificationUrl), 'notificationUrl');
  const lifecycleNotificationUrl =
    typeof b.lifecycleNotificationUrl === 'string' && b.lifecycleNotificationUrl
      ? checkUrl(b.lifecycleNotificationUrl, 'lifecycleNotificationUrl')
      : null;
  const expirationDateTime = checkExpiration(b.expirationDateTime, now, lifecycleNotificationUrl !== null);
  const clientState = typeof b.clientState === 'string' ? b.clientState : null;
  if (clientState !== null && clientState.length > 255)
    throw invalid('clientState cannot be longer than 255 characters.');
  const includeResourceData = b.includeResourceData === true;
  const encryptionCertificate = typeof b.encryptionCertificate === 'string' ? b.encryptionCertificate : null;
  const encryptionCertificateId = typeof b.encryptionCertificateId === 'string' ? b.encryptionCertificateId : null;
  if (includeResourceData) {
    if (!encryptionCertificate)
      throw invalid('encryptionCertificate is required when includeResourceData is set to true.');
    if (!encryptionCertificateId)
      throw invalid('encryptionCertificateId is required when includeResourceData is set to true.');
    readCertificate(encryptionCertificate);
  }
  return {
    changeType: types.join(','),
    notificationUrl,
    lifecycleNotificationUrl,
    resource,
    expirationDateTime,
    clientState,
    includeResourceData,
    encryptionCertificate,
    encryptionCertificateId,
    latestSupportedTlsVersion: typeof b.latestSupportedTlsVersion === 'string' ? b.latestSupportedTlsVersion : 'v1_2',
  };
}

/** Checks a new expiry (create or PATCH): in the future, within the maximum, lifecycle URL for long ones. */
export function checkExpiration(value: unknown, now: Date, hasLifecycleUrl: boolean): Date {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid('expirationDateTime must be an ISO 8601 date and time.');
  const minutes = (ms - now.getTime()) / 60_000;
  if (minutes <= 0) throw invalid('Subscription expiration date time must be in the future.');
  if (minutes > MAX_LIFETIME_MINUTES)
    throw invalid(`Subscription expiration can only be ${MAX_LIFETIME_MINUTES} minutes in the future.`);
  if (minutes > LIFECYCLE_REQUIRED_AFTER_MINUTES && !hasLifecycleUrl)
    throw invalid(
      'lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour.',
    );
  return new Date(ms);
}

/** The subscriber's certificate (base64 DER, or PEM); 400 when it is not an RSA certificate. */
export function readCertificate(encoded: string): X509Certificate {
  try {
    const text = encoded.includes('BEGIN CERTIFICATE') ? encoded : Buffer.from(encoded, 'base64');
    const certificate = new X509Certificate(text);
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return certificate;
  } catch {
    throw invalid('encryptionCertificate is not a valid base64-encoded X.509 certificate with an RSA public key.');
  }
}

/**
 * Graph only calls HTTPS endpoints. The simulator also calls plain HTTP on a loopback host, because the app under
 * test and the demo listen there; any other `http:` URL is refused as Graph would.
 */
function checkUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${name} must be an absolute URL.`);
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return value;
  throw invalid(`Subscription validation request failed. ${name} must be an https URL.`);
}
