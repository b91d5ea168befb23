import { describe, expect, it } from 'vitest';
import { audioRtpParameters, fakeDtlsParameters, simulcastVideoRtpParameters } from '../../support/callClient';
import { demoCall } from '../../support/demoCall';

/** Valid-looking media requests, repeated or oversized, never make the server (or its worker) do unbounded work. */
const call = demoCall();

describe('media requests repeated by one device', () => {
  it('keeps one transport per direction: a new one replaces the old', async () => {
    const { client, peerId } = await call.joinHome(0);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await client.ok('call:createTransport', { direction: i % 2 === 0 ? 'send' : 'recv' })).id);
    const peer = (await call.room()).getPeer(peerId)!;
    expect(peer.counts.transports).toBe(2);
    expect(await client.request('call:connectTransport', { transportId: ids[0]!, dtlsParameters: fakeDtlsParameters })).toMatchObject({
      ok: false,
      code: 'TRANSPORT_NOT_FOUND',
    });
    expect(await client.request('call:connectTransport', { transportId: ids[4]!, dtlsParameters: fakeDtlsParameters })).toEqual({
      ok: true,
      data: {},
    });
  });

  it('keeps one producer per source: a second microphone replaces the first, and the others consume only the new one', async () => {
    const venue = await call.joinVenue();
    const venueJoined = (await call.room()).getPeer('venue')!;
    await venue.ok('call:createTransport', { direction: 'recv' });
    await venue.ok('call:ready', { rtpCapabilities: (await call.room()).rtpCapabilities });
    const { client, peerId } = await call.joinHome(1);
    const send = await client.ok('call:createTransport', { direction: 'send' });
    const first = await client.ok('call:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: audioRtpParameters,
    });
    // The venue's consumer of the first is made after produce answers: a replacement before it exists closes nothing.
    const firstOffer = await venue.waitFor('call:newConsumer', (offer) => offer.producerId === first.producerId);
    const second = await client.ok('call:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { ...audioRtpParameters, mid: '2', encodings: [{ ssrc: 11111112 }] },
    });
    const peer = (await call.room()).getPeer(peerId)!;
    expect(peer.listProducers().map((p) => p.id)).toEqual([second.producerId]);
    await venue.waitFor('call:consumerClosed', (closed) => closed.consumerId === firstOffer.consumerId);
    await expect.poll(() => venueJoined.listConsumers().map((c) => c.producerId)).toEqual([second.producerId]);
    expect(first.producerId).not.toBe(second.producerId);
  });

  it('refuses a second call:ready (it would consume everything twice) with CONFLICT', async () => {
    const { client } = await call.joinHome(2);
    const rtpCapabilities = (await call.room()).rtpCapabilities as never;
    await client.ok('call:createTransport', { direction: 'recv' });
    expect(await client.request('call:ready', { rtpCapabilities })).toEqual({ ok: true, data: {} });
    expect(await client.request('call:ready', { rtpCapabilities })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
});

describe('media parameters out of bounds', () => {
  it('refuses a microphone that sends video with INVALID_PAYLOAD', async () => {
    const { client } = await call.joinHome(0);
    const send = await client.ok('call:createTransport', { direction: 'send' });
    const answer = await client.request('call:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'mic',
      rtpParameters: simulcastVideoRtpParameters,
    });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'source' });
  });

  it('refuses RTP capabilities with more codecs than any browser has', async () => {
    const { client } = await call.joinHome(0);
    const codec = { kind: 'audio' as const, mimeType: 'audio/opus', clockRate: 48000, channels: 2 };
    const answer = await client.request('call:ready', { rtpCapabilities: { codecs: Array.from({ length: 33 }, () => codec) } });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'rtpCapabilities.codecs' });
  });

  it('refuses codec parameters that are objects rather than strings or numbers', async () => {
    const { client } = await call.joinHome(0);
    const send = await client.ok('call:createTransport', { direction: 'send' });
    const nested = { deeper: { deeper: { deeper: {} } } };
    const rtpParameters = { ...audioRtpParameters, codecs: [{ ...audioRtpParameters.codecs[0]!, parameters: { useinbandfec: nested } }] };
    const answer = await client.request('call:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'rtpParameters.codecs.0.parameters' });
  });
});
