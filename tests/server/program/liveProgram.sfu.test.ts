import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuizQuestion } from '@shared/program/quizzes';
import { defaultLayoutFor, type Program, type SegmentInput } from '@shared/program/schemas';
import { videoPositionAt } from '@shared/program/videoSync';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { LiveSession } from '../../../server/src/program/live/LiveSession';
import type { Logger } from '../../../server/src/core/logger';
import { demoCall } from '../../support/demoCall';
import { api } from '../../support/http';
import { uploadExerciseVideo as uploadVideo } from '../../support/exerciseVideo';

const call = demoCall();
const { closeAll, joinVenue, joinHome } = call;
afterEach(() => {
  vi.restoreAllMocks();
});

const uploadExerciseVideo = () => uploadVideo(call.server);

describe('live program: the clock', () => {
  it('carries the live program in the join answer', async () => {
    await joinVenue();
    const { joined } = await joinHome(0);
    expect(joined.live.segments.length).toBeGreaterThan(0);
    expect(joined.live).toMatchObject({
      clock: { status: 'not-started', index: 0 },
      layoutChoice: 'auto',
      leaderPeerId: null,
      quiz: null,
      video: null,
      breakout: null,
    });
    expect(joined.live.you).toEqual({ groupId: null, handRaised: false });
  });

  it('host advances and both homes receive the same segment in their live:state', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const b = await joinHome(1);
    await host.ok('program:control', { action: 'start' });
    const answer = await host.ok('program:control', { action: 'next' });
    expect(answer.clock).toMatchObject({ status: 'running', index: 1 });
    expect(answer.layout).toBe(defaultLayoutFor(answer.segments[1]!.kind));

    const atA = await a.client.waitFor('live:state', (s) => s.revision === answer.revision);
    const atB = await b.client.waitFor('live:state', (s) => s.revision === answer.revision);
    expect(atA.clock).toEqual(answer.clock);
    expect(atB.clock).toEqual(answer.clock);
    expect(atA.segments[1]!.id).toBe(answer.segments[1]!.id);
  });

  it('refuses every host request from a home device with NOT_ALLOWED and a reason', async () => {
    await joinVenue();
    const { client } = await joinHome(0);
    const refused = [
      await client.request('program:control', { action: 'next' }),
      await client.request('program:setLayout', { layoutChoice: 'spotlight' }),
      await client.request('video:control', { action: 'play' }),
      await client.request('quiz:control', { action: 'results' }),
      await client.request('breakout:start', { split: { mode: 'auto', groupCount: 2 }, minutes: 5 }),
      await client.request('breakout:end', {}),
      await client.request('host:muteAll', {}),
      await client.request('host:askUnmute', { peerId: 'venue' }),
      await client.request('host:lowerHands', {}),
      await client.request('host:remove', { peerId: 'venue' }),
    ];
    for (const answer of refused)
      expect(answer).toMatchObject({ ok: false, code: 'NOT_ALLOWED', message: expect.stringMatching(/^Only the host can /) });
  });

  it('answers an invalid payload with INVALID_PAYLOAD and the field', async () => {
    const host = await joinVenue();
    const { peerId } = await joinHome(0);
    expect(await host.raw('program:control', { action: 'goto', index: -1 })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'index',
    });
    const manual = await host.request('breakout:start', { split: { mode: 'manual', groups: [[peerId], ['p-nobody']] }, minutes: 5 });
    expect(manual).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'split.groups.1.0' });
    const duplicate = await host.request('breakout:start', { split: { mode: 'manual', groups: [[peerId], [peerId]] }, minutes: 5 });
    expect(duplicate).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'split.groups.1.0' });
  });

  it('answers the server clock to anyone', async () => {
    const { client } = await joinHome(0);
    const before = Date.now();
    const { serverTime } = await client.ok('live:clock', { clientTime: before });
    expect(serverTime).toBeGreaterThanOrEqual(before);
  });
});

describe('live program: layout, hands and reactions', () => {
  it('a chosen leader must be in the call; when they leave, the venue leads again', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    expect(await host.request('program:setLayout', { leaderPeerId: 'p-nobody' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const chosen = await host.ok('program:setLayout', { layoutChoice: 'spotlight', leaderPeerId: a.peerId });
    expect(chosen).toMatchObject({ layoutChoice: 'spotlight', layout: 'spotlight', leaderPeerId: a.peerId });

    expect(await a.client.request('call:leave', {})).toEqual({ ok: true, data: {} });
    const after = await host.waitFor('live:state', (s) => s.revision > chosen.revision);
    expect(after.leaderPeerId).toBeNull();
  });

  it('hands go up per person and the host lowers them all', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const raised = await a.client.ok('hand:set', { raised: true });
    expect(raised.you.handRaised).toBe(true);
    const atHost = await host.waitFor('live:state', (s) => s.hands.length === 1);
    expect(atHost.hands[0]).toMatchObject({ peerId: a.peerId, displayName: a.joined.self.displayName });
    expect(atHost.you.handRaised).toBe(false);

    const lowered = await host.ok('host:lowerHands', {});
    expect(lowered.hands).toEqual([]);
    expect((await a.client.waitFor('live:state', (s) => s.revision === lowered.revision)).you.handRaised).toBe(false);
  });

  it('sends a reaction to everyone and refuses a second one at once with RATE_LIMITED', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const [first, second] = await Promise.all([
      a.client.request('reaction:send', { kind: 'clap' }),
      a.client.request('reaction:send', { kind: 'thumbsUp' }),
    ]);
    expect(first).toEqual({ ok: true, data: {} });
    expect(second).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await host.waitFor('live:reaction')).toEqual({ peerId: a.peerId, displayName: a.joined.self.displayName, kind: 'clap' });
    await a.client.waitFor('live:reaction');
    expect(host.received('live:reaction')).toHaveLength(1);
  });
});

describe('live program: brain training', () => {
  it('counts each home answer once; changing it moves the count; each device sees its own answer', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const b = await joinHome(1);
    const shown = await host.ok('quiz:control', { action: 'show', questionId: 'calc-1' });
    expect(shown.quiz).toMatchObject({ phase: 'asking', homeCounts: [0, 0, 0], venueCounts: [0, 0, 0], yourAnswer: null });

    await a.client.ok('quiz:answer', { questionId: 'calc-1', choiceIndex: 1 });
    await a.client.ok('quiz:answer', { questionId: 'calc-1', choiceIndex: 1 });
    await b.client.ok('quiz:answer', { questionId: 'calc-1', choiceIndex: 1 });
    const changed = await a.client.ok('quiz:answer', { questionId: 'calc-1', choiceIndex: 0 });
    expect(changed.quiz).toMatchObject({ homeCounts: [1, 1, 0], yourAnswer: 0 });
    const atB = await b.client.waitFor('live:state', (s) => s.revision === changed.revision);
    expect(atB.quiz).toMatchObject({ homeCounts: [1, 1, 0], yourAnswer: 1 });

    expect(await host.request('quiz:answer', { questionId: 'calc-1', choiceIndex: 0 })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    const counted = await host.ok('quiz:control', { action: 'venueCount', choiceIndex: 1, count: 6 });
    expect(counted.quiz).toMatchObject({ venueCounts: [0, 6, 0], yourAnswer: null });
    expect(await host.request('quiz:control', { action: 'venueCount', choiceIndex: 3, count: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      field: 'choiceIndex',
    });

    await host.ok('quiz:control', { action: 'results' });
    const late = await b.client.request('quiz:answer', { questionId: 'calc-1', choiceIndex: 2 });
    expect(late).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('closed') });
    expect(await b.client.request('quiz:answer', { questionId: 'calc-2', choiceIndex: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('refuses an unknown question with NOT_FOUND and answers without a question with CONFLICT', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    expect(await host.request('quiz:control', { action: 'show', questionId: 'no-such-question' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await a.client.request('quiz:answer', { questionId: 'calc-1', choiceIndex: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
});

describe('live program: coming back', () => {
  it('a reconnecting home lands in the current segment, group, quiz answer and video position, even after the room closed', async () => {
    const video = await uploadExerciseVideo();
    const host = await joinVenue();
    const a = await joinHome(0);
    await joinHome(1);
    await host.ok('program:control', { action: 'goto', index: 2 });
    await host.ok('video:control', { action: 'load', videoId: video.id });
    await host.ok('video:control', { action: 'seek', positionSec: 5 });
    await host.ok('video:control', { action: 'play' });
    await host.ok('quiz:control', { action: 'show', questionId: 'odd-1' });
    await a.client.ok('quiz:answer', { questionId: 'odd-1', choiceIndex: 2 });
    await a.client.ok('hand:set', { raised: true });
    await host.ok('program:setLayout', { leaderPeerId: a.peerId });
    const before = await host.ok('breakout:start', { split: { mode: 'auto', groupCount: 2 }, minutes: 10 });
    const groupOfA = before.breakout!.groups.find((g) => g.peerIds.includes(a.peerId))!.id;

    // The home's connection drops: it comes back into the same room, hand still up and still leading.
    a.client.socket.disconnect();
    await host.waitFor('call:peerLeft', (n) => n.peerId === a.peerId);
    const again = await joinHome(0);
    expectSamePlace(again.joined.live, before, groupOfA);
    expect(again.joined.live.quiz?.yourAnswer).toBe(2);
    expect(again.joined.live.you.handRaised).toBe(true);
    expect(again.joined.live.leaderPeerId).toBe(a.peerId);
    expect(again.joined.live.video).toMatchObject({ videoId: video.id, playing: true });
    expect(videoPositionAt(again.joined.live.video!, again.joined.live.serverTime)).toBeGreaterThanOrEqual(5);

    // Everyone leaves, the room closes; the program does not.
    await closeAll();
    expect(await call.server.rooms.find(call.server.demo.sessionId)).toBeUndefined();
    const third = await joinHome(0);
    expectSamePlace(third.joined.live, before, groupOfA);
    expect(third.joined.live.quiz?.yourAnswer).toBe(2);
    expect(third.joined.live.video?.url).toBe(before.video!.url);
    expect(videoPositionAt(third.joined.live.video!, third.joined.live.serverTime)).toBeGreaterThanOrEqual(
      videoPositionAt(before.video!, before.serverTime),
    );
  });

  it('refuses to play without a video and an unknown video with NOT_FOUND', async () => {
    const host = await joinVenue();
    expect(await host.request('video:control', { action: 'play' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await host.request('video:control', { action: 'load', videoId: 'vid_nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('refuses to load a video deleted since, keeping the one already loaded', async () => {
    const [kept, deleted] = [await uploadExerciseVideo(), await uploadExerciseVideo()];
    const organiser = await call.server.login('organiser');
    expect((await api(call.server.url, 'DELETE', `/api/videos/${deleted.id}`, { cookie: organiser })).status).toBe(200);
    const host = await joinVenue();
    await host.ok('video:control', { action: 'load', videoId: kept.id });
    expect(await host.request('video:control', { action: 'load', videoId: deleted.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await host.ok('video:control', { action: 'play' })).video).toMatchObject({ videoId: kept.id, playing: true });
  });

  it('refuses to show a deleted question; one deleted while shown can still be answered', async () => {
    const addQuestion = async () => {
      const body = { prompt: '今日の おやつは？', choices: ['おせんべい', 'おまんじゅう'] };
      const added = await api<QuizQuestion>(call.server.url, 'POST', `/api/venues/${DEMO_VENUE_ID}/quiz-questions`, {
        cookie: call.hostCookie,
        body,
      });
      expect(added.status).toBe(201);
      return added.body;
    };
    const remove = async (question: QuizQuestion) =>
      expect((await api(call.server.url, 'DELETE', `/api/quiz-questions/${question.id}`, { cookie: call.hostCookie })).status).toBe(200);
    const [gone, shown] = [await addQuestion(), await addQuestion()];
    await remove(gone);
    const host = await joinVenue();
    const a = await joinHome(0);
    expect(await host.request('quiz:control', { action: 'show', questionId: gone.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    await host.ok('quiz:control', { action: 'show', questionId: shown.id });
    await remove(shown);
    expect((await a.client.ok('quiz:answer', { questionId: shown.id, choiceIndex: 1 })).quiz).toMatchObject({
      homeCounts: [0, 1],
      yourAnswer: 1,
    });
    expect((await host.ok('quiz:control', { action: 'results' })).quiz).toMatchObject({
      phase: 'results',
      question: { prompt: shown.prompt },
    });
  });

  it('follows a program saved during the session, staying in the segment if it still exists', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const running = await host.ok('program:control', { action: 'goto', index: 3 });
    const segments = [
      { kind: 'greeting', title: 'あいさつ', plannedMinutes: 5 },
      { kind: 'chat', title: 'おしゃべり', plannedMinutes: 20 },
    ];
    const saved = await fetch(`${call.server.url}/api/sessions/${call.server.demo.sessionId}/program`, {
      method: 'PUT',
      headers: { cookie: call.hostCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ segments, saveAsTemplate: false }),
    });
    expect(saved.status).toBe(200);
    const reloaded = await a.client.waitFor('live:state', (s) => s.revision > running.revision && s.segments.length === 2);
    expect(reloaded.segments.map((s) => s.title)).toEqual(['あいさつ', 'おしゃべり']);
    expect(reloaded.clock).toMatchObject({ status: 'running', index: 1 });
    expect(reloaded.layout).toBe('gallery');
  });

  it('stays in the running segment when the saved program inserts one before it', async () => {
    const host = await joinVenue();
    const a = await joinHome(0);
    const programPath = `/api/sessions/${call.server.demo.sessionId}/program`;
    const current = (await api<Program>(call.server.url, 'GET', programPath, { cookie: call.hostCookie })).body.segments;
    const running = await host.ok('program:control', { action: 'goto', index: 1 });
    const runningId = running.segments[1]!.id;
    const inputs: SegmentInput[] = current.map(({ id: _id, ...input }) => input);
    const inserted: SegmentInput = { kind: 'chat', title: '近況の ひとこと', plannedMinutes: 3 };
    const saved = await api(call.server.url, 'PUT', programPath, {
      cookie: call.hostCookie,
      body: { segments: [inserted, ...inputs], saveAsTemplate: false },
    });
    expect(saved.status).toBe(200);

    const reloaded = await a.client.waitFor('live:state', (s) => s.segments.length === current.length + 1);
    expect(reloaded.clock).toEqual({ ...running.clock, index: 2 });
    expect(reloaded.segments[2]!.id).toBe(runningId);
  });

  it('before the start, begins with the first segment of the program saved meanwhile', async () => {
    await joinVenue();
    const a = await joinHome(0);
    const programPath = `/api/sessions/${call.server.demo.sessionId}/program`;
    const current = (await api<Program>(call.server.url, 'GET', programPath, { cookie: call.hostCookie })).body.segments;
    const inputs: SegmentInput[] = current.map(({ id: _id, ...input }) => input);
    const inserted: SegmentInput = { kind: 'chat', title: 'はじめの ひとこと', plannedMinutes: 2 };
    const saved = await api(call.server.url, 'PUT', programPath, {
      cookie: call.hostCookie,
      body: { segments: [inserted, ...inputs], saveAsTemplate: false },
    });
    expect(saved.status).toBe(200);

    const reloaded = await a.client.waitFor('live:state', (s) => s.segments.length === current.length + 1);
    expect(reloaded.clock).toEqual({ status: 'not-started', index: 0, endsAt: null, remainingMs: 2 * 60_000 });
  });

  it('answers the save even when the live program cannot follow it, and logs why', async () => {
    await joinVenue();
    const logger = Reflect.get(call.server.live, 'logger') as Logger;
    const logged = vi.spyOn(logger, 'error');
    vi.spyOn(LiveSession.prototype, 'reloadSegments').mockImplementationOnce(() => {
      throw new Error('reload failed');
    });
    const programPath = `/api/sessions/${call.server.demo.sessionId}/program`;
    const segments = [{ kind: 'greeting', title: 'あいさつ', plannedMinutes: 5 }];
    const saved = await api(call.server.url, 'PUT', programPath, { cookie: call.hostCookie, body: { segments, saveAsTemplate: false } });
    expect(saved.status).toBe(200);
    expect(
      (await api<Program>(call.server.url, 'GET', programPath, { cookie: call.hostCookie })).body.segments.map((s) => s.title),
    ).toEqual(['あいさつ']);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ sessionId: call.server.demo.sessionId }), 'could not reload the program');
  });

  it('ends with the session: a new program would start from the beginning', async () => {
    const host = await joinVenue();
    await host.ok('program:control', { action: 'start' });
    expect(call.server.live.find(call.server.demo.sessionId)).toBeDefined();
    await host.ok('call:endSession', {});
    expect(call.server.live.find(call.server.demo.sessionId)).toBeUndefined();
  });
});

function expectSamePlace(
  live: { clock: unknown; breakout: unknown; you: { groupId: string | null } },
  before: { clock: unknown; breakout: unknown },
  groupId: string,
) {
  expect(live.clock).toEqual(before.clock);
  expect(live.breakout).toEqual(before.breakout);
  expect(live.you.groupId).toBe(groupId);
}
