import { ApiError, NETWORK_ERROR_MESSAGE } from './api-error';

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  /** The ID token, sent as `Authorization: Bearer`. */
  idToken?: string;
  signal?: AbortSignal;
}

/**
 * One call to the portal's API (same origin). Answers are parsed as JSON; error answers become ApiErrors.
 * `cache: 'no-store'` keeps PHI out of the browser's HTTP cache (ONC 170.315(d)(7)) whatever the headers say.
 */
export async function request<T>(path: string, { method = 'GET', body, idToken, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idToken) headers.Authorization = `Bearer ${idToken}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: 'network_error', message: NETWORK_ERROR_MESSAGE });
  }

  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (!response.ok) throw ApiError.fromResponse(response.status, payload);
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** `?limit=25&cursor=…`, leaving out what is undefined. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
