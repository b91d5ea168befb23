import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { callConnections } from '../../../server/src/db/schema';
import { demoCall } from '../../support/demoCall';

const call = demoCall();
const { venueWithMic, homeWithMic, room, consumerFrom, everyoneReceivesEveryone: everyoneHearsEveryone } = call;

describe('small groups move media on the server', () => {
  it('pauses consumers across groups (without telling devices a producer paused) and the return restores them', async () => {
    const host = await venueWithMic();
    const [a, b, c] = [await homeWithMic(0), await homeWithMic(1), await homeWithMic(2)];
    await everyoneHearsEveryone([host, a, b, c]);

    const started = await host.client.ok('breakout:start', {
      split: { mode: 'manual', groups: [[a.peerId, b.peerId], [c.peerId]] },
      minutes: 10,
      venue: 'own',
    });
    expect(started.breakout?.groups.map((g) => g.peerIds)).toEqual([[a.peerId, b.peerId], [c.peerId], ['venue']]);
    expect(await consumerFrom(a.peerId, b.peerId)).toMatchObject({ paused: false });
    expect(await consumerFrom(b.peerId, a.peerId)).toMatchObject({ paused: false });
    expect(await consumerFrom(a.peerId, c.peerId)).toMatchObject({ paused: true });
    expect(await consumerFrom(c.peerId, a.peerId)).toMatchObject({ paused: true });
    expect(await consumerFrom(a.peerId, 'venue')).toMatchObject({ paused: true });
    expect(await consumerFrom('venue', c.peerId)).toMatchObject({ paused: true });
    const atA = await a.client.waitFor('live:state', (s) => s.revision === started.revision);
    expect(atA.you.groupId).toBe('group-1');
    expect(a.client.received('call:consumerPaused')).toEqual([]);

    const ended = await host.client.ok('breakout:end', {});
    expect(ended.breakout).toBeNull();
    await everyoneHearsEveryone([host, a, b, c]);
    expect((await c.client.waitFor('live:state', (s) => s.revision === ended.revision)).you.groupId).toBeNull();
  });

  it('the venue can join a group; a home joining later goes to the smallest group and its new consumers follow the groups', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    await everyoneHearsEveryone([host, a, b]);
    const started = await host.client.ok('breakout:start', {
      split: { mode: 'manual', groups: [[a.peerId], [b.peerId]] },
      minutes: 10,
      venue: 0,
    });
    expect(started.breakout?.groups.map((g) => g.peerIds)).toEqual([['venue', a.peerId], [b.peerId]]);
    expect(await consumerFrom(a.peerId, 'venue')).toMatchObject({ paused: false });
    expect(await consumerFrom(b.peerId, 'venue')).toMatchObject({ paused: true });

    const late = await homeWithMic(2);
    const atHost = await host.client.waitFor('live:state', (s) => s.breakout?.groups.some((g) => g.peerIds.includes(late.peerId)) ?? false);
    expect(atHost.breakout!.groups.find((g) => g.peerIds.includes(late.peerId))!.id).toBe('group-2');
    expect((await late.client.waitFor('live:state', (s) => s.revision === atHost.revision)).you.groupId).toBe('group-2');
    await expect.poll(() => consumerFrom(late.peerId, b.peerId)).toMatchObject({ paused: false });
    await expect.poll(() => consumerFrom(b.peerId, late.peerId)).toMatchObject({ paused: false });
    // Accepted by the device, yet held back by the groups.
    await expect.poll(() => consumerFrom(late.peerId, 'venue')).toMatchObject({ accepted: true, paused: true });
    await expect.poll(() => consumerFrom(a.peerId, late.peerId)).toMatchObject({ accepted: true, paused: true });
  });
});

describe('spotlight', () => {
  it('gives the consumers of the leader’s producers the top priority while the layout is spotlight', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    await everyoneHearsEveryone([host, a, b]);

    await host.client.ok('program:setLayout', { layoutChoice: 'spotlight', leaderPeerId: a.peerId });
    expect(await consumerFrom(b.peerId, a.peerId)).toMatchObject({ priority: 255 });
    expect(await consumerFrom('venue', a.peerId)).toMatchObject({ priority: 255 });
    expect(await consumerFrom(a.peerId, 'venue')).toMatchObject({ priority: 1 });

    await host.client.ok('program:setLayout', { leaderPeerId: null });
    expect(await consumerFrom(b.peerId, a.peerId)).toMatchObject({ priority: 1 });
    expect(await consumerFrom(b.peerId, 'venue')).toMatchObject({ priority: 255 });

    await host.client.ok('program:setLayout', { layoutChoice: 'gallery' });
    expect(await consumerFrom(b.peerId, 'venue')).toMatchObject({ priority: 1 });
  });
});

describe('host controls', () => {
  it('mute-all pauses every microphone but the leader’s and the venue’s, and tells each muted device', async () => {
    const host = await venueWithMic();
    const [a, b, c] = [await homeWithMic(0), await homeWithMic(1), await homeWithMic(2)];
    await everyoneHearsEveryone([host, a, b, c]);
    await host.client.ok('program:setLayout', { leaderPeerId: a.peerId });

    expect(await host.client.ok('host:muteAll', {})).toEqual({ mutedCount: 2 });
    const r = await room();
    expect(r.getPeer(b.peerId)!.getProducer(b.producerId).paused).toBe(true);
    expect(r.getPeer(c.peerId)!.getProducer(c.producerId).paused).toBe(true);
    expect(r.getPeer(a.peerId)!.getProducer(a.producerId).paused).toBe(false);
    expect(r.getPeer('venue')!.getProducer(host.producerId).paused).toBe(false);
    await b.client.waitFor('host:mutedYou');
    await c.client.waitFor('host:mutedYou');
    await host.client.waitFor('call:peerUpdated', (p) => p.id === b.peerId && p.audioMuted);
    expect(a.client.received('host:mutedYou')).toEqual([]);

    // They may turn it on again themselves.
    await b.client.ok('call:resumeProducer', { producerId: b.producerId });
    expect(r.getPeer(b.peerId)!.getProducer(b.producerId).paused).toBe(false);
  });

  it('asks one person to unmute: only that device is asked', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    expect(await host.client.request('host:askUnmute', { peerId: a.peerId })).toEqual({ ok: true, data: {} });
    await a.client.waitFor('host:askedUnmute');
    expect(await host.client.request('host:askUnmute', { peerId: 'p-nobody' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(b.client.received('host:askedUnmute')).toEqual([]);
  });

  it('removes a participant: told first, then out of the room with its media, and attendance records the leave', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    await everyoneHearsEveryone([host, a, b]);
    const removedPeer = (await room()).getPeer(a.peerId)!;

    expect(await host.client.request('host:remove', { peerId: 'venue' })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await host.client.request('host:remove', { peerId: 'p-nobody' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await host.client.request('host:remove', { peerId: a.peerId })).toEqual({ ok: true, data: {} });

    await a.client.waitFor('host:removedYou');
    await b.client.waitFor('call:peerLeft', (n) => n.peerId === a.peerId);
    expect((await room()).getPeer(a.peerId)).toBeUndefined();
    expect(removedPeer.counts).toEqual({ transports: 0, producers: 0, consumers: 0 });
    expect(await a.client.request('hand:set', { raised: true })).toMatchObject({ ok: false, code: 'NOT_JOINED' });
    const participantId = a.peerId.replace(/^p-/, '');
    const stretches = () => call.server.db.db.select().from(callConnections).where(eq(callConnections.participantId, participantId));
    await expect
      .poll(async () => (await stretches()).filter((s) => s.sessionId === call.server.demo.sessionId && s.leftAt === null).length)
      .toBe(0);
    expect((await stretches()).length).toBeGreaterThan(0);
  });
});

describe('the removal rule: out for the rest of the session unless the host lets them in again', () => {
  it('refuses the removed person’s rejoin with REMOVED, tells the host, and lets them in after 「もう一度入れる」', async () => {
    const host = await venueWithMic();
    const [a, b] = [await homeWithMic(0), await homeWithMic(1)];
    expect(await host.client.request('host:remove', { peerId: a.peerId })).toEqual({ ok: true, data: {} });
    const told = await host.client.waitFor('live:state', (s) => s.removed.length === 1);
    expect(told.removed).toEqual([
      { peerId: a.peerId, displayName: expect.any(String), removedAt: expect.any(Number), triedAgainAt: null },
    ]);
    // Only the host sees who was removed.
    expect((await b.client.waitFor('live:state', (s) => s.revision === told.revision)).removed).toEqual([]);

    // The removed person reloads: same link, a new connection and tab.
    const again = await call.connect();
    const refused = await again.request('call:join', { credentials: call.home(0), clientId: 'home-tab-reloaded' });
    expect(refused).toMatchObject({ ok: false, code: 'REMOVED' });
    expect((await room()).getPeer(a.peerId)).toBeUndefined();
    const tried = await host.client.waitFor('live:state', (s) => s.removed[0]?.triedAgainAt != null);
    expect(tried.removed[0]!.triedAgainAt).toBeGreaterThanOrEqual(told.removed[0]!.removedAt);

    // Only the host lets them in again, and only someone who was removed.
    expect(await b.client.request('host:readmit', { peerId: a.peerId })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await host.client.request('host:readmit', { peerId: b.peerId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      field: 'peerId',
    });
    expect((await host.client.ok('host:readmit', { peerId: a.peerId })).removed).toEqual([]);
    const back = await again.ok('call:join', { credentials: call.home(0), clientId: 'home-tab-reloaded' });
    expect(back.self.id).toBe(a.peerId);
  });

  it('forgets the removals when the session ends: nobody removed in it is refused later', async () => {
    const host = await venueWithMic();
    const a = await homeWithMic(0);
    await host.client.ok('host:remove', { peerId: a.peerId });
    await host.client.waitFor('live:state', (s) => s.removed.length === 1);
    expect(call.server.live.find(call.server.demo.sessionId)?.viewFor('venue').removed).toHaveLength(1);
    await host.client.ok('call:endSession', {});
    expect(call.server.live.find(call.server.demo.sessionId)).toBeUndefined();
  });
});
