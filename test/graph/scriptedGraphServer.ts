import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import selfsigned from 'selfsigned';

/**
 * A tiny HTTPS stand-in for Microsoft Entra and Graph whose answers each test scripts: real TLS on 127.0.0.1, real
 * sockets (so a dropped connection is a real one). The full Graph simulator lives in server/graph/simulator; this one
 * exists to put the client in exact situations (a 429 with Retry-After 0.2, a body cut short, an AADSTS error...).
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  authorization?: string;
  body: string;
  at: number;
}

/** What the server does with a request. */
export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Close the socket without answering. */
  | { drop: true }
  /** Send headers and the first part of the body, then close the socket. */
  | { cutBody: string };

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface ScriptedServer {
  origin: string;
  /** The certificate clients must trust. */
  cert: string;
  tenantId: string;
  /** All requests, in arrival order. */
  requests: RecordedRequest[];
  graphRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  /** Replaces the Graph handler (requests under /v1.0 and /beta). */
  onGraph(handler: Handler): void;
  /** Replaces the token endpoint handler. */
  onToken(handler: Handler): void;
  /** Replaces the openid-configuration handler (default: a valid document). */
  onMetadata(handler: Handler): void;
  /** Most requests in flight at once, seen so far. */
  maxInFlight(): number;
  close(): Promise<void>;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate per test file: RSA generation takes a moment. */
function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= selfsigned
    .generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    })
    .then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

/** A token response with a fresh token each time. */
export function tokenIssuer(expiresIn = 3599): Handler {
  return (_request, index) => ({
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: `token-${index + 1}`,
    },
  });
}

/** Entra's error body for an AADSTS code (Microsoft Learn: OAuth 2.0 client credentials flow). */
export function aadstsError(code: number, error = 'invalid_client', status = 401): Reply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: scripted failure.\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 1\r\nTimestamp: 2026-01-01 00:00:00Z`,
      error_codes: [code],
      timestamp: '2026-01-01 00:00:00Z',
      trace_id: '00000000-0000-0000-0000-000000000000',
      correlation_id: '00000000-0000-0000-0000-000000000001',
    },
  };
}

/** Graph's error body. */
export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: { 'request-id': `req-${status}`, date: '2026-01-01T00:00:00' } } },
  };
}

export async function startScriptedServer(tenantId = '11111111-2222-3333-4444-555555555555'): Promise<ScriptedServer> {
  const { cert, key } = await testCertificate();
  const requests: RecordedRequest[] = [];
  let origin = '';
  let inFlight = 0;
  let maxInFlight = 0;
  const metadata: Handler = () => ({
    status: 200,
    body: {
      issuer: `${origin}/${tenantId}/v2.0`,
      token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
      jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    },
  });
  const handlers: { graph: Handler; token: Handler; metadata: Handler } = {
    graph: () => graphError(404, 'NotScripted', 'no Graph handler'),
    token: tokenIssuer(),
    metadata,
  };
  const counters = { graph: 0, token: 0, metadata: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    requests.push(recorded);
    const path = recorded.url.split('?')[0] ?? '';
    const kind = /\/openid-configuration$/.test(path)
      ? 'metadata'
      : /\/oauth2\/v2\.0\/token$/.test(path)
        ? 'token'
        : 'graph';
    const reply = await handlers[kind](recorded, counters[kind]++);
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    if ('cutBody' in reply) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(reply.cutBody.length * 2) });
      res.write(reply.cutBody, () => setTimeout(() => req.socket.destroy(), 10));
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  }

  const server = https.createServer({ cert, key }, (req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    cert,
    tenantId,
    requests,
    graphRequests: () => requests.filter((r) => r.url.startsWith('/v1.0/') || r.url.startsWith('/beta/')),
    tokenRequests: () => requests.filter((r) => r.method === 'POST'),
    onGraph: (handler) => {
      handlers.graph = handler;
      counters.graph = 0;
    },
    onToken: (handler) => {
      handlers.token = handler;
      counters.token = 0;
    },
    onMetadata: (handler) => {
      handlers.metadata = handler;
      counters.metadata = 0;
    },
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
