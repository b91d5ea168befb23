import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callRequests, type CallRequestName } from '@shared/call/events';
import type { CallConnection } from '../../../server/src/call/CallConnection';
import { AppError } from '../../../server/src/core/errors';
import { createLogger } from '../../../server/src/core/logger';
import { attachRealtime } from '../../../server/src/realtime/io';
import type { RequestHandlers } from '../../../server/src/realtime/requestRouter';
import { openRawSocket, type RawSocket } from '../../support/rawSocket';

/**
 * The real socket.io server and router with handlers that fail in every way a handler can: a synchronous throw,
 * a rejection with something that is not an Error, an answer that cannot be sent (a BigInt cannot be encoded).
 * Any of these escaping into socket.io would end the test process.
 */
const failures: Partial<RequestHandlers<CallConnection>> = {
  'live:clock': () => {
    throw new Error('thrown synchronously');
  },
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is what is tested
  'hand:set': () => Promise.reject('a rejection that is a string'),
  'reaction:send': () => ({ weight: 10n }) as unknown as Record<string, never>,
  'host:lowerHands': () => {
    throw new AppError('NOT_ALLOWED', 'Only the host can lower the hands');
  },
};

function handlersWith(overrides: Partial<RequestHandlers<CallConnection>>): RequestHandlers<CallConnection> {
  const notUsed = () => {
    throw new AppError('NOT_FOUND', 'not used in this test');
  };
  const all = Object.fromEntries((Object.keys(callRequests) as CallRequestName[]).map((event) => [event, notUsed]));
  return { ...all, ...overrides } as RequestHandlers<CallConnection>;
}

let app: FastifyInstance;
let io: Server;
let url: string;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  // A bare Fastify app with the cookie plugin, as the real app has, instead of the whole server.
  app = Fastify();
  await app.register(fastifyCookie);
  const logger = createLogger('silent');
  io = attachRealtime(app.server, handlersWith(failures), { userForToken: () => Promise.resolve(undefined) }, logger, {
    publicUrl: 'http://localhost:0',
    revocation: { track: () => undefined },
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await io.close();
  await app.close();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function open(): Promise<RawSocket> {
  const socket = await openRawSocket(url);
  sockets.push(socket);
  return socket;
}

describe('a handler that fails', () => {
  it('answers a synchronous throw with INTERNAL and keeps serving the socket', async () => {
    const socket = await open();
    expect(await socket.ask('live:clock', { clientTime: 1 })).toEqual({
      answer: { ok: false, code: 'INTERNAL', message: 'Something went wrong on the server' },
    });
    expect(await socket.ask('host:lowerHands', {})).toMatchObject({ answer: { ok: false, code: 'NOT_ALLOWED' } });
  });

  it('answers a rejection that is not an Error with INTERNAL', async () => {
    const socket = await open();
    expect(await socket.ask('hand:set', { raised: true })).toMatchObject({ answer: { ok: false, code: 'INTERNAL' } });
  });

  it('survives an answer that cannot be sent: no answer comes, the next request is answered', async () => {
    const socket = await open();
    expect(await socket.ask('reaction:send', { kind: 'clap' })).toEqual({ timedOut: true });
    expect(await socket.ask('host:lowerHands', {})).toMatchObject({ answer: { ok: false, code: 'NOT_ALLOWED' } });
  });
});
