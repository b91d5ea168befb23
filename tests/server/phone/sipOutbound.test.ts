import type { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SipCallError } from '../../../server/src/phone/sip';
import type { CallEndReason, PhoneCall } from '../../../server/src/phone/types';
import { local, startEndpoint, startSipp, stopAll } from './sippHarness';

afterEach(stopAll);

function trunkAt(port: number, transport: 'udp' | 'tcp' = 'udp') {
  return { trunk: { host: '127.0.0.1', port, transport } };
}

async function rejection(promise: Promise<PhoneCall>): Promise<SipCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SipCallError);
  return error as SipCallError;
}

describe('outbound calls to SIPp', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`SIPp's built-in uas over ${transport} answers placeCall; our hangup sends BYE and SIPp completes`, async () => {
      const sipp = await startSipp({ scenario: 'uas', transport });
      // allowFrom lists another address: the trunk's own address is allowed anyway.
      const endpoint = await startEndpoint({ ...trunkAt(sipp.port, transport), allowFrom: ['192.0.2.0/24'] });
      const call = await endpoint.placeCall({ to: '0312345678', from: '0501234567', local });
      expect(call.direction).toBe('outbound');
      expect(call.remoteNumber).toBe('0312345678');
      expect(call.remoteMedia).toMatchObject({ address: '127.0.0.1', codec: 'PCMU', payloadType: 0 });
      const ended = new Promise<CallEndReason>((resolve) => call.on('ended', resolve));
      call.hangup();
      expect(await ended).toBe('hangup');
      const result = await sipp.done;
      expect(result.code, result.output).toBe(0);
      expect(result.messages).toMatch(/INVITE sip:0312345678@127\.0\.0\.1:\d+[^\r\n]* SIP\/2\.0/);
      expect(result.messages).toMatch(/m=audio 40000 RTP\/AVP 0 8 101/);
    });
  }

  it('when the callee answers in PCMA making us the session refresher, the endpoint re-INVITEs in time and the call stays up', async () => {
    const sipp = await startSipp({ scenario: 'uas_session_timer.xml' });
    const endpoint = await startEndpoint(trunkAt(sipp.port), { minSessionExpires: 1 });
    const call = await endpoint.placeCall({ to: '0312345678', local });
    expect(call.remoteMedia).toMatchObject({ codec: 'PCMA', payloadType: 8 });
    let endedEarly = false;
    call.on('ended', () => (endedEarly = true));
    // SipCall (the PhoneCall behind placeCall) says when its refresh re-INVITE was answered.
    await new Promise((resolve) => (call as unknown as EventEmitter).once('sessionRefreshed', resolve));
    expect(endedEarly).toBe(false);
    call.hangup();
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^INVITE sip:/gm)).toHaveLength(2);
  });

  it('a busy callee (486) rejects placeCall with status 486 and reason busy, and the 486 is ACKed', async () => {
    const sipp = await startSipp({ scenario: 'uas_busy.xml' });
    const endpoint = await startEndpoint(trunkAt(sipp.port));
    const error = await rejection(endpoint.placeCall({ to: '0312345678', local }));
    expect(error.status).toBe(486);
    expect(error.reason).toBe('busy');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/ACK sip:0312345678@/);
  });

  it('a callee that never answers is CANCELled on timeout; placeCall rejects with 408 no-answer', async () => {
    const sipp = await startSipp({ scenario: 'uas_no_answer.xml' });
    const endpoint = await startEndpoint(trunkAt(sipp.port));
    const error = await rejection(endpoint.placeCall({ to: '0312345678', local, timeoutMs: 500 }));
    expect(error.status).toBe(408);
    expect(error.reason).toBe('no-answer');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/CANCEL sip:0312345678@/);
  });

  it('aborting a ringing call CANCELs it; placeCall rejects with 487 cancelled', async () => {
    const sipp = await startSipp({ scenario: 'uas_no_answer.xml' });
    const endpoint = await startEndpoint(trunkAt(sipp.port));
    const controller = new AbortController();
    const placing = endpoint.placeCall({ to: '0312345678', local, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const error = await rejection(placing);
    expect(error.status).toBe(487);
    expect(error.reason).toBe('cancelled');
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
  });

  it('an INVITE challenged with 401 is sent again with a digest Authorization the trunk accepts', async () => {
    const sipp = await startSipp({ scenario: 'uas_invite_401.xml' });
    const endpoint = await startEndpoint(
      { ...trunkAt(sipp.port), credentials: { username: 'kayoi050', password: 's3cret-pass' } },
      { register: false },
    );
    const call = await endpoint.placeCall({ to: '0312345678', local });
    call.hangup();
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/Authorization: Digest username="kayoi050"/);
  });

  it('a BYE challenged with 401 (digest without qop) is sent again, CSeq 3, with an Authorization the trunk accepts', async () => {
    const sipp = await startSipp({ scenario: 'uas_bye_401.xml' });
    const endpoint = await startEndpoint(
      { ...trunkAt(sipp.port), credentials: { username: 'kayoi050', password: 's3cret-pass' } },
      { register: false },
    );
    const call = await endpoint.placeCall({ to: '0312345678', local });
    call.hangup();
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages).toMatch(/CSeq: 3 BYE/);
    expect(result.messages).not.toContain('403 Forbidden');
  });

  it('with a wrong password the challenged INVITE is refused by the trunk (403) and placeCall rejects with refused', async () => {
    const sipp = await startSipp({ scenario: 'uas_invite_401.xml' });
    const endpoint = await startEndpoint(
      { ...trunkAt(sipp.port), credentials: { username: 'kayoi050', password: 'wrong' } },
      { register: false },
    );
    const error = await rejection(endpoint.placeCall({ to: '0312345678', local }));
    expect(error.status).toBe(403);
    expect(error.reason).toBe('refused');
  });

  it('a trunk that never answers the INVITE rejects placeCall with 408 after 64·T1', async () => {
    const endpoint = await startEndpoint(trunkAt(9), { t1Ms: 20 });
    const error = await rejection(endpoint.placeCall({ to: '0312345678', local }));
    expect(error.status).toBe(408);
  });
});
