import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callerNumber } from '../../../server/src/phone/sip/callerId';
import { authorization, parseChallenge } from '../../../server/src/phone/sip/digest';
import { dtmfFromInfo } from '../../../server/src/phone/sip/dtmf';
import { header, headerValues, parseMessage, serialize, userOf, type SipRequest } from '../../../server/src/phone/sip/message';
import { buildAnswer, buildOffer, parseRemoteMedia } from '../../../server/src/phone/sip/sdp';
import { takeMessage } from '../../../server/src/phone/sip/transport';

const sdp = (m: string, extra = '') =>
  `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP ${m}\r\n${extra}`;

describe('SDP', () => {
  it('prefers PCMU over PCMA and keeps telephone-event and ptime from the offer', () => {
    const media = parseRemoteMedia(
      sdp('8 0 101', 'a=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:30\r\n'),
    );
    expect(media).toEqual({ address: '192.0.2.1', port: 30000, codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, ptime: 30 });
  });

  it('takes PCMA when it is the only G.711 offered, and a media-level c= over the session one', () => {
    const offer = sdp('18 8', 'c=IN IP4 198.51.100.7\r\na=rtpmap:18 G729/8000\r\n');
    expect(parseRemoteMedia(offer)).toMatchObject({
      address: '198.51.100.7',
      codec: 'PCMA',
      payloadType: 8,
      telephoneEventPayloadType: null,
      ptime: 20,
    });
  });

  it('gives null (488) for an offer without G.711 or without audio', () => {
    expect(parseRemoteMedia(sdp('9 111', 'a=rtpmap:9 G722/8000\r\na=rtpmap:111 opus/48000/2\r\n'))).toBeNull();
    expect(parseRemoteMedia('v=0\r\nc=IN IP4 192.0.2.1\r\nm=video 5000 RTP/AVP 96\r\n')).toBeNull();
  });

  it('answers with exactly one G.711 codec plus telephone-event, and offers PCMU, PCMA and 101', () => {
    const remote = parseRemoteMedia(sdp('0 8 101', 'a=rtpmap:101 telephone-event/8000\r\n'))!;
    const answer = buildAnswer({ address: '203.0.113.5', port: 40002 }, remote, { sessionId: '1', version: 1 });
    expect(answer).toContain('c=IN IP4 203.0.113.5\r\n');
    expect(answer).toContain('m=audio 40002 RTP/AVP 0 101\r\n');
    expect(answer).not.toContain('PCMA');
    expect(buildOffer({ address: '203.0.113.5', port: 40004 }, { sessionId: '1', version: 1 })).toContain(
      'm=audio 40004 RTP/AVP 0 8 101\r\n',
    );
  });
});

describe('SIP messages', () => {
  it('reads compact header names, folded lines and comma-separated Via values', () => {
    const parsed = parseMessage(
      Buffer.from(
        'BYE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/UDP h2;branch=z9hG4bK2\r\nf: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\n' +
          'i: abc\r\nCSeq: 2\r\n  BYE\r\nl: 0\r\n\r\n',
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(headerValues(parsed.message, 'via')).toHaveLength(2);
    expect(header(parsed.message, 'cseq')).toBe('2 BYE');
    expect(serialize(parsed.message).toString()).toContain('Call-ID: abc\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n');
  });

  it('refuses a body shorter than its Content-Length, and more than 64 headers', () => {
    const base =
      'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n';
    expect(parseMessage(Buffer.from(`${base}Content-Length: 10\r\n\r\nabc`))).toMatchObject({ ok: false, reason: 'truncated body' });
    expect(parseMessage(Buffer.from(`${base}${'X-A: 1\r\n'.repeat(70)}\r\n`))).toMatchObject({ ok: false, reason: 'too many headers' });
  });

  it('frames TCP messages by Content-Length and rejects one announcing more than the cap', () => {
    const one = 'OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc';
    const framed = takeMessage(Buffer.from(one + one.slice(0, 10)));
    expect(framed).not.toBeNull();
    expect(framed !== 'invalid' && framed?.message?.toString()).toBe(one);
    expect(takeMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 999999\r\n\r\n'))).toBe('invalid');
  });

  it('reads the caller number, and null when it is withheld (anonymous)', () => {
    expect(userOf('sip:+81312345678@trunk.example.jp')).toBe('+81312345678');
    expect(userOf('sip:anonymous@anonymous.invalid')).toBeNull();
  });

  it('takes the caller number from P-Asserted-Identity, and none at all when Privacy: id asks so (非通知)', () => {
    const invite = (headers: [string, string][]): SipRequest => ({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:0501234567@k',
      headers,
      body: Buffer.alloc(0),
    });
    const from: [string, string] = ['from', '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1'];
    const pai: [string, string] = ['p-asserted-identity', '<sip:0312345678@trunk.example.jp>'];
    expect(callerNumber(invite([from, pai]))).toBe('0312345678');
    expect(callerNumber(invite([from, pai, ['privacy', 'id']]))).toBeNull();
    expect(callerNumber(invite([['from', '<sip:0312345678@trunk.example.jp>;tag=1']]))).toBe('0312345678');
  });
});

describe('digest and DTMF', () => {
  it('answers a challenge without qop as RFC 2617 computes it', () => {
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const challenge = parseChallenge('Digest realm="r", nonce="n", opaque="o"')!;
    const value = authorization({ challenge, username: 'u', password: 'p', method: 'REGISTER', uri: 'sip:r' });
    expect(value).toContain(`response="${md5(`${md5('u:r:p')}:n:${md5('REGISTER:sip:r')}`)}"`);
    expect(value).toContain('opaque="o"');
  });

  it('speaks SHA-256 (RFC 8760) and refuses auth-int-only challenges', () => {
    const challenge = parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"')!;
    expect(challenge.algorithm).toBe('SHA-256');
    expect(authorization({ challenge, username: 'u', password: 'p', method: 'INVITE', uri: 'sip:x', cnonce: 'c' })).toMatch(
      /response="[0-9a-f]{64}"/,
    );
    expect(parseChallenge('Digest realm="r", nonce="n", qop="auth-int"')).toBeNull();
  });

  it('reads SIP INFO digits in both content types and the event-number form', () => {
    expect(dtmfFromInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(dtmfFromInfo('application/dtmf-relay', 'Signal=11\r\n')).toBe('#');
    expect(dtmfFromInfo('application/dtmf', '*')).toBe('*');
    expect(dtmfFromInfo('application/dtmf', 'xyz')).toBeNull();
    expect(dtmfFromInfo('text/plain', '5')).toBeUndefined();
  });
});
