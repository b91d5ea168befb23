import type { ErrorBody } from '@shared/ack';
import {
  routeUrl,
  type AddressOf,
  type BodyOf,
  type JsonRoute,
  type OptionalWhenEmpty,
  type ResponseOf,
  type RouteSpec,
  type SchemaName,
} from '@shared/http/routes';
import { CallError } from './errors';

/**
 * The one way pages call the REST API: `apiCall(venueRoutes.create, { body })` with a route of the contract
 * (shared/src/<feature>/routes.ts). The address comes from the route's path, parameters and query (encoded), the
 * body is sent as JSON, and the answer has the type of the route's response schema. Only types come from the
 * schemas: zod stays out of the pages.
 */

/** What a call sends: the path's parameters and the query (when the route has them), the body (when it takes one), an abort signal. */
export type CallOptions<R extends JsonRoute> = AddressOf<R> & BodyPart<R> & { readonly signal?: AbortSignal };
type BodyPart<R extends JsonRoute> = R extends { readonly body: SchemaName } ? { readonly body: BodyOf<R> } : unknown;

/** Called whenever the server says the sign-in is gone (expired, signed out elsewhere). */
let onUnauthenticated: (() => void) | null = null;
export function handleUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/**
 * Calls a route of the contract; an error answer is thrown as a CallError with its code and field (NETWORK when
 * the server cannot be reached or answers something else). The answer is trusted to be what the contract says:
 * the server serializes every answer through the route's response schema.
 */
export function apiCall<R extends JsonRoute>(route: R, ...options: OptionalWhenEmpty<CallOptions<R>>): Promise<ResponseOf<R>>;
export async function apiCall(route: JsonRoute, ...options: readonly unknown[]): Promise<unknown> {
  const given = typeof options[0] === 'object' && options[0] !== null ? options[0] : {};
  const body = 'body' in given ? given.body : undefined;
  const signal = 'signal' in given && given.signal instanceof AbortSignal ? given.signal : undefined;
  const url = routeUrl(route, given);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method,
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
  if (response.ok && answer !== null && !isErrorBody(answer)) return answer;
  if (isErrorBody(answer)) {
    if (answer.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw new CallError(answer.code, answer.message, answer.field);
  }
  throw new CallError(response.status >= 500 ? 'INTERNAL' : 'NETWORK', `${url}: HTTP ${response.status}`);
}

/**
 * A route's successful answer with the type the contract gives it, for the one call that cannot use apiCall (the
 * video upload, sent with XMLHttpRequest for its progress). Like apiCall, it trusts the server's serializer.
 */
export function contractAnswer<R extends RouteSpec>(route: R, answer: unknown): ResponseOf<R>;
export function contractAnswer(_route: RouteSpec, answer: unknown): unknown {
  return answer;
}

/** An error answer of the API (`{ ok: false, code, message, field? }`). */
export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && value.ok === false && 'code' in value && typeof value.code === 'string'
  );
}
