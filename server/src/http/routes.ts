import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { DEFAULT_ERRORS, type RouteSpec, type RouteTable, type StreamBody } from '@shared/http/routes';
import * as schemas from '@shared/http/schemas';
import type { RouteHandlers } from '../core/routes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Multi-node: the route is answered by the node holding its session (the contract's `servedBy`). */
    servedBy?: 'sessionNode';
  }
}

/** Any route's handler, as Fastify calls it (method syntax: its parameters compare both ways, so every RouteHandler fits). */
type AnyHandler = { call(request: FastifyRequest, reply: FastifyReply): unknown }['call'];

/** A streamed file: Fastify pipes streams without serializing them; in OpenAPI a binary string. */
const FileStream = z.custom<Readable>((value) => value instanceof Readable).meta({ type: 'string', format: 'binary' });

/**
 * Registers a feature's routes from its contract (shared/src/<feature>/routes.ts) with their handlers
 * (server/src/<feature>/routes.ts): method, path, access (checked first, http/access.ts), the params, query and
 * body schemas (validated before the handler runs), the success answer with the route's status and the error
 * answers (serialized through their schemas and listed in OpenAPI). Nothing else registers an API route
 * (tests/server/http/contract.test.ts).
 */
export async function registerRoutes<T extends RouteTable>(app: FastifyInstance, table: T, handlers: RouteHandlers<T>): Promise<void>;
export async function registerRoutes(
  app: FastifyInstance,
  table: RouteTable,
  handlers: Readonly<Record<string, AnyHandler>>,
): Promise<void> {
  const routes = Object.entries(table).map(([name, spec]) => ({ spec, handler: handlerOf(handlers, name) }));
  for (const { spec, handler } of routes) if (!isStreamed(spec)) addRoute(app, spec, handler);
  const streamed = routes.filter(({ spec }) => isStreamed(spec));
  if (streamed.length === 0) return;
  // A body read as a stream (the video upload) gets its own scope whose only parser hands the request stream to the
  // handler, so the service decides from the headers before reading a byte and counts the bytes itself (Fastify's
  // bodyLimit does not apply to stream parsers).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const { spec, handler } of streamed) addRoute(scope, spec, handler);
  });
}

function handlerOf(handlers: Readonly<Record<string, AnyHandler>>, name: string): AnyHandler {
  const handler = handlers[name];
  if (!handler) throw new Error(`No handler for the route ${name}`);
  return handler;
}

function isStreamed(spec: RouteSpec): spec is RouteSpec & { readonly body: StreamBody } {
  return typeof spec.body === 'object';
}

function addRoute(app: FastifyInstance, spec: RouteSpec, handler: AnyHandler): void {
  app.route({
    method: spec.method,
    url: spec.path,
    ...(spec.head === false ? { exposeHeadRoute: false } : {}),
    config: {
      access: spec.access,
      ...(typeof spec.body === 'object' ? { bodyTypes: spec.body.stream } : {}),
      ...(spec.servedBy ? { servedBy: spec.servedBy } : {}),
    },
    schema: schemaOf(spec),
    handler: async (request, reply) => {
      const answer = await handler(request, reply);
      if (answer === reply) return reply;
      if (spec.status) reply.code(spec.status);
      return answer;
    },
  });
}

function schemaOf(spec: RouteSpec): FastifySchema {
  const response: Record<number, z.ZodType> = {
    [spec.status ?? 200]: typeof spec.response === 'string' ? schemas[spec.response] : FileStream,
  };
  for (const status of spec.errors ?? DEFAULT_ERRORS) response[status] = schemas.ErrorBody;
  return {
    ...(spec.tags ? { tags: [...spec.tags] } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.params ? { params: schemas[spec.params] } : {}),
    ...(spec.query ? { querystring: schemas[spec.query] } : {}),
    ...(typeof spec.body === 'string' ? { body: schemas[spec.body] } : {}),
    ...(typeof spec.response === 'string' ? {} : { produces: [...spec.response.file, 'application/json'] }),
    response,
  };
}
