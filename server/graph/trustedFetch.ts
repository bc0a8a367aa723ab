import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export interface TrustedFetchOptions {
  /** A PEM certificate to trust in addition to the system roots (the in-process simulator's, in demo mode and tests). */
  extraCaPem?: string;
}

/**
 * The fetch every Graph and Entra call goes through. Without an extra CA it is the global fetch (in production Node
 * already honours NODE_EXTRA_CA_CERTS); with one it is undici's fetch on an Agent that trusts the system roots plus
 * that certificate. Certificate verification is never turned off.
 */
export function createFetch(options: TrustedFetchOptions = {}): typeof fetch {
  if (!options.extraCaPem) return globalThis.fetch;
  // One secure context for every connection: building one from ~150 roots per connection is measurable.
  const secureContext = tls.createSecureContext({ ca: [...tls.rootCertificates, options.extraCaPem] });
  const dispatcher = new Agent({ connect: { secureContext } });
  const trustedFetch = (input: unknown, init?: Parameters<typeof undiciFetch>[1]) => {
    // undici's fetch would stringify a global Request to "[object Request]"; msal and the Graph SDK pass URLs.
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('trusted fetch takes a URL string');
    return undiciFetch(input, { ...init, dispatcher });
  };
  // undici's own Request/Response classes are structurally the global ones (Node's fetch *is* undici).
  return trustedFetch as unknown as typeof fetch;
}
