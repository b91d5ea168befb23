import type { ErrorBody } from '../../../shared/src/ack';
import type { InviteInfo, VenueSessionInfo } from '../../../shared/src/sessions/schemas';
import { CallError } from './errors';

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CallError('NETWORK', error instanceof Error ? error.message : 'fetch failed');
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy error page, for example)
  }
  if (response.ok && body !== null && !isErrorBody(body)) return body as T;
  if (isErrorBody(body)) throw new CallError(body.code, body.message, body.field);
  throw new CallError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', `${path}: HTTP ${response.status}`);
}

export function fetchInvite(token: string, signal?: AbortSignal): Promise<InviteInfo> {
  return getJson<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`, signal);
}

export function fetchVenueSession(sessionId: string, signal?: AbortSignal): Promise<VenueSessionInfo> {
  return getJson<VenueSessionInfo>(`/api/sessions/${encodeURIComponent(sessionId)}`, signal);
}
