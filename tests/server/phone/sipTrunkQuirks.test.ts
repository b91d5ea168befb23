import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SipEndpoint } from '../../../server/src/phone/sip';
import { MAX_ADDRESSES_PER_HOST, type ResolveHost } from '../../../server/src/phone/sip/allowList';
import { sipConfig, startEndpoint, startSipp, stopAll } from './sippHarness';

/**
 * What some 050 trunks do that Kayoi answers plainly (SIPp as the trunk): an INVITE without SDP (delayed offer),
 * an INVITE requiring 100rel, and a trunk named by its host name in allowFrom.
 */
afterEach(stopAll);

describe('INVITEs Kayoi refuses with a clear SIP answer', () => {
  it('an INVITE without SDP (delayed offer) is answered 488 with Accept: application/sdp and never becomes a call', async () => {
    const endpoint = await startEndpoint();
    let calls = 0;
    endpoint.on('call', () => (calls += 1));
    const result = await (await startSipp({ scenario: 'uac_delayed_offer.xml', target: `127.0.0.1:${endpoint.port}` })).done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 488 Not Acceptable Here[\s\S]*Accept: application\/sdp/);
    expect(calls).toBe(0);
    expect(endpoint.calls.size).toBe(0);
  });

  it('an INVITE with Require: 100rel is answered 420 Bad Extension with Unsupported: 100rel and never becomes a call', async () => {
    const endpoint = await startEndpoint();
    let calls = 0;
    endpoint.on('call', () => (calls += 1));
    const result = await (await startSipp({ scenario: 'uac_require_100rel.xml', target: `127.0.0.1:${endpoint.port}` })).done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 420 Bad Extension[\s\S]*Unsupported: 100rel/);
    expect(calls).toBe(0);
  });
});

describe('a trunk named by its host name in KAYOI_SIP_ALLOW_FROM', () => {
  it('resolves localhost at start: OPTIONS from 127.0.0.1 is answered, a TCP request from 127.0.0.2 is refused 403', async () => {
    const endpoint = await startEndpoint({ allowFrom: ['localhost'] });
    expect(endpoint.allowList.addressesOf('localhost')).toContain('127.0.0.1');
    const allowed = await (await startSipp({ scenario: 'options.xml', target: `127.0.0.1:${endpoint.port}` })).done;
    expect(allowed.code, allowed.output).toBe(0);
    const stranger = await (
      await startSipp({ scenario: 'uac_forbidden.xml', target: `127.0.0.1:${endpoint.port}`, transport: 'tcp', localIp: '127.0.0.2' })
    ).done;
    expect(stranger.code, stranger.output).toBe(0);
    expect(stranger.messages).toContain('SIP/2.0 403 Forbidden');
  });

  it('takes each new answer in place of the last, keeps the last addresses when a lookup fails (logged), and takes at most 16', async () => {
    const answers: (string[] | Error)[] = [['127.0.0.2'], ['127.0.0.1'], new Error('SERVFAIL'), []];
    const resolveHost: ResolveHost = vi.fn(() => {
      const next = answers.shift() ?? new Error('no more answers');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    });
    const warnings: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          warnings.push(chunk.toString());
          done();
        },
      }),
    );
    const endpoint = new SipEndpoint(sipConfig({ allowFrom: ['sip.trunk.example'] }), logger, undefined, {
      resolveHost,
      allowFromRefreshMs: 3_600_000,
    });
    await endpoint.start();
    try {
      const list = endpoint.allowList;
      expect([list.allows('127.0.0.2'), list.allows('127.0.0.1')]).toEqual([true, false]);
      await list.refresh();
      expect([list.allows('127.0.0.2'), list.allows('127.0.0.1')]).toEqual([false, true]);
      const options = await (await startSipp({ scenario: 'options.xml', target: `127.0.0.1:${endpoint.port}` })).done;
      expect(options.code, options.output).toBe(0);

      await list.refresh(); // SERVFAIL
      await list.refresh(); // no addresses
      expect(list.addressesOf('sip.trunk.example')).toEqual(['127.0.0.1']);
      expect([list.allows('127.0.0.1'), list.allows('127.0.0.2'), list.allows('10.0.0.1')]).toEqual([true, false, false]);
      expect(warnings.filter((line) => line.includes('could not resolve an allowFrom host name'))).toHaveLength(2);

      answers.push(Array.from({ length: 40 }, (_, i) => `10.0.0.${i + 1}`));
      await list.refresh();
      expect(list.addressesOf('sip.trunk.example')).toHaveLength(MAX_ADDRESSES_PER_HOST);
      expect([list.allows('10.0.0.16'), list.allows('10.0.0.17'), list.allows('127.0.0.1')]).toEqual([true, false, false]);
    } finally {
      await endpoint.stop();
    }
  });

  it('looks the name up again every allowFromRefreshMs while it runs, and no more after stop', async () => {
    const resolveHost = vi.fn<ResolveHost>(() => Promise.resolve(['127.0.0.1']));
    const endpoint = await startEndpoint({ allowFrom: ['sip.trunk.example'] }, { resolveHost, allowFromRefreshMs: 50 });
    await vi.waitFor(() => expect(resolveHost.mock.calls.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    await stopAll();
    const after = resolveHost.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resolveHost.mock.calls.length).toBe(after);
    expect(endpoint.allowList.allows('127.0.0.1')).toBe(true);
  });
});
