import type { RemotePeer } from '../../../client/src/call/types';
import type { LiveState } from '@shared/program/live';

/** A remote peer as the call shows it before any media arrived; `changes` sets what a test is about. */
export function peer(id: string, role: 'venue' | 'home' = 'home', changes: Partial<RemotePeer> = {}): RemotePeer {
  return {
    id,
    displayName: id,
    role,
    audioMuted: false,
    videoMuted: false,
    phone: false,
    stream: null,
    audioTrack: null,
    videoTrack: null,
    videoActive: false,
    videoLayer: null,
    ...changes,
  };
}

/** The live program running its first part (あいさつ, then 百歳体操) in the gallery; `changes` sets what a test is about. */
export function liveState(changes: Partial<LiveState> = {}): LiveState {
  return {
    revision: 1,
    serverTime: 0,
    segments: [
      { id: 's1', kind: 'greeting', title: 'あいさつ', plannedMinutes: 5 },
      { id: 's2', kind: 'exercise', title: '百歳体操', plannedMinutes: 30 },
    ],
    clock: { status: 'running', index: 0, endsAt: 300_000, remainingMs: 0 },
    layoutChoice: 'auto',
    layout: 'gallery',
    leaderPeerId: null,
    video: null,
    quiz: null,
    breakout: null,
    hands: [],
    removed: [],
    you: { groupId: null, handRaised: false },
    ...changes,
  };
}
