import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** What went wrong on the last authority call; msal's own errors are opaque ("endpoints_resolution_error"). */
export type AuthorityProblem =
  { kind: 'network'; url: string; error: unknown } | { kind: 'http'; url: string; status: number; body: unknown };

/** msal's network client over our fetch, remembering the last failed call for error messages. */
export interface ObservedNetworkModule extends INetworkModule {
  /** The last failed authority call since `resetProblem()`. */
  lastProblem(): AuthorityProblem | undefined;
  resetProblem(): void;
}

export interface MsalNetworkModuleOptions {
  /** The injected (trusted) fetch, so msal trusts the same certificates as the Graph client. */
  fetch: typeof fetch;
  /** Called for each token request put on the wire (for stats). */
  onTokenRequest: () => void;
  /** Per-call timeout when msal gives none (default 30 s). */
  timeoutMs?: number;
}

/**
 * An msal INetworkModule over the injected fetch. Like msal's own HttpClient it returns every HTTP status to msal
 * (which reads Entra's error bodies itself); it throws only when there is no readable answer.
 */
export function createMsalNetworkModule(options: MsalNetworkModuleOptions): ObservedNetworkModule {
  let problem: AuthorityProblem | undefined;

  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    request?: NetworkRequestOptions,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> {
    if (method === 'POST') options.onTokenRequest();
    let status: number;
    let text: string;
    let headers: Record<string, string>;
    try {
      const response = await options.fetch(url, {
        method,
        headers: request?.headers,
        body: method === 'POST' ? (request?.body ?? '') : undefined,
        signal: AbortSignal.timeout(timeoutMs ?? options.timeoutMs ?? 30_000),
      });
      status = response.status;
      headers = Object.fromEntries(response.headers);
      text = await response.text();
    } catch (error) {
      problem = { kind: 'network', url, error };
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problem = { kind: 'http', url, status, body: text.slice(0, 200) };
      throw new Error(`Microsoft Entra answered HTTP ${status} with a body that is not JSON (${url})`);
    }
    if (status >= 400) problem = { kind: 'http', url, status, body };
    return { status, headers, body: body as T };
  }

  return {
    sendGetRequestAsync: (url, request, timeout) => send(url, 'GET', request, timeout),
    sendPostRequestAsync: (url, request) => send(url, 'POST', request),
    lastProblem: () => problem,
    resetProblem: () => {
      problem = undefined;
    },
  };
}
