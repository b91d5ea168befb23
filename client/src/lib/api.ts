import type { ErrorBody } from '@shared/ack';
import { CallError } from './errors';

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** Called whenever the server says the sign-in is gone (expired, signed out elsewhere). */
let onUnauthenticated: (() => void) | null = null;
export function handleUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Calls the API with an optional JSON body; an error answer is thrown as a CallError with its code and field. */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CallError('NETWORK', error instanceof Error ? error.message : 'fetch failed');
  }
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch {
    // not JSON (a proxy error page, for example)
  }
  if (response.ok && answer !== null && !isErrorBody(answer)) return answer as T;
  if (isErrorBody(answer)) {
    if (answer.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw new CallError(answer.code, answer.message, answer.field);
  }
  throw new CallError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', `${path}: HTTP ${response.status}`);
}

/** The same, under the name the feature API modules use. */
export const apiRequest = requestJson;

export const apiGet = <T>(path: string, signal?: AbortSignal) => requestJson<T>('GET', path, undefined, signal);
