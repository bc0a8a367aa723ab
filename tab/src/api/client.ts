import type { ApiError, Tier } from '../../../server/api/contracts';
import { getTeamsToken } from '../teams/teamsHost';

/** Query parameters: undefined and empty values are left out. */
export type QueryParams = Record<string, string | number | undefined>;

/** An API call that did not succeed: the HTTP status and the API's stable error code. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** With a 403: the tier the request needs (the API's `error.requiredTier`). */
    readonly requiredTier?: Tier,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** `/api/agents` and `agents` name the same endpoint. */
function apiPath(path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  return clean.startsWith('/api/') || clean === '/api' ? clean : `/api${clean}`;
}

/** The same-origin URL of an endpoint with its query string. */
export function apiUrl(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${apiPath(path)}?${query}` : apiPath(path);
}

/** The URL of an endpoint's CSV export (`format=csv`). Needs the bearer token inside Teams: use downloadCsv there. */
export function csvUrl(path: string, params?: QueryParams): string {
  return apiUrl(path, { ...params, format: 'csv', cursor: undefined, limit: undefined });
}

async function authHeaders(): Promise<Record<string, string>> {
  let token: string | null;
  try {
    token = await getTeamsToken();
  } catch (error) {
    throw new ApiRequestError(401, 'sso_failed', `Teams sign-in failed: ${(error as Error).message}`);
  }
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function request(method: string, path: string, params?: QueryParams, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(await authHeaders()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiRequestError(0, 'network_error', `The server could not be reached (${(error as Error).message}).`);
  }
  if (!response.ok) throw await toError(response);
  return response;
}

async function toError(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiError>;
    if (parsed.error?.code)
      return new ApiRequestError(response.status, parsed.error.code, parsed.error.message, parsed.error.requiredTier);
  } catch {
    // Not the API's JSON error shape (a proxy page, an empty body): fall through to a generic error.
  }
  return new ApiRequestError(response.status, 'http_error', `The server answered ${response.status}.`);
}

async function parseJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** GET a JSON resource. */
export async function apiGet<T>(path: string, params?: QueryParams): Promise<T> {
  return parseJson<T>(await request('GET', path, params));
}

/** POST/PUT/PATCH/DELETE with an optional JSON body. */
export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return parseJson<T>(await request(method, path, undefined, body));
}

/** Fetches an endpoint's CSV (with the bearer token) and hands it to the browser as a file download. */
/** What a CSV download held: every matching row, or the first `rows` of `total` when the export was cut. */
export type CsvDownloadResult = { complete: true } | { complete: false; rows: number; total: number | null };

export async function downloadCsv(path: string, params: QueryParams, fallbackName: string): Promise<CsvDownloadResult> {
  const response = await request('GET', path, { ...params, format: 'csv', cursor: undefined, limit: undefined });
  const truncated = response.headers.get('X-Export-Truncated');
  const total = response.headers.get('X-Total-Count');
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start reading the blob only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return truncated === null
    ? { complete: true }
    : { complete: false, rows: Number(truncated), total: total === null ? null : Number(total) };
}
