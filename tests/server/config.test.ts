import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/core/config';

describe('configuration', () => {
  it('works with no environment variables at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dbPath: 'data/kayoi.sqlite',
      databaseUrl: undefined,
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

  it('trusts no proxy and allows 1200 API requests a minute per address by default', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: false, apiRequestsPerMinute: 1200 });
  });

  it('reads KAYOI_TRUST_PROXY as true, false or a list of proxy addresses, and KAYOI_API_RATE_LIMIT', () => {
    expect(loadConfig({ KAYOI_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ KAYOI_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ KAYOI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(loadConfig({ KAYOI_API_RATE_LIMIT: '300' }).apiRequestsPerMinute).toBe(300);
  });

  it('refuses a bad value with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MEDIASOUP_WORKERS: '0' })).toThrow(/MEDIASOUP_WORKERS/);
    expect(() => loadConfig({ TLS_CERT_FILE: '/only/cert.pem' })).toThrow(/TLS_KEY_FILE/);
    expect(() => loadConfig({ KAYOI_TRUST_PROXY: 'yes please' })).toThrow(/KAYOI_TRUST_PROXY/);
    expect(() => loadConfig({ KAYOI_API_RATE_LIMIT: '0' })).toThrow(/KAYOI_API_RATE_LIMIT/);
    expect(() => loadConfig({ KAYOI_JOIN_OPENS_MINUTES: '-5' })).toThrow(/KAYOI_JOIN_OPENS_MINUTES/);
    expect(() => loadConfig({ KAYOI_AUTO_END_MINUTES: '10', KAYOI_JOIN_GRACE_MINUTES: '30' })).toThrow(/KAYOI_AUTO_END_MINUTES/);
    expect(() => loadConfig({ KAYOI_SEED_DEMO: 'false', KAYOI_AUTO_END_MINUTES: '10' })).toThrow(/KAYOI_AUTO_END_MINUTES/);
  });

  it('the day of a session defaults to joining 30 minutes early, 30 minutes of grace and auto-end 60 minutes after the end (a day with the demo)', () => {
    expect(loadConfig({ KAYOI_SEED_DEMO: 'false' }).sessionDay).toEqual({ joinOpensMinutes: 30, joinGraceMinutes: 30, autoEndMinutes: 60 });
    // With the demo, a whole day each way unless set: its 10:00 gathering can be tried at any hour.
    expect(loadConfig({}).sessionDay).toEqual({ joinOpensMinutes: 1440, joinGraceMinutes: 1440, autoEndMinutes: 1440 });
    expect(
      loadConfig({ KAYOI_SEED_DEMO: 'false', KAYOI_JOIN_OPENS_MINUTES: '45', KAYOI_AUTO_END_MINUTES: '120' }).sessionDay,
    ).toMatchObject({
      joinOpensMinutes: 45,
      autoEndMinutes: 120,
    });
  });

  it('is a single node unless KAYOI_REDIS_URL is set', () => {
    expect(loadConfig({}).cluster).toBeUndefined();
  });

  it('reads KAYOI_REDIS_URL with KAYOI_NODE_ID and KAYOI_PUBLIC_URL, which a node of several needs', () => {
    const cluster = { KAYOI_REDIS_URL: 'redis://10.0.0.5:6379/0', KAYOI_NODE_ID: 'node-1', KAYOI_PUBLIC_URL: 'https://n1.example.jp' };
    expect(loadConfig(cluster).cluster).toEqual({ redisUrl: 'redis://10.0.0.5:6379/0', nodeId: 'node-1' });
    expect(loadConfig({ ...cluster, KAYOI_REDIS_URL: 'rediss://user:pw@redis.example.jp' }).cluster?.redisUrl).toBe(
      'rediss://user:pw@redis.example.jp',
    );
    expect(() => loadConfig({ ...cluster, KAYOI_NODE_ID: undefined })).toThrow('KAYOI_REDIS_URL needs KAYOI_NODE_ID');
    expect(() => loadConfig({ ...cluster, KAYOI_PUBLIC_URL: undefined })).toThrow('KAYOI_REDIS_URL needs KAYOI_PUBLIC_URL');
    expect(() => loadConfig({ KAYOI_NODE_ID: 'node-1' })).toThrow('KAYOI_NODE_ID needs KAYOI_REDIS_URL');
    expect(() => loadConfig({ KAYOI_ENTRY_URL: 'https://kayoi.example.jp' })).toThrow('KAYOI_ENTRY_URL needs KAYOI_REDIS_URL');
    expect(loadConfig({ ...cluster, KAYOI_ENTRY_URL: 'https://kayoi.example.jp' }).cluster?.entryUrl).toBe('https://kayoi.example.jp');
    expect(() => loadConfig({ ...cluster, KAYOI_ENTRY_URL: 'ftp://kayoi.example.jp' })).toThrow('KAYOI_ENTRY_URL');
  });

  it('refuses a Redis URL of another scheme or too long, and a node id that is not letters, digits and -', () => {
    const cluster = { KAYOI_REDIS_URL: 'redis://127.0.0.1', KAYOI_NODE_ID: 'node-1', KAYOI_PUBLIC_URL: 'https://n1.example.jp' };
    expect(() => loadConfig({ ...cluster, KAYOI_REDIS_URL: 'http://127.0.0.1:6379' })).toThrow('KAYOI_REDIS_URL');
    expect(() => loadConfig({ ...cluster, KAYOI_REDIS_URL: `redis://${'a'.repeat(2000)}.jp` })).toThrow('KAYOI_REDIS_URL');
    expect(() => loadConfig({ ...cluster, KAYOI_NODE_ID: 'node:1' })).toThrow('KAYOI_NODE_ID');
    expect(() => loadConfig({ ...cluster, KAYOI_NODE_ID: 'n'.repeat(41) })).toThrow('KAYOI_NODE_ID');
  });

  it('reads KAYOI_DATABASE_URL as a postgres:// or postgresql:// URL, and refuses another scheme or one too long', () => {
    expect(loadConfig({ KAYOI_DATABASE_URL: 'postgres://kayoi:pw@db.example.jp:5432/kayoi' }).databaseUrl).toBe(
      'postgres://kayoi:pw@db.example.jp:5432/kayoi',
    );
    expect(loadConfig({ KAYOI_DATABASE_URL: 'postgresql://10.0.0.5/kayoi' }).databaseUrl).toBe('postgresql://10.0.0.5/kayoi');
    expect(() => loadConfig({ KAYOI_DATABASE_URL: 'mysql://10.0.0.5/kayoi' })).toThrow('KAYOI_DATABASE_URL');
    expect(() => loadConfig({ KAYOI_DATABASE_URL: 'data/kayoi.sqlite' })).toThrow('KAYOI_DATABASE_URL');
    expect(() => loadConfig({ KAYOI_DATABASE_URL: `postgres://${'a'.repeat(2000)}.jp/kayoi` })).toThrow('KAYOI_DATABASE_URL');
  });
});
