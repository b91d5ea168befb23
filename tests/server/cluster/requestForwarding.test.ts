import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORWARDED_BY_HEADER, installRequestForwarding } from '../../../server/src/cluster/requestForwarding';
import { installErrorHandlers } from '../../../server/src/http/errorHandler';
import { findFreeTcpPort } from '../../support/ports';

/**
 * The forwarding of routes served by the session's node, between two real HTTP servers: what the holder answers is
 * relayed as it is, a forwarded request is never forwarded again, other routes and unheld sessions are answered
 * where asked, and a holder that does not answer is a 503 with a code.
 */
let holder: FastifyInstance;
let asked: FastifyInstance;
let holderUrl: string;
/** Session id → the URL of the node said to hold it (what ClusterNode reads from the placement). */
const holders = new Map<string, string>();

/** Both nodes' routes: each answers who served it and what it was sent. */
function routes(app: FastifyInstance, name: string): void {
  const answer = (request: { headers: Record<string, unknown>; body?: unknown }) => ({
    servedBy: name,
    forwardedBy: request.headers[FORWARDED_BY_HEADER] ?? null,
    cookie: request.headers.cookie ?? null,
    body: request.body ?? null,
  });
  app.get('/api/s/:sessionId/roster', { config: { servedBy: 'sessionNode' } }, (request) => answer(request));
  app.post('/api/s/:sessionId/calls', { config: { servedBy: 'sessionNode' } }, async (request, reply) => {
    void reply.code(201).header('x-holder-header', 'kept');
    return answer(request);
  });
  app.get('/api/s/:sessionId/plain', (request) => answer(request));
}

beforeAll(async () => {
  holder = Fastify();
  installErrorHandlers(holder);
  // The holder forwards too, as every node does: a request it receives forwarded must stay with it.
  await installRequestForwarding(holder, { nodeId: 'node-1', holderUrlOf: async (id) => holders.get(id) ?? null });
  routes(holder, 'holder');
  holderUrl = await holder.listen({ port: 0, host: '127.0.0.1' });
  asked = Fastify();
  installErrorHandlers(asked);
  await installRequestForwarding(asked, { nodeId: 'node-2', holderUrlOf: async (id) => holders.get(id) ?? null });
  routes(asked, 'asked');
  await asked.ready();
  holders.set('held', holderUrl);
  holders.set('gone', `http://127.0.0.1:${await findFreeTcpPort()}`);
});

afterAll(async () => {
  await asked?.close();
  await holder?.close();
});

describe('a request for a session another node holds', () => {
  it('is answered by the holder: status, headers and body relayed, the cookie and body sent on, marked once', async () => {
    const answer = await asked.inject({
      method: 'POST',
      url: '/api/s/held/calls',
      headers: { cookie: 'kayoi_session=abc' },
      payload: { participantId: 'p1' },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-holder-header']).toBe('kept');
    expect(answer.json()).toEqual({
      servedBy: 'holder',
      forwardedBy: 'node-2',
      cookie: 'kayoi_session=abc',
      body: { participantId: 'p1' },
    });
  });

  it('is not forwarded again when it was forwarded already, even to a node that says another holds it', async () => {
    // The holder itself is told that "held" is elsewhere (a lease that moved): a forwarded request stays.
    holders.set('moved', holderUrl);
    const answer = await holder.inject({ method: 'GET', url: '/api/s/moved/roster', headers: { [FORWARDED_BY_HEADER]: 'node-2' } });
    expect(answer.json()).toMatchObject({ servedBy: 'holder', forwardedBy: 'node-2' });
    const atAsked = await asked.inject({ method: 'GET', url: '/api/s/held/roster', headers: { [FORWARDED_BY_HEADER]: 'node-1' } });
    expect(atAsked.json()).toMatchObject({ servedBy: 'asked' });
  });

  it('is answered where asked for a session nobody holds, and for a route not served by the session node', async () => {
    expect((await asked.inject({ method: 'GET', url: '/api/s/nobody/roster' })).json()).toMatchObject({ servedBy: 'asked' });
    expect((await asked.inject({ method: 'GET', url: '/api/s/held/plain' })).json()).toMatchObject({ servedBy: 'asked' });
  });

  it('is a 503 SERVER_BUSY when the holder does not answer', async () => {
    const answer = await asked.inject({ method: 'GET', url: '/api/s/gone/roster' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ ok: false, code: 'SERVER_BUSY' });
  });
});
