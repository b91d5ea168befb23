import { describe, expect, it } from 'vitest';
import { loadSipConfig } from '../../../server/src/phone/config';

/** The telephone's settings from the environment: off unless KAYOI_SIP_PORT is set, one clear message when wrong. */
const on = {
  KAYOI_SIP_PORT: '5060',
  KAYOI_SIP_PUBLIC_ADDRESS: '203.0.113.10',
  KAYOI_SIP_ALLOW_FROM: '198.51.100.0/24, 198.51.100.77',
};

describe('loadSipConfig', () => {
  it('is null (the telephone is off) when KAYOI_SIP_PORT is not set, whatever else is', () => {
    expect(loadSipConfig({})).toBeNull();
    expect(loadSipConfig({ KAYOI_SIP_TRUNK: 'sip.example.jp' })).toBeNull();
  });

  it('reads a trunk with REGISTER credentials, allowed addresses and the RTP range', () => {
    expect(
      loadSipConfig({
        ...on,
        KAYOI_SIP_TRUNK: 'sip.example.jp:5070;transport=tcp',
        KAYOI_SIP_USERNAME: '0501234567',
        KAYOI_SIP_PASSWORD: 'secret',
        KAYOI_RTP_PORT_MIN: '42000',
        KAYOI_RTP_PORT_MAX: '42099',
      }),
    ).toEqual({
      bindAddress: '0.0.0.0',
      port: 5060,
      publicAddress: '203.0.113.10',
      trunk: { host: 'sip.example.jp', port: 5070, transport: 'tcp' },
      credentials: { username: '0501234567', password: 'secret' },
      allowFrom: ['198.51.100.0/24', '198.51.100.77'],
      rtpPortRange: { min: 42000, max: 42099 },
      maxOutboundCalls: 4,
    });
  });

  it('takes the trunk by host name in KAYOI_SIP_ALLOW_FROM (resolved by the endpoint) and a maximum of outbound calls at once', () => {
    expect(
      loadSipConfig({ ...on, KAYOI_SIP_ALLOW_FROM: 'sip.provider.example.jp, 198.51.100.7', KAYOI_SIP_MAX_OUTBOUND_CALLS: '2' }),
    ).toMatchObject({
      allowFrom: ['sip.provider.example.jp', '198.51.100.7'],
      maxOutboundCalls: 2,
    });
  });

  it('defaults the trunk to port 5060 over UDP, understands IPv6 in brackets, and allows IP authentication without credentials', () => {
    expect(loadSipConfig({ ...on, KAYOI_SIP_TRUNK: 'sip.example.jp' })).toMatchObject({
      trunk: { host: 'sip.example.jp', port: 5060, transport: 'udp' },
      credentials: null,
      rtpPortRange: { min: 41000, max: 41999 },
    });
    expect(loadSipConfig({ ...on, KAYOI_SIP_TRUNK: '[2001:db8::1]:5080' })).toMatchObject({ trunk: { host: '2001:db8::1', port: 5080 } });
  });

  it('on several nodes (KAYOI_REDIS_URL) takes the hand-off secret the nodes share', () => {
    const secret = 'h7Yc1tq9Vn2mW8pZk3Lr5Xs0Bd4Fg6Ja';
    expect(loadSipConfig({ ...on, KAYOI_REDIS_URL: 'redis://10.0.0.5:6379', KAYOI_SIP_HANDOFF_SECRET: secret })).toMatchObject({
      handOffSecret: secret,
    });
    expect(loadSipConfig(on)).not.toHaveProperty('handOffSecret');
  });

  it.each([
    [{ ...on, KAYOI_SIP_PORT: '70000' }, /KAYOI_SIP_PORT/],
    [{ ...on, KAYOI_REDIS_URL: 'redis://10.0.0.5:6379' }, /KAYOI_SIP_HANDOFF_SECRET is required/],
    [{ ...on, KAYOI_SIP_HANDOFF_SECRET: 'short' }, /KAYOI_SIP_HANDOFF_SECRET: use at least 32 characters/],
    [{ ...on, KAYOI_SIP_HANDOFF_SECRET: `${'x'.repeat(40)} with spaces` }, /KAYOI_SIP_HANDOFF_SECRET: printable ASCII/],
    [{ ...on, KAYOI_SIP_HANDOFF_SECRET: 'x'.repeat(257) }, /KAYOI_SIP_HANDOFF_SECRET/],
    [{ ...on, KAYOI_SIP_PUBLIC_ADDRESS: undefined }, /KAYOI_SIP_PUBLIC_ADDRESS is required/],
    [{ ...on, KAYOI_SIP_PUBLIC_ADDRESS: 'example.jp' }, /KAYOI_SIP_PUBLIC_ADDRESS: expected/],
    [{ ...on, KAYOI_SIP_ALLOW_FROM: '' }, /KAYOI_SIP_ALLOW_FROM is required/],
    [{ ...on, KAYOI_SIP_ALLOW_FROM: '198.51.100.0/33' }, /KAYOI_SIP_ALLOW_FROM: "198.51.100.0\/33" is not an address/],
    [
      { ...on, KAYOI_SIP_ALLOW_FROM: 'provider_example.jp' },
      /KAYOI_SIP_ALLOW_FROM: "provider_example.jp" is not an address, CIDR or host name/,
    ],
    [{ ...on, KAYOI_SIP_ALLOW_FROM: '198.51.100.300' }, /KAYOI_SIP_ALLOW_FROM/],
    [{ ...on, KAYOI_SIP_MAX_OUTBOUND_CALLS: '0' }, /KAYOI_SIP_MAX_OUTBOUND_CALLS/],
    [{ ...on, KAYOI_SIP_TRUNK: 'sip.example.jp:99999' }, /KAYOI_SIP_TRUNK: expected host\[:port\]/],
    [{ ...on, KAYOI_SIP_TRUNK: 'sip.example.jp;transport=tls' }, /KAYOI_SIP_TRUNK/],
    [{ ...on, KAYOI_SIP_TRUNK: 'sip.example.jp', KAYOI_SIP_USERNAME: 'u' }, /given together/],
    [{ ...on, KAYOI_SIP_USERNAME: 'u', KAYOI_SIP_PASSWORD: 'p' }, /needs KAYOI_SIP_TRUNK/],
    [{ ...on, KAYOI_RTP_PORT_MIN: '41000', KAYOI_RTP_PORT_MAX: '41000' }, /KAYOI_RTP_PORT_MAX must be above/],
    [{ ...on, KAYOI_SIP_PORT: '41500' }, /outside KAYOI_RTP_PORT_MIN/],
  ])('refuses %o with a message naming the setting', (env, message) => {
    expect(() => loadSipConfig(env)).toThrow(message);
  });
});
