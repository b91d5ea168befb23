import type { z } from 'zod';
import type * as schemas from './schemas';

/**
 * The REST contract: each route's method, path, access, params, query, body and responses, declared once per
 * feature in `shared/src/<feature>/routes.ts` with `defineRoutes`. The server registers every route from these
 * tables (server/src/http/routes.ts: validation, serialization, OpenAPI, typed handlers) and the client calls them
 * through one typed caller (client/src/lib/api.ts). Schemas are named, not imported: this module and the tables are
 * free of zod at run time, so a page can import a table without the schemas (the client takes only their types).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route, checked before its input is parsed or validated (server/src/http/access.ts):
 * - `public`: anyone (sign-in, invite and session lookups, signed video links);
 * - `staff`: any signed-in user (organiser or host); the service then checks venues and organisations;
 * - `organiser`: signed-in organisers only.
 */
export type Access = 'public' | 'staff' | 'organiser';

/** The error statuses a route documents; every error answer is an ErrorBody (code, message, field). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 429 | 503;

/** What most routes can answer besides success: bad input, not signed in, not allowed, not found. */
export const DEFAULT_ERRORS = [400, 401, 403, 404] as const satisfies readonly ErrorStatus[];

/** The schemas a route may name: the zod schemas of ./schemas.ts, by their export name. */
export type ApiSchemas = typeof schemas;
export type SchemaName = { [K in keyof ApiSchemas]: ApiSchemas[K] extends z.ZodType ? K : never }[keyof ApiSchemas];

/** A body read as a stream of bytes of one of these media types instead of JSON (the video upload). */
export interface StreamBody {
  readonly stream: readonly string[];
}

/** A file sent as a stream of bytes of one of these media types (exports, the video file); errors are still JSON. */
export interface FileResponse {
  readonly file: readonly string[];
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify's form: `:name` for each path parameter (the `params` schema has exactly these keys). */
  readonly path: `/api/${string}`;
  readonly access: Access;
  readonly params?: SchemaName;
  readonly query?: SchemaName;
  readonly body?: SchemaName | StreamBody;
  /** The success answer: a JSON schema's name, or a file. */
  readonly response: SchemaName | FileResponse;
  /** The success status (default 200): 201 for a route that creates something. */
  readonly status?: 201;
  /** The error statuses to document (default DEFAULT_ERRORS). */
  readonly errors?: readonly ErrorStatus[];
  /** A GET also answers HEAD unless this is false (an export would count its rows and audit a file nobody gets). */
  readonly head?: false;
  /**
   * Multi-node: the route keeps state in the node holding the `:sessionId` session (「電話をかける」's roster), so
   * another node forwards it there (server/src/cluster/requestForwarding.ts). Nothing changes on one server.
   */
  readonly servedBy?: 'sessionNode';
  /** OpenAPI: the route's group and what it does. */
  readonly tags?: readonly string[];
  readonly description?: string;
}

export type RouteTable = Readonly<Record<string, RouteSpec>>;

/** The `:name` parameters of a path, as a union of names. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Nothing for a correct route; else a property whose type no value has, so the compiler points at the mistake. */
type ParamsCheck<R> = R extends { readonly path: infer P extends string }
  ? [PathParamNames<P>] extends [never]
    ? R extends { readonly params: SchemaName }
      ? { params: 'this path has no :parameters' }
      : unknown
    : R extends { readonly params: infer N extends SchemaName }
      ? SameKeys<keyof z.output<ApiSchemas[N]>, PathParamNames<P>> extends true
        ? unknown
        : { params: `a schema with exactly the path's parameters: ${PathParamNames<P>}` }
      : { params: `a schema with exactly the path's parameters: ${PathParamNames<P>}` }
  : unknown;

/**
 * A feature's route table, checked at compile time: every schema name is one of ./schemas.ts's, and each path's
 * `:parameters` are exactly the keys of its `params` schema. At run time it is the table itself.
 */
export function defineRoutes<const T extends RouteTable>(table: T & NoInfer<{ readonly [K in keyof T]: ParamsCheck<T[K]> }>): T {
  return table;
}

type Named<N> = N extends SchemaName ? ApiSchemas[N] : never;

/** What a caller sends (z.input: defaults may be left out) and what it receives (z.output, as the server sent it). */
export type ParamsOf<R extends RouteSpec> = R extends { readonly params: infer N } ? z.input<Named<N>> : undefined;
export type QueryOf<R extends RouteSpec> = R extends { readonly query: infer N } ? z.input<Named<N>> : undefined;
export type BodyOf<R extends RouteSpec> = R extends { readonly body: infer N extends SchemaName } ? z.input<Named<N>> : undefined;
export type ResponseOf<R extends RouteSpec> = R extends { readonly response: infer N extends SchemaName } ? z.output<Named<N>> : never;

/** What the server's handler receives after validation (z.output) and may answer (z.input: the serializer parses it). */
export type ParsedParamsOf<R extends RouteSpec> = R extends { readonly params: infer N } ? z.output<Named<N>> : unknown;
export type ParsedQueryOf<R extends RouteSpec> = R extends { readonly query: infer N } ? z.output<Named<N>> : unknown;
export type ParsedBodyOf<R extends RouteSpec> = R extends { readonly body: infer N extends SchemaName } ? z.output<Named<N>> : unknown;
export type ReplyOf<R extends RouteSpec> = R extends { readonly response: infer N extends SchemaName } ? z.input<Named<N>> : never;

/** A route whose body (if any) and answer are JSON: what the client's apiCall takes. */
export type JsonRoute = RouteSpec & { readonly body?: SchemaName; readonly response: SchemaName };

/** The part of a call that fills the address: the path's parameters and the query. */
export type AddressOf<R extends RouteSpec> = Part<'params', ParamsOf<R>> & Part<'query', QueryOf<R>>;

/** A key that is absent when the route has no such part, optional when every field of it is, else required. */
type Part<K extends string, V> = [V] extends [undefined]
  ? unknown
  : Partial<V> extends V
    ? { readonly [P in K]?: V }
    : { readonly [P in K]: V };

/** Arguments that may be left out when nothing in them is required. */
export type OptionalWhenEmpty<O> = Partial<O> extends O ? [options?: O] : [options: O];

/**
 * The address of a call: the path with each `:parameter` replaced by its value (URI-encoded) and the query's
 * defined values appended (`?name=value&…`, URI-encoded). The server builds signed video links with it too.
 */
export function routeUrl<R extends RouteSpec>(route: R, ...address: OptionalWhenEmpty<AddressOf<R>>): string;
export function routeUrl(route: RouteSpec, ...address: readonly unknown[]): string {
  const given = address[0];
  const values = new Map(entriesOf(typeof given === 'object' && given !== null && 'params' in given ? given.params : undefined));
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => encodeURIComponent(text(values.get(name))));
  const pairs = entriesOf(typeof given === 'object' && given !== null && 'query' in given ? given.query : undefined)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(text(value))}`);
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

function entriesOf(part: unknown): [string, unknown][] {
  return typeof part === 'object' && part !== null ? Object.entries(part) : [];
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new TypeError(`Not a value for an address: ${typeof value}`);
}
