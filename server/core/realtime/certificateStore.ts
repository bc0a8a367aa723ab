import { createCipheriv, createDecipheriv, createPrivateKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { naturalId } from '../../store/naturalId';
import { loadStateSigningKey, type StateKeyOptions } from '../connection/stateSigningKey';
import type {
  NotificationCertificateDoc,
  RealtimeCollections,
  SealedPrivateKey,
} from '../../store/realtimeCollections';
import {
  generateNotificationCertificate,
  parseNotificationCertificate,
  type NotificationCertificate,
} from './notificationCertificate';

/** A new certificate is made this long before the current one expires, so the switch never races the expiry. */
export const ROTATE_BEFORE_MS = 30 * 24 * 60 * 60_000;

export interface CertificateStoreOptions {
  collections: RealtimeCollections;
  tenantId: string;
  now: () => Date;
  /** Encrypts private keys at rest (notificationSealKey of STATE_SIGNING_KEY). */
  sealKey: Buffer;
  /** NOTIFICATION_CERTIFICATE_PATH's content, when set. */
  configuredPem?: string;
}

/** The at-rest key for notification private keys, derived from STATE_SIGNING_KEY (never the key itself). */
export function notificationSealKey(stateSigningKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', stateSigningKey, 'copilot-observatory', 'notification private key', 32));
}

/** The seal key from STATE_SIGNING_KEY (or, in the demo, the key generated into DATA_DIR). */
export async function loadNotificationSealKey(options: StateKeyOptions): Promise<Buffer> {
  return notificationSealKey(await loadStateSigningKey(options));
}

/** AES-256-GCM with a random 96-bit IV; the tenant and certificate id are bound in as associated data. */
export function sealPrivateKey(pem: string, key: Buffer, context: string): SealedPrivateKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Opens a sealed key; throws when the key or the context differ (or the record was altered). */
export function openPrivateKey(sealed: SealedPrivateKey, key: Buffer, context: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}

const contextOf = (doc: Pick<NotificationCertificateDoc, 'tenantId' | 'certificateId'>) =>
  `notification-key\u0000${doc.tenantId}\u0000${doc.certificateId}`;

/** The private key of a stored certificate, or null when it cannot be opened (STATE_SIGNING_KEY changed). */
function privateKeyPemOf(doc: NotificationCertificateDoc, sealKey: Buffer): string | null {
  if (doc.privateKeySealed) {
    try {
      return openPrivateKey(doc.privateKeySealed, sealKey, contextOf(doc));
    } catch {
      return null;
    }
  }
  return doc.privateKeyPem ?? null;
}

/**
 * The notification key pair in force: the newest stored one while it has more than ROTATE_BEFORE_MS left, else a
 * new one (the configured PEM when it is new, else generated) stored with its private key sealed. Older ones stay,
 * so notifications already encrypted for them still decrypt. A key stored in plain text by an earlier version is
 * sealed when first read.
 */
export async function ensureNotificationCertificate(
  options: CertificateStoreOptions,
): Promise<NotificationCertificate> {
  const { collections, tenantId, now, sealKey, configuredPem } = options;
  const configured = configuredPem ? parseNotificationCertificate(configuredPem) : null;
  const newest = await collections.certificates.find({ tenantId }).sort({ createdAt: -1 }).limit(1).next();
  const fresh = newest && newest.notAfter.getTime() - now().getTime() > ROTATE_BEFORE_MS;
  if (newest && fresh && (!configured || configured.id === newest.certificateId)) {
    const pem = privateKeyPemOf(await sealLegacy(options, newest), sealKey);
    if (pem) return parseNotificationCertificate(`${newest.certificatePem}\n${pem}`);
  }
  const certificate = configured ?? (await generateNotificationCertificate(now()));
  const doc = { tenantId, certificateId: certificate.id };
  await collections.certificates.updateOne(
    { _id: naturalId('notificationCertificate', tenantId, certificate.id) },
    {
      $set: { privateKeySealed: sealPrivateKey(certificate.privateKeyPem, sealKey, contextOf(doc)), createdAt: now() },
      $setOnInsert: { ...doc, certificatePem: certificate.certificatePem, notAfter: certificate.notAfter },
      $unset: { privateKeyPem: '' },
    },
    { upsert: true },
  );
  return certificate;
}

async function sealLegacy(
  options: CertificateStoreOptions,
  doc: NotificationCertificateDoc,
): Promise<NotificationCertificateDoc> {
  if (doc.privateKeySealed || !doc.privateKeyPem) return doc;
  const privateKeySealed = sealPrivateKey(doc.privateKeyPem, options.sealKey, contextOf(doc));
  await options.collections.certificates.updateOne(
    { _id: doc._id },
    { $set: { privateKeySealed }, $unset: { privateKeyPem: '' } },
  );
  return { ...doc, privateKeySealed, privateKeyPem: undefined };
}

/**
 * Every stored private key by `encryptionCertificateId`: the current one and those it replaced, whose notifications
 * may still be in flight. `cache` keeps parsed keys across calls (a key never changes under its id).
 */
export async function notificationPrivateKeys(
  options: Pick<CertificateStoreOptions, 'collections' | 'tenantId' | 'sealKey'>,
  cache: Map<string, KeyObject> = new Map(),
): Promise<Map<string, KeyObject>> {
  const docs = await options.collections.certificates.find({ tenantId: options.tenantId }).toArray();
  for (const doc of docs) {
    if (cache.has(doc.certificateId)) continue;
    const pem = privateKeyPemOf(doc, options.sealKey);
    if (pem) cache.set(doc.certificateId, createPrivateKey(pem));
  }
  return cache;
}
