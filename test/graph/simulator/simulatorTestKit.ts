import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { createSelfSignedCertificate, type CertificatePair } from '../../../server/graph/simulator/certificate';
import {
  startGraphSimulator,
  type GraphSimulatorOptions,
  type RunningGraphSimulator,
} from '../../../server/graph/simulator/startGraphSimulator';
import {
  createSyntheticTenant,
  type SyntheticTenant,
  type SyntheticTenantOptions,
} from '../../../server/graph/simulator/syntheticTenant';

/** Fixed "now" of test tenants, so every run generates the same history. */
export const REFERENCE_TIME = new Date('2026-06-01T00:00:00.000Z');
export const DAY_MS = 86_400_000;

let certificate: Promise<CertificatePair> | undefined;

/** One self-signed certificate per test file (RSA generation takes a moment). */
export function testCertificate(): Promise<CertificatePair> {
  certificate ??= createSelfSignedCertificate();
  return certificate;
}

/** A settable clock for token expiry and throttling tests. */
export class TestClock {
  constructor(public ms: number = REFERENCE_TIME.getTime()) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface SimulatorUnderTest {
  tenant: SyntheticTenant;
  simulator: RunningGraphSimulator;
  http: SimulatorClient;
  close(): Promise<void>;
}

/** A tenant served over HTTPS on 127.0.0.1 and a client that trusts the simulator's certificate. */
export async function startSimulator(
  options: { tenant?: SyntheticTenant; tenantOptions?: SyntheticTenantOptions } & Partial<
    Omit<GraphSimulatorOptions, 'tenant' | 'tls'>
  > = {},
): Promise<SimulatorUnderTest> {
  const { tenant: given, tenantOptions, ...simOptions } = options;
  const tenant =
    given ?? createSyntheticTenant({ seed: 11, userCount: 40, referenceTime: REFERENCE_TIME, ...tenantOptions });
  const tls = await testCertificate();
  const simulator = await startGraphSimulator({ tenant, tls, ...simOptions });
  const http = new SimulatorClient(simulator.origin, tls.cert, tenant);
  return {
    tenant,
    simulator,
    http,
    close: async () => {
      // Simulator first: it drops every socket, so responses whose bodies a test never read cannot hold the client open.
      await simulator.close();
      await http.close();
    },
  };
}

export interface Page<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

/** Minimal HTTPS client for the simulator: undici with the test CA, JSON helpers, token and paging. */
export class SimulatorClient {
  private readonly agent: Agent;
  private cachedToken: string | undefined;

  constructor(
    readonly origin: string,
    cert: string,
    private readonly tenant: SyntheticTenant,
  ) {
    this.agent = new Agent({ connect: { ca: cert } });
  }

  fetch(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${this.origin}${pathOrUrl}`;
    return fetch(url, { ...init, dispatcher: this.agent });
  }

  /** POSTs a client-credentials form to the token endpoint. */
  requestToken(
    form: Record<string, string>,
    tenant = this.tenant.tenantId,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.fetch(`/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  validTokenForm(): Record<string, string> {
    return {
      grant_type: 'client_credentials',
      client_id: this.tenant.app.clientId,
      client_secret: this.tenant.app.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    };
  }

  async token(): Promise<string> {
    if (!this.cachedToken) {
      const res = await this.requestToken(this.validTokenForm());
      if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
      this.cachedToken = ((await res.json()) as { access_token: string }).access_token;
    }
    return this.cachedToken;
  }

  async graph(pathOrUrl: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(pathOrUrl, { headers: { authorization: `Bearer ${await this.token()}`, ...headers } });
  }

  async json<T>(pathOrUrl: string): Promise<{ status: number; body: T; response: Response }> {
    const response = await this.graph(pathOrUrl);
    return { status: response.status, body: (await response.json()) as T, response };
  }

  /** Follows nextLinks to the end; fails on any non-200 page. */
  async collect<T>(pathOrUrl: string): Promise<{ items: T[]; pages: Page<T>[] }> {
    const items: T[] = [];
    const pages: Page<T>[] = [];
    let next: string | undefined = pathOrUrl;
    while (next) {
      const { status, body }: { status: number; body: Page<T> } = await this.json<Page<T>>(next);
      if (status !== 200) throw new Error(`page ${next} answered ${status}: ${JSON.stringify(body)}`);
      pages.push(body);
      items.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return { items, pages };
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}

export function interactionsPath(userId: string, query = ''): string {
  return `/v1.0/copilot/users/${userId}/interactionHistory/getAllEnterpriseInteractions${query}`;
}
