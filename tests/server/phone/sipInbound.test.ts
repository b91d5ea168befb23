import { afterEach, describe, expect, it } from 'vitest';
import type { CallEndReason, IncomingCall, RemoteMedia } from '../../../server/src/phone/types';
import { local, startEndpoint, startSipp, stopAll, type Sipp } from './sippHarness';

afterEach(stopAll);

/** The next call, or a failure with SIPp's output when SIPp gives up first. */
function nextCall(endpoint: Awaited<ReturnType<typeof startEndpoint>>, sipp: Sipp): Promise<IncomingCall> {
  return Promise.race([
    new Promise<IncomingCall>((resolve) => endpoint.once('call', resolve)),
    sipp.done.then((result) => Promise.reject(new Error(`sipp exited ${result.code} before the call: ${result.output}`))),
  ]);
}

function ended(call: IncomingCall): Promise<CallEndReason> {
  return new Promise((resolve) => call.on('ended', resolve));
}

describe('inbound calls from SIPp', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`SIPp's built-in uac over ${transport} is answered with PCMU, ACKed and hung up by BYE`, async () => {
      const endpoint = await startEndpoint();
      const sipp = await startSipp({ scenario: 'uac', target: `127.0.0.1:${endpoint.port}`, transport });
      const incoming = nextCall(endpoint, sipp);
      const call = await incoming;
      expect(call.direction).toBe('inbound');
      expect(call.localNumber).toBe('0501234567');
      expect(call.remoteMedia).toMatchObject({ address: '127.0.0.1', codec: 'PCMU', payloadType: 0, ptime: 20 });
      const end = ended(call);
      await call.answer(local);
      expect(await end).toBe('remote-hangup');
      const result = await sipp.done;
      expect(result.code, result.output).toBe(0);
      expect(result.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*m=audio 40000 RTP\/AVP 0\r?\n/);
      expect(endpoint.calls.size).toBe(0);
    });
  }

  it('a caller from an address not in allowFrom is refused with 403 over TCP and never becomes a call', async () => {
    const endpoint = await startEndpoint({ allowFrom: ['127.0.0.1/32'] });
    let calls = 0;
    endpoint.on('call', () => (calls += 1));
    const sipp = await startSipp({
      scenario: 'uac_forbidden.xml',
      target: `127.0.0.1:${endpoint.port}`,
      transport: 'tcp',
      localIp: '127.0.0.2',
    });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toContain('SIP/2.0 403 Forbidden');
    expect(calls).toBe(0);
  });

  it('a caller from an address not in allowFrom over UDP gets no answer at all', async () => {
    const endpoint = await startEndpoint({ allowFrom: ['127.0.0.1/32'] });
    let calls = 0;
    endpoint.on('call', () => (calls += 1));
    const sipp = await startSipp({ scenario: 'uac', target: `127.0.0.1:${endpoint.port}`, localIp: '127.0.0.2', timeoutSeconds: 2 });
    const result = await sipp.done;
    expect(result.code).not.toBe(0);
    expect(result.messages).not.toMatch(/message received/);
    expect(calls).toBe(0);
  });

  it('SIP INFO digits (application/dtmf-relay 5, application/dtmf #) arrive as dtmf events', async () => {
    const endpoint = await startEndpoint();
    const sipp = await startSipp({ scenario: 'uac_info_dtmf.xml', target: `127.0.0.1:${endpoint.port}` });
    const incoming = nextCall(endpoint, sipp);
    const call = await incoming;
    expect(call.remoteMedia.telephoneEventPayloadType).toBe(101);
    const digits: string[] = [];
    call.on('dtmf', (digit) => digits.push(digit));
    const end = ended(call);
    await call.answer(local);
    expect(await end).toBe('remote-hangup');
    expect(digits).toEqual(['5', '#']);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
  });

  it('a re-INVITE moving the media to another port in PCMA emits mediaChanged and is answered in PCMA', async () => {
    const endpoint = await startEndpoint();
    const sipp = await startSipp({ scenario: 'uac_reinvite.xml', target: `127.0.0.1:${endpoint.port}` });
    const incoming = nextCall(endpoint, sipp);
    const call = await incoming;
    const changes: RemoteMedia[] = [];
    call.on('mediaChanged', (media) => changes.push(media));
    const end = ended(call);
    await call.answer(local);
    expect(await end).toBe('remote-hangup');
    expect(changes).toEqual([
      { address: '127.0.0.1', port: 7078, codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: null, ptime: 20 },
    ]);
    expect(call.remoteMedia.codec).toBe('PCMA');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
  });

  it('with Session-Expires refresher=uas the endpoint refreshes the session by re-INVITE, and the call goes on', async () => {
    const endpoint = await startEndpoint({}, { minSessionExpires: 1 });
    const sipp = await startSipp({ scenario: 'uac_session_refresh.xml', target: `127.0.0.1:${endpoint.port}` });
    const incoming = nextCall(endpoint, sipp);
    const call = await incoming;
    const end = ended(call);
    await call.answer(local);
    expect(await end).toBe('remote-hangup');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/INVITE sip:sipp@127\.0\.0\.1:\d+ SIP\/2\.0[\s\S]*Session-Expires: 2;refresher=uac/);
  });

  it('with Session-Expires refresher=uac and no refresh, the endpoint ends the dead dialog with BYE (session-expired)', async () => {
    const endpoint = await startEndpoint({}, { minSessionExpires: 1 });
    const sipp = await startSipp({ scenario: 'uac_session_expired.xml', target: `127.0.0.1:${endpoint.port}` });
    const incoming = nextCall(endpoint, sipp);
    const call = await incoming;
    const end = ended(call);
    await call.answer(local);
    expect(await end).toBe('session-expired');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
  });

  it('a Session-Expires below our Min-SE is refused with 422 and Min-SE: 90', async () => {
    const endpoint = await startEndpoint();
    let calls = 0;
    endpoint.on('call', () => (calls += 1));
    const sipp = await startSipp({ scenario: 'uac_session_refresh.xml', target: `127.0.0.1:${endpoint.port}`, timeoutSeconds: 3 });
    const result = await sipp.done;
    expect(result.messages).toMatch(/SIP\/2\.0 422 Session Interval Too Small[\s\S]*Min-SE: 90/);
    expect(calls).toBe(0);
  });

  it("the trunk's OPTIONS keepalive is answered 200 with Allow: INVITE …", async () => {
    const endpoint = await startEndpoint();
    const sipp = await startSipp({ scenario: 'options.xml', target: `127.0.0.1:${endpoint.port}` });
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*Allow: INVITE, ACK, BYE, CANCEL, OPTIONS/);
  });
});
