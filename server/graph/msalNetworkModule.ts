import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** What went wrong on the last authority call; msal's own errors are opaque ("endpoints_resolution_error"). */
export type AuthorityProblem =
  | { kind: 'network'; url: string; error: unknown }
  | {
      kind: 'http';
      url: string;
      status: number;
      body: unknown;
      /** The raw `Retry-After` header, when the answer carried one. */
      retryAfter?: string;
    };

/** msal's network client over our fetch, remembering the last failed call for error messages. */
export interface ObservedNetworkModule extends INetworkModule {
  /** The last failed authority call since `resetProblem()`. */
  lastProblem(): AuthorityProblem | undefined;
  /** Calls put on the wire since `resetProblem()` (0 means msal answered from its own state). */
  callsSinceReset(): number;
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
 * Thrown to msal in place of a 429/5xx answer. msal-node 7.2.1 (msal-common 16, `ThrottlingUtils.postProcess`)
 * remembers every 429/5xx token answer — and any other failed answer carrying `Retry-After` — and then refuses the
 * same request locally, without a network call, until `Retry-After` has passed: read with `parseInt`, so an HTTP
 * date counts as absent, 60 s when absent, at most an hour. The token provider honours `Retry-After` itself (seconds
 * or date) within its own budget, so msal must never see such an answer: this error reaches msal as a network
 * failure, which it does not remember, and the answer itself is kept as `lastProblem()`.
 */
export class TransientAuthorityAnswer extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`Microsoft Entra answered HTTP ${status} (${url})`);
    this.name = 'TransientAuthorityAnswer';
  }
}

const isTransientStatus = (status: number): boolean => status === 429 || (status >= 500 && status < 600);

/**
 * An msal INetworkModule over the injected fetch. Like msal's own HttpClient it returns 2xx and 4xx answers to msal
 * (which reads Entra's error bodies itself); 429 and 5xx answers are kept from msal (see TransientAuthorityAnswer),
 * and it throws when there is no readable answer.
 */
export function createMsalNetworkModule(options: MsalNetworkModuleOptions): ObservedNetworkModule {
  let problem: AuthorityProblem | undefined;
  let calls = 0;

  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    request?: NetworkRequestOptions,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> {
    calls += 1;
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
    const retryAfter = headers['retry-after'];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problem = { kind: 'http', url, status, body: text.slice(0, 200), retryAfter };
      if (isTransientStatus(status)) throw new TransientAuthorityAnswer(status, url);
      throw new Error(`Microsoft Entra answered HTTP ${status} with a body that is not JSON (${url})`);
    }
    if (status >= 400) problem = { kind: 'http', url, status, body, retryAfter };
    if (isTransientStatus(status)) throw new TransientAuthorityAnswer(status, url);
    // A refusal is final for us (no retry), so msal need not remember it either.
    if (status >= 300) delete headers['retry-after'];
    return { status, headers, body: body as T };
  }

  return {
    sendGetRequestAsync: (url, request, timeout) => send(url, 'GET', request, timeout),
    sendPostRequestAsync: (url, request) => send(url, 'POST', request),
    lastProblem: () => problem,
    callsSinceReset: () => calls,
    resetProblem: () => {
      problem = undefined;
      calls = 0;
    },
  };
}
