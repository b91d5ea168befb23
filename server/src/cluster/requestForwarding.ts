import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';

/** Marks a request one node forwarded to another (its value: the forwarding node's id); such a request is never forwarded again. */
export const FORWARDED_BY_HEADER = 'x-kayoi-forwarded-by';

export interface RequestForwardingDeps {
  nodeId: string;
  /** The public URL of the node holding the session, or null when this node holds it or nobody does. */
  holderUrlOf(sessionId: string): Promise<string | null>;
}

/**
 * Routes whose contract says `servedBy: 'sessionNode'` (「電話をかける」: ring one, ring everyone, the roster) keep
 * their state in the node holding the session. Asked of another node, the request is forwarded there once, after
 * this node has checked access and input, with its cookie and headers, and the answer (status, headers, body) is
 * relayed as it comes. A request already forwarded, or for a session nobody holds, is answered here as on one node.
 */
export async function installRequestForwarding(app: FastifyInstance, deps: RequestForwardingDeps): Promise<void> {
  const { default: replyFrom } = await import('@fastify/reply-from');
  await app.register(replyFrom, { disableRequestLogging: true });
  app.addHook('preHandler', (request, reply, done) => {
    const sessionId = (request.params as { sessionId?: unknown } | undefined)?.sessionId;
    if (request.routeOptions.config.servedBy !== 'sessionNode' || request.headers[FORWARDED_BY_HEADER] !== undefined) return done();
    if (typeof sessionId !== 'string') return done();
    deps.holderUrlOf(sessionId).then(
      (holderUrl) => {
        if (holderUrl === null) done();
        else forward(request, reply, holderUrl, deps.nodeId);
      },
      (error: unknown) => done(error as Error),
    );
  });
}

function forward(request: FastifyRequest, reply: FastifyReply, holderUrl: string, nodeId: string): void {
  void reply.from(new URL(request.url, holderUrl).href, {
    // An answer is relayed once: a ring asked twice would ring twice, and a 503 (no telephone) is the answer.
    retryDelay: () => null,
    rewriteRequestHeaders: (original, headers) => ({
      ...headers,
      [FORWARDED_BY_HEADER]: nodeId,
      // The holder counts the request against the browser's address when it trusts this node (KAYOI_TRUST_PROXY).
      'x-forwarded-for': [headers['x-forwarded-for'], original.ip].filter(Boolean).join(', '),
    }),
    onError: (failed, { error }) => {
      failed.request.log.warn({ err: error, holderUrl }, 'the node holding the session did not answer a forwarded request');
      void failed.send(new AppError('SERVER_BUSY', 'The server of this gathering did not answer; try again shortly'));
    },
  });
}
