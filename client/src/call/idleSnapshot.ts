import type { CallSnapshot, LocalSourceState } from './types';

const notAskedYet: LocalSourceState = { track: null, enabled: true, acquiring: false, problem: null, deviceId: null, sending: false };

/** The lobby's picture while the call engine is still downloading: nobody asked for the camera or microphone yet. */
export const IDLE_SNAPSHOT: CallSnapshot = {
  status: 'idle',
  recovered: false,
  error: null,
  endReason: null,
  self: null,
  session: null,
  peers: [],
  activeSpeakerId: null,
  mic: notAskedYet,
  camera: notAskedYet,
  mediaChecked: false,
  speakerId: null,
  checkin: null,
  troubleRequests: [],
  live: null,
  captions: null,
  serverOffsetMs: 0,
  reactions: [],
  unmuteAsked: false,
  mutedByHost: false,
};
