import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { MalformedGraphResponseError } from '../../errors';

/** The origin (scheme, host and port) of a request URL, or null when it is not an absolute URL. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Before the SDK's AuthenticationHandler: a request to any origin but Graph's fails here, so the access token is never
 * attached to it. The SDK's own check (Graph hosts and `customHosts`) compares host names only and ignores the port,
 * so on its own it would send the token to another port of Graph's host name.
 */
export class OriginGuard implements Middleware {
  private next?: Middleware;

  constructor(private readonly graphOrigin: string) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (originOf(url) !== this.graphOrigin) {
      throw new MalformedGraphResponseError(
        `Refused to send a request to ${originOf(url) ?? url}: only Graph's origin ${this.graphOrigin} receives the access token.`,
        { url, graphOrigin: this.graphOrigin },
      );
    }
    if (!this.next) throw new Error('OriginGuard needs a next middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
