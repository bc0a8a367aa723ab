import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors';

/** What msal-node needs to sign client assertions with a certificate (`auth.clientCertificate`). */
export interface ClientCertificate {
  /** SHA-256 thumbprint of the certificate, hex (Entra matches it against the uploaded certificate). */
  thumbprintSha256: string;
  /** The private key, PEM. */
  privateKey: string;
  /** The certificate chain, PEM (sent as `x5c`, so Entra can also accept subject name + issuer). */
  x5c: string;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads CLIENT_CERTIFICATE_PATH: one PEM file holding the app's certificate (first; any chain after it) and its
 * unencrypted private key. Every problem is a ConfigError naming the file, never its contents.
 */
export async function loadClientCertificate(pemPath: string): Promise<ClientCertificate> {
  let pem: string;
  try {
    pem = await readFile(pemPath, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `CLIENT_CERTIFICATE_PATH: cannot read ${pemPath} (${(error as NodeJS.ErrnoException).code})`,
    ]);
  }
  return parseClientCertificate(pem, pemPath);
}

export function parseClientCertificate(pem: string, source: string): ClientCertificate {
  const certificates = pem.match(CERTIFICATE) ?? [];
  const keyPem = PRIVATE_KEY.exec(pem)?.[0];
  const problems: string[] = [];
  if (certificates.length === 0) problems.push(`CLIENT_CERTIFICATE_PATH: ${source} holds no "BEGIN CERTIFICATE" block`);
  if (!keyPem) problems.push(`CLIENT_CERTIFICATE_PATH: ${source} holds no "BEGIN PRIVATE KEY" block`);
  else if (keyPem.includes('ENCRYPTED'))
    problems.push(`CLIENT_CERTIFICATE_PATH: the private key in ${source} is encrypted; store it without a passphrase`);
  if (problems.length > 0 || !keyPem) throw new ConfigError(problems);
  try {
    const certificate = new X509Certificate(certificates[0]!);
    if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new ConfigError([
        `CLIENT_CERTIFICATE_PATH: the private key in ${source} does not belong to its certificate`,
      ]);
    }
    if (new Date(certificate.validTo).getTime() < Date.now()) {
      throw new ConfigError([
        `CLIENT_CERTIFICATE_PATH: the certificate in ${source} expired on ${certificate.validTo}; upload a new one to the app registration`,
      ]);
    }
    return {
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''),
      privateKey: keyPem,
      x5c: certificates.join('\n'),
    };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([
      `CLIENT_CERTIFICATE_PATH: ${source} is not a usable PEM certificate and key (${(error as Error).message})`,
    ]);
  }
}
