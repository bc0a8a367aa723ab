import { isTlsError } from '../../server/graph/networkErrors';
import { createFetch } from '../../server/graph/trustedFetch';
import { startScriptedServer, type ScriptedServer } from './scriptedGraphServer';

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer();
  server.onGraph(() => ({ status: 200, body: { value: [] } }));
});

afterAll(async () => {
  await server.close();
});

describe('createFetch', () => {
  it('reaches a server whose certificate it was given, with verification on', async () => {
    const response = await createFetch({ extraCaPem: server.cert })(`${server.origin}/v1.0/users`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ value: [] });
  });

  it('without an extra CA is the global fetch, which refuses the self-signed certificate', async () => {
    const plain = createFetch();
    expect(plain).toBe(globalThis.fetch);
    const error = await plain(`${server.origin}/v1.0/users`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTlsError(error)).toBe(true);
  });
});
