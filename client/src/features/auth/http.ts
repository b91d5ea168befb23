import type { ErrorBody } from '../../../../shared/src/ack';
import { CallError } from '../../lib/errors';

/** Called whenever the server says the sign-in is gone (expired, signed out elsewhere). */
let onUnauthenticated: (() => void) | null = null;
export function handleUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && typeof (value as { code?: unknown }).code === 'string';
}

/**
 * A JSON request to the staff API with the session cookie. Answers the parsed body; an error body
 * becomes a `CallError` with the server's code (and `field` for INVALID_PAYLOAD).
 */
export async function apiRequest<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CallError('NETWORK', error instanceof Error ? error.message : 'fetch failed');
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // not JSON (a proxy error page, for example)
  }
  if (isErrorBody(parsed)) {
    if (parsed.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw new CallError(parsed.code, parsed.message, parsed.field);
  }
  if (response.ok && parsed !== null) return parsed as T;
  throw new CallError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', `${method} ${path}: HTTP ${response.status}`);
}

export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, undefined, signal);
