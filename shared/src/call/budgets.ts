import type { CallRequestName } from './events';

/** At most `points` requests of one kind per peer in a fixed window of `seconds`. */
export interface RequestBudget {
  readonly points: number;
  readonly seconds: number;
  /** What the RATE_LIMITED message calls these requests. */
  readonly label: string;
}

/**
 * Per-peer budgets for the socket requests: generous for any real page, tight against a flood.
 * The server counts per joined peer (session and peer id, so a reconnect does not reset the count)
 * and per socket before the join. What a real page sends is in the comments.
 */
export const requestBudgets = {
  /** call:prepare once per lobby connection (the page asks again only after its socket was closed). */
  prepare: { points: 6, seconds: 10, label: 'prepare requests' },
  /** call:join once per connection; a failed join is retried after 1, 2, 4 … s. */
  join: { points: 6, seconds: 10, label: 'join requests' },
  /** Per join: 2 transports, 2 connects, ready, 2 producers; ICE restarts back off from 2 s; a camera that is unplugged closes its producer. */
  media: { points: 40, seconds: 10, label: 'media requests' },
  /** Microphone and camera on/off, as fast as a finger taps. */
  mute: { points: 30, seconds: 10, label: 'microphone and camera changes' },
  /** One setPreferredLayers per video shown and one setVisibleVideos per gallery page: a venue with 50 people changing layout. */
  layers: { points: 200, seconds: 10, label: 'video layout requests' },
  /** Three live:clock samples after every join. */
  clock: { points: 20, seconds: 10, label: 'clock requests' },
  /** One check-in per session (a second one replaces the first) and the questionnaire twice a year. */
  checkin: { points: 10, seconds: 60, label: 'check-ins' },
  /** 👏 and 👍 tapped fast (the live program shows one per 500 ms). */
  reaction: { points: 30, seconds: 10, label: 'reactions' },
  /** Quiz answers (changing one's mind) and the hand up and down. */
  participation: { points: 30, seconds: 10, label: 'answers and hands' },
  /** The venue's taps: つぎへ, +1分, − / + for the raised hands at the venue, ±10 s on the video, groups, mute all. */
  host: { points: 60, seconds: 10, label: 'host actions' },
  /** Caption lines (typed or automatic, and corrections): a fast typist sends a line every few seconds; at most 2 a second. */
  captionLine: { points: 10, seconds: 5, label: 'caption lines' },
  /** Automatic captions' interim words: the venue page sends at most 4 a second. */
  captionInterim: { points: 25, seconds: 5, label: 'automatic caption updates' },
  /** A writer page opening its session, any screen asking the captions now (after each join). */
  captionRead: { points: 20, seconds: 10, label: 'caption requests' },
  /** Once per join (leaving when not in the call does nothing). */
  leave: { points: 30, seconds: 10, label: 'leave requests' },
} as const satisfies Record<string, RequestBudget>;

export type BudgetName = keyof typeof requestBudgets;

/** Which budget each request spends: a request without an entry here is a type error. */
export const budgetOfRequest = {
  'call:prepare': 'prepare',
  'call:join': 'join',
  'call:createTransport': 'media',
  'call:connectTransport': 'media',
  'call:restartIce': 'media',
  'call:ready': 'media',
  'call:produce': 'media',
  'call:closeProducer': 'media',
  'call:pauseProducer': 'mute',
  'call:resumeProducer': 'mute',
  'call:setPreferredLayers': 'layers',
  'call:setVisibleVideos': 'layers',
  'call:leave': 'leave',
  'call:endSession': 'host',
  'checkin:submit': 'checkin',
  'checkin:submitQuestionnaire': 'checkin',
  'live:clock': 'clock',
  'program:control': 'host',
  'program:setLayout': 'host',
  'video:control': 'host',
  'quiz:control': 'host',
  'quiz:answer': 'participation',
  'breakout:start': 'host',
  'breakout:end': 'host',
  'host:muteAll': 'host',
  'host:askUnmute': 'host',
  'host:lowerHands': 'host',
  'host:remove': 'host',
  'host:readmit': 'host',
  'hand:set': 'participation',
  'reaction:send': 'reaction',
  'caption:open': 'captionRead',
  'caption:get': 'captionRead',
  'caption:send': 'captionLine',
  'caption:auto': 'captionInterim',
  'caption:setTranscript': 'host',
} as const satisfies Record<CallRequestName, BudgetName>;
