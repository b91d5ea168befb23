import { describe, expect, it } from 'vitest';
import { QuizRound } from '../../../server/src/program/live/quizRound';
import { endVideoIfOver, loadVideo, moveVideo, setVideoDuration } from '../../../server/src/program/live/videoTimeline';
import { msUntilVideoEnds, videoHasEnded, videoPositionAt } from '@shared/program/videoSync';
import { builtInQuizQuestions } from '@shared/program/quizzes';

const question = builtInQuizQuestions.find((q) => q.id === 'calc-1')!;

describe('quiz round', () => {
  it('counts one answer per peer and moves the count when the answer changes', () => {
    const round = new QuizRound(question);
    round.answer('p-a', question.id, 1);
    round.answer('p-b', question.id, 1);
    round.answer('p-a', question.id, 0);
    expect(round.view('p-a')).toMatchObject({ homeCounts: [1, 1, 0], yourAnswer: 0, phase: 'asking' });
    expect(round.view('p-c').yourAnswer).toBeNull();
  });

  it('refuses answers to another question, after the results, and beyond the choices', () => {
    const round = new QuizRound(question);
    expect(() => round.answer('p-a', 'calc-2', 0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => round.answer('p-a', question.id, 3)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', field: 'choiceIndex' }));
    round.showResults();
    expect(() => round.answer('p-a', question.id, 0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('keeps the venue counts the host enters, separate from home answers', () => {
    const round = new QuizRound(question);
    round.setVenueCount(2, 7);
    expect(round.view('venue')).toMatchObject({ homeCounts: [0, 0, 0], venueCounts: [0, 0, 7] });
  });
});

describe('video timeline on the server', () => {
  const loaded = loadVideo({ videoId: 'v1', title: '体操', url: '/api/videos/v1/file?sig=x' }, 1_000);

  it('loads paused at the start', () => {
    expect(loaded).toMatchObject({ playing: false, positionSec: 0, updatedAt: 1_000 });
  });

  it('records the position at each move', () => {
    const playing = moveVideo(loaded, { action: 'play' }, 2_000);
    expect(playing).toMatchObject({ playing: true, positionSec: 0, updatedAt: 2_000 });
    const paused = moveVideo(playing, { action: 'pause' }, 12_500);
    expect(paused).toMatchObject({ playing: false, positionSec: 10.5, updatedAt: 12_500 });
    const sought = moveVideo(playing, { action: 'seek', positionSec: 42 }, 5_000);
    expect(sought).toMatchObject({ playing: true, positionSec: 42, updatedAt: 5_000 });
  });

  describe('with the length the venue read (20 s)', () => {
    const timed = setVideoDuration(moveVideo(loaded, { action: 'play' }, 2_000), 20, 3_000);

    it('keeps the position where it was when the length arrives, and knows when the end comes', () => {
      expect(timed).toMatchObject({ playing: true, positionSec: 1, updatedAt: 3_000, durationSec: 20 });
      expect(msUntilVideoEnds(timed, 3_000)).toBe(19_000);
      expect(msUntilVideoEnds(moveVideo(timed, { action: 'pause' }, 4_000), 5_000)).toBeNull();
    });

    it('stops by itself at the end, not before: paused at 20 s and ended', () => {
      expect(endVideoIfOver(timed, 21_000)).toBeNull();
      const ended = endVideoIfOver(timed, 22_000)!;
      expect(ended).toMatchObject({ playing: false, positionSec: 20, updatedAt: 22_000 });
      expect(videoHasEnded(ended)).toBe(true);
      expect(videoPositionAt(timed, 60_000)).toBe(20);
    });

    it('plays again from the start after the end; a seek back after the end waits there, paused, and then plays on', () => {
      const ended = endVideoIfOver(timed, 22_000)!;
      expect(moveVideo(ended, { action: 'play' }, 30_000)).toMatchObject({ playing: true, positionSec: 0, updatedAt: 30_000 });
      const back = moveVideo(ended, { action: 'seek', positionSec: 10 }, 30_000);
      expect(back).toMatchObject({ playing: false, positionSec: 10 });
      expect(videoHasEnded(back)).toBe(false);
      expect(moveVideo(back, { action: 'play' }, 31_000)).toMatchObject({ playing: true, positionSec: 10 });
    });

    it('never seeks past the end', () => {
      expect(moveVideo(timed, { action: 'seek', positionSec: 500 }, 4_000).positionSec).toBe(20);
    });
  });
});
