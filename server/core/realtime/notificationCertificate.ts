import { createPrivateKey, createHash, X509Certificate, type KeyObject } from 'node:crypto';

/** The key pair Graph encrypts notification data for: the certificate goes into the subscription, the key stays here. */
export interface NotificationCertificate {
  /** `encryptionCertificateId`: ours to choose; a hash of the certificate so a rotated one gets a new id. */
  id: string;
  /** Base64 DER, as `encryptionCertificate` wants it. */
  certificateBase64: string;
  certificatePem: string;
  privateKeyPem: string;
  privateKey: KeyObject;
  notAfter: Date;
}

/** Reads a PEM holding a certificate and its unencrypted private key (NOTIFICATION_CERTIFICATE_PATH's content). */
export function parseNotificationCertificate(pem: string): NotificationCertificate {
  const certMatch = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  const keyMatch = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(pem);
  if (!certMatch || !keyMatch)
    throw new Error('The notification certificate file needs a CERTIFICATE and a PRIVATE KEY.');
  const certificate = new X509Certificate(certMatch[0]);
  const privateKey = createPrivateKey(keyMatch[0]);
  if (privateKey.asymmetricKeyType !== 'rsa' || !certificate.checkPrivateKey(privateKey))
    throw new Error('The notification certificate must be RSA and match its private key.');
  const der = certificate.raw;
  return {
    id: `observatory-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`,
    certificateBase64: der.toString('base64'),
    certificatePem: certMatch[0],
    privateKeyPem: keyMatch[0],
    privateKey,
    notAfter: new Date(certificate.validTo),
  };
}

/**
 * A new self-signed RSA-2048 certificate for notification encryption, valid a year from `now`. The generator is
 * loaded only here, so a start that reads NOTIFICATION_CERTIFICATE_PATH (or has polling only) never loads it.
 */
export async function generateNotificationCertificate(now: Date): Promise<NotificationCertificate> {
  const { generate } = await import('selfsigned');
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 1);
  const pems = await generate([{ name: 'commonName', value: 'Copilot Observatory change notifications' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3_600_000),
    notAfterDate: notAfter,
    extensions: [{ name: 'keyUsage', keyEncipherment: true, dataEncipherment: true, critical: true }],
  });
  return parseNotificationCertificate(`${pems.cert}\n${pems.private}`);
}
