import { describe, expect, it } from 'vitest';
import { audioRtpParameters, fakeDtlsParameters, simulcastVideoRtpParameters } from '../../support/callClient';
import { demoCall } from '../../support/demoCall';

const call = demoCall();
const { connect, venue, home, joinVenue } = call;

describe('call signalling: bad input', () => {
  it('answers a malformed join with INVALID_PAYLOAD naming the field', async () => {
    const client = await connect();
    const answer = await client.raw('call:join', { credentials: { role: 'home', token: 42 }, clientId: 'abcdefgh' });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'credentials.token' });
  });

  it('answers an unknown event with UNKNOWN_EVENT and keeps serving', async () => {
    const client = await connect();
    expect(await client.raw('call:explode', {})).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
    expect(await client.raw('call:join', 'not an object')).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const health = await fetch(`${call.server.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('rejects produce before join with NOT_JOINED', async () => {
    const client = await connect();
    const answer = await client.request('call:produce', {
      transportId: 'nope',
      kind: 'audio',
      source: 'mic',
      rtpParameters: audioRtpParameters,
    });
    expect(answer).toMatchObject({ ok: false, code: 'NOT_JOINED' });
  });

  it('rejects an unknown invite token with INVALID_TOKEN', async () => {
    const client = await connect();
    const answer = await client.request('call:join', {
      credentials: { role: 'home', token: 'x'.repeat(32) },
      clientId: 'abcdefgh',
    });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });

  it('refuses the venue role without a signed-in host with UNAUTHENTICATED', async () => {
    const client = await connect();
    const answer = await client.request('call:join', { credentials: venue(), clientId: 'abcdefgh' });
    expect(answer).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('rejects an unknown session id with SESSION_NOT_FOUND', async () => {
    const client = await connect(call.hostCookie);
    const answer = await client.request('call:join', { credentials: { role: 'venue', sessionId: 'nope' }, clientId: 'abcdefgh' });
    expect(answer).toMatchObject({ ok: false, code: 'SESSION_NOT_FOUND' });
  });

  it('rejects media parameters mediasoup refuses with MEDIA_ERROR, not a crash', async () => {
    const client = await joinVenue();
    const transport = await client.ok('call:createTransport', { direction: 'send' });
    const answer = await client.request('call:produce', {
      transportId: transport.id,
      kind: 'audio',
      source: 'mic',
      // well formed, but a codec the router does not have
      rtpParameters: { codecs: [{ mimeType: 'audio/nonexistent', payloadType: 100, clockRate: 48000 }] },
    });
    expect(answer).toMatchObject({ ok: false, code: 'MEDIA_ERROR' });
    expect((await fetch(`${call.server.url}/api/health`)).status).toBe(200);
  });
});

describe('call signalling: joining', () => {
  it('tells the venue when a home participant joins, with names and roles', async () => {
    const venueClient = await joinVenue();
    const homeClient = await connect();
    const joined = await homeClient.ok('call:join', { credentials: home(0), clientId: 'home-tab-1' });

    expect(joined.self).toMatchObject({ role: 'home', displayName: '山田 花子', audioMuted: true });
    expect(joined.peers).toEqual([expect.objectContaining({ id: 'venue', role: 'venue' })]);
    expect(joined.session.status).toBe('live');
    expect(joined.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
    );
    const notice = await venueClient.waitFor('call:peerJoined', (p) => p.id === joined.self.id);
    expect(notice.displayName).toBe('山田 花子');
  });

  it('answers the join with both transports already made on the server: the device connects and produces on them without creating any', async () => {
    const client = await connect();
    const joined = await client.ok('call:join', { credentials: home(0), clientId: 'home-tab-0' });
    const { send, recv } = joined.transports;
    expect(send.id).not.toBe(recv.id);
    for (const transport of [send, recv]) {
      expect(transport.iceCandidates.map((c) => c['protocol'])).toEqual(expect.arrayContaining(['udp', 'tcp']));
      expect(transport.dtlsParameters['fingerprints']).toEqual(expect.arrayContaining([expect.objectContaining({ algorithm: 'sha-256' })]));
    }
    const peer = (await call.room()).getPeer(joined.self.id)!;
    expect(peer.counts.transports).toBe(2);
    expect(await client.ok('call:connectTransport', { transportId: recv.id, dtlsParameters: fakeDtlsParameters })).toEqual({});
    await client.ok('call:connectTransport', { transportId: send.id, dtlsParameters: fakeDtlsParameters });
    const { producerId } = await client.ok('call:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: audioRtpParameters,
    });
    expect(peer.getProducer(producerId).kind).toBe('audio');
  });

  it('makes the join’s transports TCP-only when the device asks (its fallback after UDP failed)', async () => {
    const client = await connect();
    const joined = await client.ok('call:join', { credentials: home(1), clientId: 'home-tab-1', forceTcp: true });
    for (const transport of [joined.transports.send, joined.transports.recv]) {
      expect(transport.iceCandidates.length).toBeGreaterThan(0);
      expect(transport.iceCandidates.every((c) => c['protocol'] === 'tcp')).toBe(true);
    }
  });

  it('refuses the same link from a second device with ALREADY_JOINED', async () => {
    await (await connect()).ok('call:join', { credentials: home(1), clientId: 'phone-of-sato' });
    const second = await connect();
    const answer = await second.request('call:join', { credentials: home(1), clientId: 'tablet-of-sato' });
    expect(answer).toMatchObject({ ok: false, code: 'ALREADY_JOINED' });
  });

  it('lets the same tab rejoin on a new connection, replacing its old peer', async () => {
    const first = await connect();
    const joined = await first.ok('call:join', { credentials: home(2), clientId: 'tab-of-suzuki' });
    const second = await connect();
    const again = await second.ok('call:join', { credentials: home(2), clientId: 'tab-of-suzuki' });
    expect(again.self.id).toBe(joined.self.id);
    const room = await call.server.rooms.find(call.server.demo.sessionId);
    expect(room?.listPeers().filter((p) => p.id === joined.self.id)).toHaveLength(1);
    expect(room?.getPeer(joined.self.id)?.clientId).toBe('tab-of-suzuki');
    await first.waitFor('call:rejoin', (n) => n.reason === 'replaced');
  });
});

describe('call signalling: media', () => {
  it('offers a paused consumer to a ready peer and resumes it only after the device acknowledges', async () => {
    const venueClient = await joinVenue();
    const homeClient = await connect();
    await homeClient.ok('call:join', { credentials: home(0), clientId: 'home-tab-1' });
    let releaseAck: (value: void) => void = () => {};
    const ackGate = new Promise<void>((resolve) => (releaseAck = resolve));
    homeClient.socket.removeAllListeners('call:newConsumer');
    homeClient.socket.on('call:newConsumer', (notice, ack) => {
      homeClient.notices.push({ event: 'call:newConsumer', notice });
      void ackGate.then(() => ack({ ok: true, data: {} }));
    });
    const recv = await homeClient.ok('call:createTransport', { direction: 'recv' });
    await homeClient.ok('call:connectTransport', { transportId: recv.id, dtlsParameters: fakeDtlsParameters });
    const room = (await call.server.rooms.find(call.server.demo.sessionId))!;
    await homeClient.ok('call:ready', { rtpCapabilities: room.rtpCapabilities }).catch(() => undefined);

    const send = await venueClient.ok('call:createTransport', { direction: 'send' });
    await venueClient.ok('call:connectTransport', { transportId: send.id, dtlsParameters: fakeDtlsParameters });
    const { producerId } = await venueClient.ok('call:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: simulcastVideoRtpParameters,
    });

    const offer = await homeClient.waitFor('call:newConsumer', (n) => n.producerId === producerId);
    expect(offer).toMatchObject({ peerId: 'venue', kind: 'video', source: 'camera', producerPaused: false });
    const homePeer = room.listPeers().find((p) => p.role === 'home')!;
    const consumer = homePeer.getConsumer(offer.consumerId);
    expect(consumer.type).toBe('simulcast');
    expect(consumer.paused).toBe(true);

    releaseAck();
    await expect.poll(() => consumer.paused).toBe(false);

    expect(await homeClient.request('call:setPreferredLayers', { consumerId: offer.consumerId, spatialLayer: 0 })).toEqual({
      ok: true,
      data: {},
    });
    expect(consumer.preferredLayers).toMatchObject({ spatialLayer: 0 });
  });

  it('gives a device that becomes ready consumers for what others already send', async () => {
    const venueClient = await joinVenue();
    const send = await venueClient.ok('call:createTransport', { direction: 'send' });
    const audio = await venueClient.ok('call:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: audioRtpParameters,
    });

    const homeClient = await connect();
    await homeClient.ok('call:join', { credentials: home(0), clientId: 'home-tab-1' });
    await homeClient.ok('call:createTransport', { direction: 'recv' });
    const room = (await call.server.rooms.find(call.server.demo.sessionId))!;
    await homeClient.ok('call:ready', { rtpCapabilities: room.rtpCapabilities });
    const offer = await homeClient.waitFor('call:newConsumer');
    expect(offer).toMatchObject({ producerId: audio.producerId, kind: 'audio', source: 'mic', peerId: 'venue' });
  });

  it("mutes: pausing a producer marks the peer muted and pauses the others' consumers", async () => {
    const venueClient = await joinVenue();
    const homeClient = await connect();
    await homeClient.ok('call:join', { credentials: home(0), clientId: 'home-tab-1' });
    await homeClient.ok('call:createTransport', { direction: 'recv' });
    const room = (await call.server.rooms.find(call.server.demo.sessionId))!;
    await homeClient.ok('call:ready', { rtpCapabilities: room.rtpCapabilities });

    const send = await venueClient.ok('call:createTransport', { direction: 'send' });
    const { producerId } = await venueClient.ok('call:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: audioRtpParameters,
    });
    const offer = await homeClient.waitFor('call:newConsumer', (n) => n.producerId === producerId);
    await homeClient.waitFor('call:peerUpdated', (p) => p.id === 'venue' && !p.audioMuted);

    await venueClient.ok('call:pauseProducer', { producerId });
    await homeClient.waitFor('call:peerUpdated', (p) => p.id === 'venue' && p.audioMuted);
    await homeClient.waitFor('call:consumerPaused', (n) => n.consumerId === offer.consumerId);

    await venueClient.ok('call:resumeProducer', { producerId });
    await homeClient.waitFor('call:consumerResumed', (n) => n.consumerId === offer.consumerId);
    expect(await venueClient.request('call:pauseProducer', { producerId: 'missing' })).toMatchObject({
      ok: false,
      code: 'PRODUCER_NOT_FOUND',
    });
  });

  it('cleans up everything a peer owned when its socket dies, and closes the empty room', async () => {
    const venueClient = await joinVenue();
    const homeClient = await connect();
    const joined = await homeClient.ok('call:join', { credentials: home(0), clientId: 'home-tab-1' });
    const send = await homeClient.ok('call:createTransport', { direction: 'send' });
    await homeClient.ok('call:createTransport', { direction: 'recv' });
    await homeClient.ok('call:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters });
    const room = (await call.server.rooms.find(call.server.demo.sessionId))!;
    const homePeer = room.getPeer(joined.self.id)!;
    expect(homePeer.counts).toEqual({ transports: 2, producers: 1, consumers: 0 });

    homeClient.socket.disconnect();
    await venueClient.waitFor('call:peerLeft', (n) => n.peerId === joined.self.id);
    expect(homePeer.closed).toBe(true);
    expect(homePeer.counts).toEqual({ transports: 0, producers: 0, consumers: 0 });

    expect(await venueClient.request('call:leave', {})).toEqual({ ok: true, data: {} });
    expect(room.closed).toBe(true);
    expect(await call.server.rooms.find(call.server.demo.sessionId)).toBeUndefined();
  });
});
