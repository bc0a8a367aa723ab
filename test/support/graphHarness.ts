import { createSdkGraphGateway } from '../../server/graph/sdkGraphGateway';
import type { GraphGateway } from '../../server/graph/GraphGateway';
import { createSelfSignedCertificate } from '../../server/graph/simulator/certificate';
import { startGraphSimulator, type RunningGraphSimulator } from '../../server/graph/simulator/startGraphSimulator';
import {
  createSyntheticTenant,
  type SyntheticTenant,
  type SyntheticTenantOptions,
} from '../../server/graph/simulator/syntheticTenant';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';

type SimulatorOptions = Omit<Parameters<typeof startGraphSimulator>[0], 'tenant' | 'tls'>;

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One self-signed certificate per test file (generating one takes a moment). */
export function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= createSelfSignedCertificate();
  return certificate;
}

export interface GraphHarness {
  tenant: SyntheticTenant;
  simulator: RunningGraphSimulator;
  cert: string;
  gateway(overrides?: Partial<Parameters<typeof createSdkGraphGateway>[0]>): GraphGateway;
  close(): Promise<void>;
}

/** How much history the tenant has, and how much of it is risky (the simulator's defaults otherwise). */
export type GraphHarnessHistory = Pick<SyntheticTenantOptions, 'avgInteractionsPerActiveUser' | 'riskSeedRates'>;

/** A synthetic tenant served by the simulator over HTTPS on 127.0.0.1, and the real client pointed at it. */
export async function startGraphHarness(options: {
  seed?: number;
  userCount?: number;
  referenceTime: Date;
  simulator?: SimulatorOptions;
  history?: GraphHarnessHistory;
}): Promise<GraphHarness> {
  const tenant = createSyntheticTenant({
    seed: options.seed ?? 7,
    userCount: options.userCount ?? 30,
    referenceTime: options.referenceTime,
    ...options.history,
  });
  const tls = await testCertificate();
  const simulator = await startGraphSimulator({ tenant, tls, rateLimitPerSecond: 500, ...options.simulator });
  return {
    tenant,
    simulator,
    cert: tls.cert,
    gateway: (overrides = {}) =>
      createSdkGraphGateway({
        tenantId: tenant.tenantId,
        clientId: tenant.app.clientId,
        clientSecret: tenant.app.clientSecret,
        authorityHost: simulator.authorityHost,
        graphBaseUrl: simulator.graphBaseUrl,
        fetch: createFetch({ extraCaPem: tls.cert }),
        maxRps: 400,
        concurrency: 4,
        logger: createSilentLogger(),
        ...overrides,
      }),
    close: () => simulator.close(),
  };
}
