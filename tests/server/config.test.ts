import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';

describe('configuration', () => {
  it('works with no environment variables at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dbPath: 'data/kayoi.sqlite',
      publicUrl: 'http://localhost:3000',
      tls: undefined,
      media: { port: 40000, listenIp: '127.0.0.1', announcedIp: undefined },
    });
    expect(config.media.workers).toBeGreaterThanOrEqual(1);
  });

  it('reads ports, announced address, worker count and TLS files', () => {
    const config = loadConfig({
      PORT: '8443',
      MEDIA_PORT: '44444',
      MEDIA_LISTEN_IP: '0.0.0.0',
      MEDIA_ANNOUNCED_IP: '203.0.113.7',
      MEDIASOUP_WORKERS: '3',
      TLS_CERT_FILE: '/etc/kayoi/cert.pem',
      TLS_KEY_FILE: '/etc/kayoi/key.pem',
    });
    expect(config.media).toMatchObject({ port: 44444, listenIp: '0.0.0.0', announcedIp: '203.0.113.7', workers: 3 });
    expect(config.tls).toEqual({ certFile: '/etc/kayoi/cert.pem', keyFile: '/etc/kayoi/key.pem' });
    expect(config.publicUrl).toBe('https://localhost:8443');
  });

  it('refuses a bad value with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MEDIASOUP_WORKERS: '0' })).toThrow(/MEDIASOUP_WORKERS/);
    expect(() => loadConfig({ TLS_CERT_FILE: '/only/cert.pem' })).toThrow(/TLS_KEY_FILE/);
  });
});
