import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawSocket } from '../../support/rawSocket';
import { startTestServer, type TestServer } from '../../support/testServer';

const PUBLIC_URL = 'https://kayoi.example.jp';
const sockets: RawSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

function socketTo(url: string, headers?: Record<string, string>): RawSocket {
  const socket = new RawSocket(url, { headers });
  sockets.push(socket);
  return socket;
}

describe('the Origin of a signalling connection (cross-site WebSocket hijacking)', () => {
  let server: TestServer;
  let hostCookie: string;
  beforeAll(async () => {
    server = await startTestServer({ publicUrl: PUBLIC_URL });
    hostCookie = await server.login('host');
  });
  afterAll(() => server.close());

  it('refuses a page on another origin, even with a signed-in host’s cookie', async () => {
    const socket = socketTo(server.url, { origin: 'https://evil.example', cookie: hostCookie });
    await expect(socket.connected()).rejects.toThrow();
    expect(socket.socket.connected).toBe(false);
  });

  it('refuses the same host on another port, and the opaque origin "null"', async () => {
    const otherPort = server.url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`);
    await expect(socketTo(server.url, { origin: otherPort }).connected()).rejects.toThrow();
    await expect(socketTo(server.url, { origin: 'null' }).connected()).rejects.toThrow();
  });

  it('accepts a page on the request’s own origin (scheme and Host), which can then join as the venue', async () => {
    const socket = await socketTo(server.url, { origin: server.url, cookie: hostCookie }).connected();
    const answer = await socket.ask('call:join', {
      credentials: { role: 'venue', sessionId: server.demo.sessionId },
      clientId: 'venue-tablet',
    });
    expect(answer).toMatchObject({ answer: { ok: true } });
  });

  it('accepts a page on the configured public URL (behind a reverse proxy)', async () => {
    await expect(socketTo(server.url, { origin: PUBLIC_URL }).connected()).resolves.toBeInstanceOf(RawSocket);
  });

  it('accepts a client that sends no Origin (not a browser)', async () => {
    await expect(socketTo(server.url).connected()).resolves.toBeInstanceOf(RawSocket);
  });
});

describe('new connections per address', () => {
  const CAP = 5;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ realtimeLimits: { connectionsPerAddress: { points: CAP, seconds: 60 } } });
  });
  afterAll(() => server.close());

  it('refuses the handshake beyond the cap; the connections already open keep working', async () => {
    const open = await Promise.all(Array.from({ length: CAP }, () => socketTo(server.url).connected()));
    await expect(socketTo(server.url).connected()).rejects.toThrow();
    expect(await open[0]!.ask('live:clock', { clientTime: 1 })).toMatchObject({ answer: { ok: true } });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
