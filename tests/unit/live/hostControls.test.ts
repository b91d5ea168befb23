import { describe, expect, it } from 'vitest';
import {
  completeAssignments,
  groupMembers,
  loneGroupCount,
  manualSplit,
  spreadEvenly,
} from '../../../client/src/features/program/live/host/breakoutGroups';
import { firstQuestionId, quizSections } from '../../../client/src/features/program/live/host/quizSections';
import { venueStage, venueStageLayers } from '../../../client/src/features/program/live/host/venueStage';
import type { QuizQuestion } from '@shared/program/quizzes';
import { liveState as live, peer } from './fixtures';

describe('splitting into small groups by hand', () => {
  it('starts from an even spread: 1, 2, 3, 1, 2 …', () => {
    expect(spreadEvenly(['a', 'b', 'c', 'd', 'e'], 3)).toEqual({ a: 0, b: 1, c: 2, d: 0, e: 1 });
  });

  it('keeps choices, puts newcomers and people of removed groups into the smallest group, forgets people who left', () => {
    const chosen = { a: 0, b: 0, c: 2, gone: 1 };
    // Three groups became two: c's group 3 no longer exists; d just joined.
    expect(completeAssignments(['a', 'b', 'c', 'd'], chosen, 2)).toEqual({ a: 0, b: 0, c: 1, d: 1 });
  });

  it('lists each group in the order people are shown, empty groups included', () => {
    expect(groupMembers(['a', 'b', 'c'], { a: 1, b: 1, c: 0 }, 3)).toEqual([['c'], ['a', 'b'], []]);
  });

  it('sends only groups with somebody in them and moves the venue along with its group', () => {
    const split = manualSplit(['a', 'b', 'c'], { a: 2, b: 2, c: 0 }, 3, 2);
    expect(split).toEqual({ split: { mode: 'manual', groups: [['c'], ['a', 'b']] }, venue: 1 });
  });

  it('keeps the venue on its own when the group it chose has nobody from home', () => {
    expect(manualSplit(['a', 'b'], { a: 0, b: 2 }, 3, 1)).toEqual({ split: { mode: 'manual', groups: [['a'], ['b']] }, venue: 'own' });
    expect(manualSplit(['a'], { a: 0 }, 2, 'own')?.venue).toBe('own');
  });

  it('counts the groups where one person would be alone: not when the venue joins them, not empty ones', () => {
    expect(loneGroupCount(['a', 'b', 'c'], spreadEvenly(['a', 'b', 'c'], 2), 2, 'own')).toBe(1);
    expect(loneGroupCount(['a', 'b', 'c'], spreadEvenly(['a', 'b', 'c'], 2), 2, 1)).toBe(0);
    expect(loneGroupCount(['a', 'b', 'c', 'd'], spreadEvenly(['a', 'b', 'c', 'd'], 2), 2, 'own')).toBe(0);
    expect(loneGroupCount(['a', 'b'], { a: 0, b: 0 }, 3, 'own')).toBe(0);
  });

  it('has nothing to send when nobody is at home', () => {
    expect(manualSplit([], {}, 2, 'own')).toBeNull();
  });
});

const q = (id: string, format: QuizQuestion['format']): QuizQuestion => ({
  id,
  format,
  prompt: id,
  choices: ['x', 'y'],
  answerIndex: null,
});

describe('the quiz picker', () => {
  const builtIn = [
    q('odd-1', 'odd-one-out'),
    q('calc-1', 'calculation'),
    q('recall-1', 'recall'),
    q('word-1', 'word-collection'),
    q('calc-2', 'calculation'),
  ];
  const custom = [q('own-1', 'custom'), q('own-2', 'custom')];

  it('lists the built-in questions by format in the usual order, then the venue’s own', () => {
    const sections = quizSections(builtIn, custom, []);
    expect(sections.map((s) => [s.key, s.questions.map((x) => x.id)])).toEqual([
      ['calculation', ['calc-1', 'calc-2']],
      ['word-collection', ['word-1']],
      ['odd-one-out', ['odd-1']],
      ['recall', ['recall-1']],
      ['custom', ['own-1', 'own-2']],
    ]);
    expect(firstQuestionId(sections)).toBe('calc-1');
  });

  it('puts the questions planned for this part first, in the planned order, each question once, unknown ids ignored', () => {
    const sections = quizSections(builtIn, custom, ['own-2', 'gone', 'calc-2']);
    expect(sections[0]).toEqual({ key: 'segment', questions: [custom[1], builtIn[4]] });
    const ids = sections.flatMap((s) => s.questions.map((x) => x.id));
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids).toHaveLength(builtIn.length + custom.length);
    expect(firstQuestionId(sections)).toBe('own-2');
  });

  it('has no question to preselect when the venue has none', () => {
    expect(firstQuestionId(quizSections([], [], ['calc-1']))).toBeNull();
  });
});

describe('what fills the venue screen', () => {
  const homes = [peer('a'), peer('b'), peer('c')].map((p) => ({ ...p, videoActive: true }));
  const video = { videoId: 'v1', title: '体操', url: '/v', playing: true, positionSec: 0, updatedAt: 0, durationSec: null };
  const quiz = {
    question: q('calc-1', 'calculation'),
    phase: 'asking' as const,
    homeCounts: [0, 0],
    venueCounts: [0, 0],
    yourAnswer: null,
  };

  it('shows everyone at home in the grid by default, and before the program is known', () => {
    expect(venueStage(live({}), homes)).toEqual({ kind: 'gallery', tiles: homes });
    expect(venueStage(null, homes)).toEqual({ kind: 'gallery', tiles: homes });
  });

  it('shows a participant who leads large with the others in the strip, asking their best picture', () => {
    const stage = venueStage(live({ layout: 'spotlight', leaderPeerId: 'b' }), homes);
    expect(stage).toEqual({ kind: 'spotlight', leader: homes[1], strip: [homes[0], homes[2]] });
    expect(venueStageLayers(stage)).toEqual({ b: 2, a: 0, c: 0 });
  });

  it('keeps the grid in spotlight when the venue itself leads (the room sees the leader in person)', () => {
    expect(venueStage(live({ layout: 'spotlight', leaderPeerId: null }), homes).kind).toBe('gallery');
  });

  it('puts a playing video before a question, and a question before a paused video', () => {
    expect(venueStage(live({ video, quiz }), homes).kind).toBe('video');
    expect(venueStage(live({ video: { ...video, playing: false }, quiz }), homes).kind).toBe('quiz');
    const paused = venueStage(live({ video: { ...video, playing: false } }), homes);
    expect(paused.kind).toBe('video');
    expect(venueStageLayers(paused)).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('shows only the venue’s own small group', () => {
    const breakout = {
      groups: [
        { id: 'g1', name: 'グループ1', peerIds: ['venue', 'a'] },
        { id: 'g2', name: 'グループ2', peerIds: ['b', 'c'] },
      ],
      endsAt: 1,
    };
    expect(venueStage(live({ breakout, you: { groupId: 'g1', handRaised: false } }), homes)).toEqual({
      kind: 'gallery',
      tiles: [homes[0]],
    });
  });
});
