import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { ConfigError } from '../../server/errors';
import { loadClientCertificate } from '../../server/graph/clientCertificate';
import { createSelfSignedCertificate } from '../../server/graph/simulator/certificate';
import { createTokenProvider } from '../../server/graph/tokenProvider';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';
import { startScriptedServer, tokenIssuer, type ScriptedServer } from '../graph/scriptedGraphServer';

const dir = mkdtempSync(path.join(tmpdir(), 'observatory-cert-'));
function pemFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadClientCertificate(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('a certificate credential (CLIENT_CERTIFICATE_PATH)', () => {
  let pair: { cert: string; key: string };
  let other: { cert: string; key: string };
  let server: ScriptedServer;
  beforeAll(async () => {
    [pair, other, server] = await Promise.all([
      createSelfSignedCertificate(),
      createSelfSignedCertificate(),
      startScriptedServer(),
    ]);
    server.onToken(tokenIssuer());
    server.onMetadata(() => ({
      status: 200,
      body: {
        issuer: `${server.origin}/${server.tenantId}/v2.0`,
        token_endpoint: `${server.origin}/${server.tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${server.origin}/${server.tenantId}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${server.origin}/${server.tenantId}/oauth2/v2.0/logout`,
        jwks_uri: `${server.origin}/${server.tenantId}/discovery/v2.0/keys`,
      },
    }));
  });
  afterAll(async () => server.close());

  it('signs the token request with the key, naming the certificate by its SHA-256 thumbprint', async () => {
    const certificate = await loadClientCertificate(pemFile('app.pem', `${pair.cert}\n${pair.key}`));
    const fingerprint = new X509Certificate(pair.cert).fingerprint256.replace(/:/g, '');
    expect(certificate.thumbprintSha256).toBe(fingerprint);

    const tokens = createTokenProvider({
      tenantId: server.tenantId,
      clientId: 'app-client-id',
      clientCertificate: certificate,
      authorityHost: server.origin,
      fetch: createFetch({ extraCaPem: server.cert }),
      logger: createSilentLogger(),
    });
    expect((await tokens.getToken()).accessToken).toBeTruthy();
    const body = new URLSearchParams(server.tokenRequests()[0]!.body);
    expect(body.get('client_secret')).toBeNull();
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const assertion = body.get('client_assertion')!;
    const header = decodeProtectedHeader(assertion);
    expect(header['x5t#S256']).toBe(Buffer.from(fingerprint, 'hex').toString('base64url'));
    // Entra checks the signature with the uploaded certificate's public key: so can we.
    const verified = await compactVerify(assertion, await importX509(pair.cert, String(header.alg)));
    const claims = JSON.parse(new TextDecoder().decode(verified.payload)) as { iss: string; sub: string; aud: string };
    expect(claims).toMatchObject({ iss: 'app-client-id', sub: 'app-client-id' });
    expect(claims.aud).toContain(server.tenantId);
  });

  it('names what is wrong with the file: missing, no key, a key of another certificate, an encrypted key', async () => {
    expect(await problemsOf(path.join(dir, 'absent.pem'))).toEqual([expect.stringContaining('cannot read')]);
    expect(await problemsOf(pemFile('cert-only.pem', pair.cert))).toEqual([
      expect.stringContaining('no "BEGIN PRIVATE KEY" block'),
    ]);
    expect(await problemsOf(pemFile('mismatch.pem', `${pair.cert}\n${other.key}`))).toEqual([
      expect.stringContaining('does not belong to its certificate'),
    ]);
    const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n';
    expect(await problemsOf(pemFile('encrypted.pem', `${pair.cert}\n${encrypted}`))).toEqual([
      expect.stringContaining('is encrypted'),
    ]);
  });
});
