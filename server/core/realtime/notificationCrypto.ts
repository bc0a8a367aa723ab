import { constants, createDecipheriv, createHmac, privateDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors';

/** `encryptedContent` of a change notification with resource data (Microsoft Learn: changeNotification). */
export interface EncryptedContent {
  data: string;
  dataSignature: string;
  dataKey: string;
  encryptionCertificateId: string;
  encryptionCertificateThumbprint?: string;
}

const refused = (code: string, message: string): AppError => new AppError(code, message, 400);

/**
 * Decrypts resource data as Microsoft Learn's "Set up change notifications that include resource data" describes:
 * the AES key is `dataKey` unwrapped with our RSA private key (OAEP, SHA-1); `dataSignature` (HMAC-SHA256 of the
 * encrypted bytes under that key) is checked BEFORE anything is decrypted; then AES-256-CBC, PKCS7, IV = the key's
 * first 16 bytes. Every failure is a 400 that names the check, never the content.
 */
export function decryptResourceData(content: EncryptedContent, privateKey: KeyObject): string {
  let key: Buffer;
  try {
    key = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(content.dataKey, 'base64'),
    );
  } catch {
    throw refused('undecryptable_key', 'The notification key was not encrypted for our certificate.');
  }
  if (key.length !== 32) throw refused('undecryptable_key', 'The notification key is not a 256-bit AES key.');
  const data = Buffer.from(content.data, 'base64');
  const expected = createHmac('sha256', key).update(data).digest();
  const given = Buffer.from(content.dataSignature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw refused('bad_data_signature', 'The notification data signature does not match its data.');
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw refused('undecryptable_data', 'The notification data could not be decrypted.');
  }
}
