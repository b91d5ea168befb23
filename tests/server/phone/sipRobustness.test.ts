import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SipEndpoint } from '../../../server/src/phone/sip';
import { sipConfig } from './sippHarness';

let endpoint: SipEndpoint | null = null;
const errors: string[] = [];

afterEach(async () => {
  await endpoint?.stop();
  endpoint = null;
  errors.length = 0;
});

/** An endpoint whose logger records every error it logs (a handler that threw). */
async function start(): Promise<SipEndpoint> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors.push(chunk.toString());
      done();
    },
  });
  endpoint = new SipEndpoint(sipConfig(), pino({ level: 'error' }, sink), undefined, { t1Ms: 50 });
  await endpoint.start();
  return endpoint;
}

function options(branch: string, extra = ''): string {
  return (
    `OPTIONS sip:kayoi@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK${branch}\r\nFrom: <sip:trunk@127.0.0.1>;tag=a\r\n` +
    `To: <sip:kayoi@127.0.0.1>\r\nCall-ID: ${branch}@test\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`
  );
}

const invite =
  'INVITE sip:0501234567@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKfuzz\r\nFrom: <sip:0312345678@127.0.0.1>;tag=b\r\n' +
  'To: <sip:0501234567@127.0.0.1>\r\nCall-ID: fuzz@test\r\nCSeq: 1 INVITE\r\nContact: <sip:0312345678@127.0.0.1:5999>\r\n' +
  'Content-Type: application/sdp\r\nContent-Length: 98\r\n\r\nv=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

const valid = Buffer.from(invite);
/** Random bytes, truncated INVITEs, and INVITEs with junk spliced in. */
const messageGarbage = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
  fc.nat({ max: valid.length }).map((n) => valid.subarray(0, n)),
  fc
    .tuple(fc.nat({ max: valid.length - 1 }), fc.string({ maxLength: 40 }))
    .map(([at, junk]) => Buffer.concat([valid.subarray(0, at), Buffer.from(junk), valid.subarray(at)])),
);

/** Sends datagrams from one socket and collects what comes back within `waitMs`. */
async function udpExchange(port: number, datagrams: Buffer[], waitFor?: (reply: string) => boolean): Promise<string[]> {
  const socket = createSocket('udp4');
  const replies: string[] = [];
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      replies.push(data.toString());
      if (waitFor?.(data.toString())) resolve();
    });
  });
  for (const datagram of datagrams) socket.send(datagram, port, '127.0.0.1');
  if (waitFor) await done;
  else await new Promise((resolve) => setTimeout(resolve, 200));
  socket.close();
  return replies;
}

async function stillAnswers(port: number, branch: string): Promise<void> {
  const replies = await udpExchange(port, [Buffer.from(options(branch))], (reply) => reply.includes(`branch=z9hG4bK${branch}`));
  expect(replies.some((reply) => reply.startsWith('SIP/2.0 200 OK'))).toBe(true);
}

describe('SIP endpoint robustness', () => {
  it('survives 400 datagrams of random bytes, truncated INVITEs and spliced junk, logging no handler error', async () => {
    const sip = await start();
    await udpExchange(sip.port, fc.sample(messageGarbage, 400));
    await stillAnswers(sip.port, 'alive1');
    expect(errors).toEqual([]);
  });

  it('answers a request with a readable Via but a broken CSeq with 400 Bad Request', async () => {
    const sip = await start();
    const broken = options('badcseq').replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS');
    const replies = await udpExchange(sip.port, [Buffer.from(broken)], (reply) => reply.startsWith('SIP/2.0'));
    expect(replies[0]).toMatch(/^SIP\/2\.0 400 Bad Request/);
    expect(replies[0]).toContain('malformed CSeq');
  });

  it('drops a datagram over 8 KiB without answering, and keeps answering normal ones', async () => {
    const sip = await start();
    const huge = options('huge', `X-Padding: ${'a'.repeat(9000)}\r\n`);
    const replies = await udpExchange(sip.port, [Buffer.from(huge)]);
    expect(replies).toEqual([]);
    await stillAnswers(sip.port, 'alive2');
  });

  it('survives the same garbage over TCP connections, logging no handler error', async () => {
    const sip = await start();
    for (const chunk of fc.sample(messageGarbage, 40)) {
      await new Promise<void>((resolve) => {
        const socket = connect(sip.port, '127.0.0.1', () => socket.end(chunk));
        socket.resume(); // read the answers (400, 480 …) so the server's close arrives
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
    }
    await stillAnswers(sip.port, 'alive4');
    expect(errors).toEqual([]);
  });

  it('closes a TCP connection that streams headers past the buffer cap, and one that sends garbage', async () => {
    const sip = await start();
    for (const payload of [Buffer.alloc(40 * 1024, 'A'), Buffer.from(`OPTIONS sip:x SIP/2.0\r\nContent-Length: 999999\r\n\r\n`)]) {
      const closed = await new Promise<boolean>((resolve) => {
        const socket = connect(sip.port, '127.0.0.1', () => socket.write(payload));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(true));
      });
      expect(closed).toBe(true);
    }
    await stillAnswers(sip.port, 'alive3');
    expect(errors).toEqual([]);
  });

  it('refuses a new dialog with 503 once maxDialogs calls are up', async () => {
    await endpoint?.stop();
    endpoint = new SipEndpoint(sipConfig(), pino({ level: 'silent' }), undefined, { maxDialogs: 1 });
    await endpoint.start();
    endpoint.on('call', () => undefined); // ring forever
    const first = await udpExchange(endpoint.port, [Buffer.from(invite)], (reply) => reply.startsWith('SIP/2.0 180'));
    expect(first.some((reply) => reply.startsWith('SIP/2.0 180 Ringing'))).toBe(true);
    const second = invite.replaceAll('fuzz@test', 'second@test').replace('branch=z9hG4bKfuzz', 'branch=z9hG4bKsecond');
    const replies = await udpExchange(endpoint.port, [Buffer.from(second)], (reply) => !reply.startsWith('SIP/2.0 100'));
    expect(replies.at(-1)).toMatch(/^SIP\/2\.0 503 Service Unavailable/);
  });

  it('answers an INVITE offering only G.722 with 488 Not Acceptable Here', async () => {
    const sip = await start();
    sip.on('call', () => undefined);
    const g722 = invite.replace('RTP/AVP 0\r\na=rtpmap:0 PCMU/8000', 'RTP/AVP 9\r\na=rtpmap:9 G722/8000');
    const replies = await udpExchange(sip.port, [Buffer.from(g722)], (reply) => reply.startsWith('SIP/2.0 4'));
    expect(replies.at(-1)).toMatch(/^SIP\/2\.0 488 Not Acceptable Here/);
  });
});

describe('SIP endpoint over a lossy line', () => {
  it('retransmits the very same 200 OK of an answered INVITE while no ACK comes', async () => {
    const sip = await start();
    sip.on('call', (call) => void call.answer({ address: '127.0.0.1', port: 40000 }).catch(() => undefined));
    let oks = 0;
    const replies = await udpExchange(sip.port, [Buffer.from(invite)], (reply) => reply.startsWith('SIP/2.0 200') && ++oks === 3);
    expect(replies.filter((reply) => reply.startsWith('SIP/2.0 200 OK'))).toHaveLength(3);
    expect(new Set(replies.filter((reply) => reply.startsWith('SIP/2.0 200')).map((reply) => /To: [^\r]*/.exec(reply)?.[0])).size).toBe(1);
  });

  it('a CANCEL before the answer gets 200, the INVITE 487, and the call ends as cancelled', async () => {
    const sip = await start();
    const ended = new Promise<string>((resolve) => sip.on('call', (call) => call.on('ended', resolve)));
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const replies: string[] = [];
    const got = (prefix: string) =>
      new Promise<void>((resolve) => {
        const check = () => (replies.some((reply) => reply.startsWith(prefix)) ? resolve() : setTimeout(check, 10));
        check();
      });
    socket.on('message', (data) => replies.push(data.toString()));
    socket.send(invite, sip.port, '127.0.0.1');
    await got('SIP/2.0 180');
    const cancel = invite
      .replace(/^INVITE/, 'CANCEL')
      .replace('CSeq: 1 INVITE', 'CSeq: 1 CANCEL')
      .replace(/Content-Type[\s\S]*$/, 'Content-Length: 0\r\n\r\n');
    socket.send(cancel, sip.port, '127.0.0.1');
    await got('SIP/2.0 487');
    socket.close();
    expect(replies.some((reply) => reply.startsWith('SIP/2.0 200 OK') && reply.includes('CSeq: 1 CANCEL'))).toBe(true);
    expect(await ended).toBe('cancelled');
  });
});

describe('TCP connections from strangers', () => {
  it('never take the trunk’s slots: past 16 at once they are closed, and the trunk still connects', async () => {
    await endpoint?.stop();
    endpoint = new SipEndpoint(sipConfig({ allowFrom: ['127.0.0.1'] }), pino({ level: 'silent' }), undefined, { maxTcpConnections: 2 });
    await endpoint.start();
    const port = endpoint.port;
    const open = (localAddress: string) =>
      new Promise<{ socket: ReturnType<typeof connect>; closed: Promise<void> }>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve({ socket, closed }));
        const closed = new Promise<void>((done) => socket.on('close', () => done()));
        socket.on('error', () => undefined);
        socket.resume();
      });
    const strangers = await Promise.all(Array.from({ length: 17 }, () => open('127.0.0.2')));
    await Promise.race(strangers.map((s) => s.closed)); // the 17th is closed at once
    const trunk = await open('127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      trunk.socket.on('data', (data: Buffer) => resolve(data.toString()));
      trunk.socket.write(options('tcptrunk').replace('SIP/2.0/UDP', 'SIP/2.0/TCP'));
    });
    expect(reply).toMatch(/^SIP\/2\.0 200 OK/);
    for (const s of [...strangers, trunk]) s.socket.destroy();
  });
});
