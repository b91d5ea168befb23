import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  ParsedBodyOf,
  ParsedParamsOf,
  ParsedQueryOf,
  ReplyOf,
  RouteSpec,
  RouteTable,
  SchemaName,
  StreamBody,
} from '@shared/http/routes';

/**
 * The handlers of a feature's REST contract (shared/src/<feature>/routes.ts), typed from it: each receives what
 * the route's schemas let through and returns what its response schema accepts; http/routes.ts registers them.
 */

/** What a handler receives: the parsed params, query and body (the video upload: the request stream itself). */
export interface RouteInput<R extends RouteSpec> {
  Params: ParsedParamsOf<R>;
  Querystring: ParsedQueryOf<R>;
  Body: R extends { readonly body: StreamBody } ? Readable : ParsedBodyOf<R>;
}

/** What a handler answers: a value for the response schema (sent with the route's status), or the reply it sent a file on. */
export type RouteAnswer<R extends RouteSpec> = R extends { readonly response: SchemaName } ? ReplyOf<R> : FastifyReply;

export type RouteHandler<R extends RouteSpec> = (
  request: FastifyRequest<RouteInput<R>>,
  reply: FastifyReply,
) => RouteAnswer<R> | Promise<RouteAnswer<R>>;

/** One handler per entry of the contract, under the same name. */
export type RouteHandlers<T extends RouteTable> = { readonly [K in keyof T]: RouteHandler<T[K]> };
