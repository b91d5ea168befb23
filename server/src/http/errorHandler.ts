import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '@shared/ack';
import { AppError, RetryLaterError } from '../core/errors';
import { hasBody } from './body';

/** Fastify's own refusals (body too large, unknown media type, …) by HTTP status. */
const CODE_BY_STATUS: Record<number, ErrorBody['code']> = { 413: 'TOO_LARGE', 415: 'UNSUPPORTED_TYPE', 429: 'RATE_LIMITED' };

/** Every API error leaves as an ErrorBody: a code, a message and, for bad input, the field. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    closeIfBodyUnread(request, reply);
    if (error instanceof AppError) {
      if (error instanceof RetryLaterError) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.httpStatus).send(errorBody(error.code, error.message, error.field));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const where = error.validationContext ?? 'body';
      const field = [where, ...(first?.instancePath ?? '').split('/').filter(Boolean)].join('.');
      return reply.code(400).send(errorBody('INVALID_PAYLOAD', `${field}: ${first?.message ?? 'invalid'}`, field));
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody(CODE_BY_STATUS[error.statusCode] ?? 'INVALID_PAYLOAD', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL', 'Something went wrong on the server'));
  });
}

/**
 * A request refused before its body was read (not signed in, another site, too large): Node would read and
 * discard the rest of the body to keep the connection; closing it instead means a stranger's upload costs nothing.
 */
function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  if (request.body === undefined && hasBody(request)) reply.header('connection', 'close');
}

function errorBody(code: ErrorBody['code'], message: string, field?: string): ErrorBody {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}
