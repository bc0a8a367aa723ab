import { constants, createCipheriv, createHmac, publicEncrypt, randomBytes, type X509Certificate } from 'node:crypto';

/** `encryptedContent` of a change notification with resource data. */
export interface EncryptedContent {
  data: string;
  dataSignature: string;
  dataKey: string;
  encryptionCertificateId: string;
  encryptionCertificateThumbprint: string;
}

/**
 * Encrypts resource data as Graph does (Microsoft Learn: "Set up change notifications that include resource data",
 * decrypting): a fresh 256-bit AES key per notification, wrapped with the subscriber's RSA public key (OAEP padding,
 * SHA-1) as `dataKey`; the data AES-CBC encrypted with PKCS7 padding and the key's first 16 bytes as IV; `dataSignature`
 * the HMAC-SHA256 of the encrypted bytes under the AES key. All three base64.
 */
export function encryptResourceData(
  plaintext: string,
  certificate: X509Certificate,
  certificateId: string,
): EncryptedContent {
  const key = randomBytes(32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const dataKey = publicEncrypt(
    { key: certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    key,
  );
  return {
    data: data.toString('base64'),
    dataSignature: createHmac('sha256', key).update(data).digest('base64'),
    dataKey: dataKey.toString('base64'),
    encryptionCertificateId: certificateId,
    // X509Certificate gives the SHA-1 fingerprint as colon-separated hex; Graph sends the bare hex.
    encryptionCertificateThumbprint: certificate.fingerprint.replace(/:/g, ''),
  };
}
