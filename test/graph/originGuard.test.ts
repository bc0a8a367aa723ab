import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { MalformedGraphResponseError } from '../../server/errors';
import { OriginGuard } from '../../server/graph/middleware/OriginGuard';

/**
 * The guard in front of the SDK's AuthenticationHandler: only Graph's exact origin (scheme, host and port) gets a
 * request through, so the access token is never attached to a request for another host that merely starts like
 * Graph's (another port, a longer host name, user info before another host).
 */
function guarded(): { guard: OriginGuard; reached: string[] } {
  const reached: string[] = [];
  const next: Middleware = {
    execute: async (context: Context) => {
      reached.push(String(context.request));
    },
  };
  const guard = new OriginGuard('https://graph.microsoft.com');
  guard.setNext(next);
  return { guard, reached };
}

const send = (guard: OriginGuard, url: string) => guard.execute({ request: url, options: {} } as Context);

describe('OriginGuard', () => {
  it("passes requests for Graph's own origin on", async () => {
    const { guard, reached } = guarded();
    await send(guard, 'https://graph.microsoft.com/v1.0/users?$top=5');
    await send(guard, 'https://graph.microsoft.com:443/beta/copilot');
    expect(reached).toEqual(['https://graph.microsoft.com/v1.0/users?$top=5', 'https://graph.microsoft.com:443/beta/copilot']); // prettier-ignore
  });

  it.each([
    ['a longer host name', 'https://graph.microsoft.com.attacker.example/v1.0/users', 'https://graph.microsoft.com.attacker.example'], // prettier-ignore
    ['user info before another host', 'https://graph.microsoft.com@attacker.example/v1.0/users', 'https://attacker.example'], // prettier-ignore
    ['another port of its host', 'https://graph.microsoft.com:8443/v1.0/users', 'https://graph.microsoft.com:8443'],
    ['plain http', 'http://graph.microsoft.com/v1.0/users', 'http://graph.microsoft.com'],
  ])('refuses %s before the token is attached, naming the origin', async (_case, url, origin) => {
    const { guard, reached } = guarded();
    const refusal = send(guard, url);
    await expect(refusal).rejects.toBeInstanceOf(MalformedGraphResponseError);
    await expect(refusal).rejects.toThrow(
      `Refused to send a request to ${origin}: only Graph's origin https://graph.microsoft.com receives the access token.`,
    );
    expect(reached).toEqual([]);
  });

  it('reads the URL of a Request object as well as of a string', async () => {
    const { guard, reached } = guarded();
    await guard.execute({ request: new Request('https://graph.microsoft.com/v1.0/users'), options: {} } as Context);
    const elsewhere = new Request('https://graph.microsoft.com.attacker.example/v1.0/users');
    await expect(guard.execute({ request: elsewhere, options: {} } as Context)).rejects.toThrow(
      'Refused to send a request to https://graph.microsoft.com.attacker.example:',
    );
    expect(reached).toHaveLength(1);
  });

  it('names the refused URL and the one origin allowed in the error details', async () => {
    const { guard } = guarded();
    const url = 'https://graph.microsoft.com:8443/v1.0/users';
    await expect(send(guard, url)).rejects.toMatchObject({
      code: 'graph_response_malformed',
      details: { url, graphOrigin: 'https://graph.microsoft.com' },
    });
  });

  it('says it was wired without a next middleware rather than failing on undefined', async () => {
    const guard = new OriginGuard('https://graph.microsoft.com');
    await expect(send(guard, 'https://graph.microsoft.com/v1.0/users')).rejects.toThrow(
      'OriginGuard needs a next middleware',
    );
  });

  it('refuses a request that is not an absolute URL', async () => {
    const { guard, reached } = guarded();
    await expect(send(guard, '/v1.0/users')).rejects.toThrow('Refused to send a request to /v1.0/users');
    expect(reached).toEqual([]);
  });
});
