import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/core/logger';
import { clientAddress, proxyTrust } from '../../../server/src/http/proxyTrust';
import { createHandshakeCheck } from '../../../server/src/realtime/handshake';
import { WindowLimiter } from '../../../server/src/realtime/RequestLimiter';
import { ThrottledLog } from '../../../server/src/realtime/ThrottledLog';

/** The parts of a request the handshake reads: headers and the peer's address (a plain, unencrypted socket). */
function request(headers: Record<string, string>, remoteAddress = '192.0.2.10'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

function check(trustProxy: boolean, points = 100) {
  const allow = createHandshakeCheck({
    publicUrl: 'https://kayoi.example.jp',
    trustProxy: proxyTrust(trustProxy),
    connections: new WindowLimiter('test-connections', { points, seconds: 60 }),
    log: new ThrottledLog(createLogger('silent')),
  });
  return (req: IncomingMessage) => new Promise<boolean>((resolve) => allow(req, (_error, success) => resolve(success)));
}

describe('the client address', () => {
  it('is the socket’s peer unless a proxy is trusted; then the last X-Forwarded-For entry (the one the proxy added)', () => {
    const req = request({ 'x-forwarded-for': '203.0.113.7, 198.51.100.2' }, '127.0.0.1');
    expect(clientAddress(req, proxyTrust(false))).toBe('127.0.0.1');
    expect(clientAddress(req, proxyTrust(true))).toBe('198.51.100.2');
    expect(clientAddress(request({}, '127.0.0.1'), proxyTrust(true))).toBe('127.0.0.1');
  });

  it('with a list of proxies, walks back over the trusted ones: the first untrusted address is the client', () => {
    const twoProxies = request({ 'x-forwarded-for': '203.0.113.7, 198.51.100.2, 10.0.0.5' }, '127.0.0.1');
    expect(clientAddress(twoProxies, proxyTrust(['127.0.0.1', '10.0.0.0/8']))).toBe('198.51.100.2');
    expect(clientAddress(twoProxies, proxyTrust(['10.0.0.0/8']))).toBe('127.0.0.1');
  });
});

describe('the handshake’s Origin rule', () => {
  it('allows the public URL’s origin, the request’s own origin and no Origin; refuses any other', async () => {
    const allowed = check(false);
    expect(await allowed(request({ origin: 'https://kayoi.example.jp', host: '10.0.0.2:3000' }))).toBe(true);
    expect(await allowed(request({ origin: 'http://10.0.0.2:3000', host: '10.0.0.2:3000' }))).toBe(true);
    expect(await allowed(request({ host: '10.0.0.2:3000' }))).toBe(true);
    expect(await allowed(request({ origin: 'https://kayoi.example.jp.evil.example', host: 'kayoi.example.jp' }))).toBe(false);
    expect(await allowed(request({ origin: 'https://10.0.0.2:3000', host: '10.0.0.2:3000' }))).toBe(false);
  });

  it('reads the scheme from X-Forwarded-Proto only behind a trusted proxy', async () => {
    const viaProxy = request({ origin: 'https://venue.example.jp', host: 'venue.example.jp', 'x-forwarded-proto': 'https' });
    expect(await check(false)(viaProxy)).toBe(false);
    expect(await check(true)(viaProxy)).toBe(true);
  });

  it('counts connections per client address: behind a trusted proxy, per forwarded address', async () => {
    const allowed = check(true, 2);
    const from = (address: string) => request({ 'x-forwarded-for': address }, '127.0.0.1');
    expect([await allowed(from('203.0.113.1')), await allowed(from('203.0.113.1')), await allowed(from('203.0.113.1'))]).toEqual([
      true,
      true,
      false,
    ]);
    expect(await allowed(from('203.0.113.2'))).toBe(true);
  });
});
