/**
 * Every bound the REST API puts on what it accepts, in one place: the request schemas use these numbers, the
 * pages may show them, and README.md lists them. No zod here, so a page can import it cheaply.
 * (The call's socket limits are in call/limits.ts.)
 */

/** Dates and months a request may name (YYYY-MM-DD / YYYY-MM, Japan time); anything outside is a typo or an attack. */
export const CALENDAR_WINDOW = { firstDate: '2000-01-01', lastDate: '2100-12-31' } as const;

export const PERIOD_LIMITS = {
  /** An export (attendance, wellbeing) covers at most this many calendar months, counting both ends: a yearly report and a margin. */
  exportMonths: 13,
  /** The sessions list of a venue (`from`–`to`): at most this many calendar months at once. */
  sessionListMonths: 13,
} as const;

export const LIST_LIMITS = {
  /** Venue ids in one `venueIds=a,b,…` query. */
  venueIds: 200,
  /** Characters of the whole `venueIds` value. */
  venueIdsChars: 8000,
  /** Sessions in a participants' attendance pattern. */
  patternSessions: 26,
  /** Absences in a row that put someone on the watch-over list (the query's `absences`). */
  watchAbsences: 10,
} as const;

export const TEXT_LIMITS = {
  id: 100,
  personName: 60,
  kana: 60,
  contact: 200,
  participantNotes: 2000,
  venueName: 100,
  scheduleTitle: 100,
  sessionTitle: 100,
  watchReasonKey: 200,
  contactedBy: 100,
  watchOutcome: 2000,
  cancelReason: 200,
} as const;

export const PROGRAM_LIMITS = {
  minSegments: 1,
  maxSegments: 30,
  segmentTitle: 60,
  minMinutes: 1,
  maxMinutes: 240,
  segmentNotes: 1000,
  quizQuestionsPerSegment: 30,
} as const;

export const QUIZ_LIMITS = { prompt: 200, choice: 40, minChoices: 2, maxChoices: 4 } as const;

export const CHECKIN_LIMITS = {
  /** Questions in an organisation's check-in, and so answers in one check-in. */
  maxQuestions: 8,
  minAnswers: 2,
  maxAnswers: 5,
  /** A question or answer key (lowercase letters, digits and -). */
  key: 40,
  /** A question's or answer's text, per language. */
  label: 200,
  emoji: 8,
} as const;

/** The video types an upload may have: what browsers on tablets and phones can all play. */
export const VIDEO_MIME_TYPES = ['video/mp4', 'video/webm'] as const;

export const VIDEO_LIMITS = {
  /** Larger files are refused from their Content-Length header, before the body is read. */
  maxBytes: 300 * 1024 * 1024,
  title: 80,
} as const;

export const HTTP_LIMITS = {
  /**
   * Largest JSON request body. The largest real one is a program of 30 segments with every field at its maximum
   * (about 200 KB: tests/server/http/bounds.test.ts sends it); the video upload has its own limit.
   */
  jsonBodyBytes: 256 * 1024,
  /** Exports (attendance and wellbeing, CSV or XLSX) running at once on the whole server, and per signed-in user. */
  exportsAtOnce: 2,
  exportsPerUser: 1,
  /** Seconds a client is asked to wait (Retry-After) when the exports are all taken. */
  exportRetryAfterSeconds: 10,
  /** API requests per client address per minute (KAYOI_API_RATE_LIMIT); /api/health and the client's files are not counted. */
  apiRequestsPerMinute: 1200,
} as const;

/** How many calendar months `from`–`to` touches, both included: 2025-04-01–2026-04-30 is 13. */
export function monthsSpanned(from: string, to: string): number {
  const index = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return index(to) - index(from) + 1;
}

/** True when a date (YYYY-MM-DD) or month (YYYY-MM) is inside the calendar window. */
export function inCalendarWindow(dateOrMonth: string): boolean {
  const month = dateOrMonth.length === 7;
  const first = month ? CALENDAR_WINDOW.firstDate.slice(0, 7) : CALENDAR_WINDOW.firstDate;
  const last = month ? CALENDAR_WINDOW.lastDate.slice(0, 7) : CALENDAR_WINDOW.lastDate;
  return dateOrMonth >= first && dateOrMonth <= last;
}

/** Video letters (ビデオレター): recorded messages, the letters assembled from them, their links. */
export const LETTER_LIMITS = {
  /** A message is at most this long (the recorder stops itself; the server measures the file with ffprobe). */
  maxMessageSeconds: 60,
  /** Half a second of slack over maxMessageSeconds for the recorder's last chunk. */
  messageSlackSeconds: 0.5,
  /** A message file's bytes: 60 s at a phone camera's usual 2.5 Mbit/s is about 19 MB. */
  maxMessageBytes: 40 * 1024 * 1024,
  /** Messages a venue may hold at once (older ones are pruned by the retention period). */
  maxMessagesPerVenue: 200,
  title: 60,
  /** Parts of one letter (messages and library videos, the title card not counted). */
  maxParts: 30,
  /** The longest letter: 30 parts of a minute, plus a margin. */
  maxLetterSeconds: 40 * 60,
  /** Letters waiting to render (one renders at a time); more answer 503. */
  renderQueue: 3,
  /** A render stopped after this long counts as failed. */
  renderTimeoutSeconds: 30 * 60,
  /** The rendered file's bytes at most. */
  maxLetterBytes: 1024 * 1024 * 1024,
  /** Seconds of the title card at the start of a letter. */
  titleCardSeconds: 3,
  /** A link is valid for 1–90 days (default 30). */
  minLinkDays: 1,
  maxLinkDays: 90,
  defaultLinkDays: 30,
  /** People shared with in one request. */
  maxRecipients: 200,
  /** Messages and letters are deleted this many days after they were made (the organiser chooses 7–365; default 90). */
  minRetentionDays: 7,
  maxRetentionDays: 365,
  defaultRetentionDays: 90,
  /** What a person agrees to before recording, stored with the message. */
  consentText: 'この動画は、会のビデオレターとして会の参加者とスタッフに見せます。保存期間が過ぎると消します。',
} as const;

/** What the recorder may send: the browser's own container (WebM on Chrome, MP4 on Safari); the content is probed. */
export const LETTER_MESSAGE_UPLOAD_TYPES = ['video/webm', 'video/mp4', 'application/octet-stream'] as const;

/** Multi-node placement (issue #17): what one node may announce and how much one Redis keeps. */
export const CLUSTER_LIMITS = {
  /** Characters of a node id (KAYOI_NODE_ID). */
  nodeId: 40,
  /** Live nodes one Redis keeps; a node beyond it is refused when it announces itself. */
  nodes: 32,
  /** Media workers in one node's announced load. */
  workersPerNode: 64,
  /** Rooms, or consumers on one worker, a node may announce. */
  loadCount: 100_000,
  /** Sessions one node may hold; a node at it gets no new ones. */
  sessionsPerNode: 1000,
  /** Characters of a Redis URL (KAYOI_REDIS_URL) or a node's public URL. */
  url: 2000,
} as const;
