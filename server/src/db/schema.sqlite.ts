/**
 * The SQLite schema: what each table and column means is documented here. Its PostgreSQL twin is schema.pg.ts;
 * services import the tables of the process's database from db/schema.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ATTENDANCE_MODES } from '@shared/attendance/schemas';
import { USER_ROLES } from '@shared/auth/schemas';
import { CHECKIN_TIMINGS } from '@shared/checkins/offer';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { CheckinAnswers } from '@shared/checkins/schemas';
import type { Segment } from '@shared/program/schemas';
import { SESSION_STATUSES } from '@shared/common';
import { PHONE_NUMBER_LABELS } from '@shared/phone/numbers';
import { VIDEO_MIME_TYPES } from '@shared/program/videos';
import { LETTER_MIME_TYPES, LETTER_STATUSES, type LetterPart } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { PARTICIPANT_SEXES, VENUE_ACTIVITIES, VENUE_OPERATORS, VENUE_PLACES, type VenueActivity } from '@shared/venues/surveyCategories';

const timestampNow = (name: string) =>
  integer(name, { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const createdAt = () => timestampNow('created_at');

/** The foreign keys most tables share: who, and at which session. */
const participantRef = () =>
  text('participant_id')
    .notNull()
    .references((): AnySQLiteColumn => participants.id);
const sessionRef = () =>
  text('session_id')
    .notNull()
    .references((): AnySQLiteColumn => sessions.id);

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The organisation's check-in questions; null: DEFAULT_CHECKIN_QUESTIONS. */
  checkinQuestions: text('checkin_questions', { mode: 'json' }).$type<CheckinQuestion[]>(),
  createdAt: createdAt(),
  /** Days video letters and their messages are kept (the hourly pruning deletes older ones). */
  letterRetentionDays: integer('letter_retention_days').notNull().default(LETTER_LIMITS.defaultRetentionDays),
});

export const venues = sqliteTable('venues', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  name: text('name').notNull(),
  /** When home participants are asked their check-in: right after joining, or when they press 退出. */
  checkinTiming: text('checkin_timing', { enum: CHECKIN_TIMINGS }).notNull().default('after-join'),
  createdAt: createdAt(),
  /** Archived: off the lists and the planner; its sessions, people and attendance are kept. */
  archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
  /** The venue meets on national holidays and 年末年始 too (else the planner skips those days). */
  meetsOnHolidays: integer('meets_on_holidays', { mode: 'boolean' }).notNull().default(false),
  /** The national survey's attributes (通いの場の類型化 Ver.1.0); null / empty: not said yet. */
  surveyOperator: text('survey_operator', { enum: VENUE_OPERATORS }),
  surveyPlace: text('survey_place', { enum: VENUE_PLACES }),
  surveyActivities: text('survey_activities', { mode: 'json' })
    .$type<VenueActivity[]>()
    .notNull()
    .default(sql`'[]'`),
  surveyMainActivity: text('survey_main_activity', { enum: VENUE_ACTIVITIES }),
});

export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  displayName: text('display_name').notNull(),
  kana: text('kana').notNull(),
  contact: text('contact'),
  notes: text('notes'),
  /** When the participant agreed to their wellbeing answers being stored; null: not (or withdrawn). */
  wellbeingConsentAt: integer('wellbeing_consent_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
  /** Left the group: their links stop, they leave the rosters and the absence rule; their history stays. */
  leftAt: integer('left_at', { mode: 'timestamp_ms' }),
  /** Erased on request (APPI): name, contact and wellbeing answers are gone; attendance stays as anonymous counts. */
  erasedAt: integer('erased_at', { mode: 'timestamp_ms' }),
  /** Optional, only for the national survey's counts by sex and age band. */
  sex: text('sex', { enum: PARTICIPANT_SEXES }),
  birthYear: integer('birth_year'),
});

export const venueMembers = sqliteTable(
  'venue_members',
  {
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    participantId: participantRef(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.venueId, t.participantId] })],
);

/** A session id is unguessable: until host sign-in exists, it is what opens the venue page. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    title: text('title').notNull(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    scheduleId: text('schedule_id').references(() => schedules.id),
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('planned'),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    /** Cancelled (typhoon, …): not held, not joinable, nobody absent; null again when un-cancelled before it starts. */
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('sessions_venue_starts_idx').on(t.venueId, t.startsAt),
    uniqueIndex('sessions_schedule_starts_idx').on(t.scheduleId, t.startsAt),
  ],
);

/** A participant's personal link. Revoked tokens stay so that an old card explains itself. */
export const invites = sqliteTable(
  'invites',
  {
    token: text('token').primaryKey(),
    participantId: participantRef(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    createdAt: createdAt(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invites_participant_idx').on(t.participantId)],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Wrong passwords since `failedLoginsSince` (the window of the lockout rule). */
    failedLogins: integer('failed_logins').notNull().default(0),
    failedLoginsSince: integer('failed_logins_since', { mode: 'timestamp_ms' }),
    /** Locked after too many wrong passwords: no sign-in before this moment unless an organiser lifts it. */
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** Stopped by an organiser: no sign-in, and every session of the account ends. */
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Which venues a host runs. Organisers see every venue of their organisation. */
export const hostVenues = sqliteTable(
  'host_venues',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.venueId] })],
);

/** Sign-in sessions; the cookie holds a random token, the table only its SHA-256. */
export const authSessions = sqliteTable(
  'auth_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** A venue's weekly meeting: weekday (0 = Sunday) and times in Japan time. */
export const schedules = sqliteTable('schedules', {
  id: text('id').primaryKey(),
  venueId: text('venue_id')
    .notNull()
    .references(() => venues.id),
  weekday: integer('weekday').notNull(),
  startTime: text('start_time').notNull(),
  endTime: text('end_time').notNull(),
  title: text('title').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  /** Ended for good (active is then false too); a paused weekly time is only inactive. */
  endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
});

/** One row per participant per session. Online rows are kept up to date from call connections. */
export const attendance = sqliteTable(
  'attendance',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    mode: text('mode', { enum: ATTENDANCE_MODES }).notNull(),
    firstJoinAt: integer('first_join_at', { mode: 'timestamp_ms' }),
    lastLeaveAt: integer('last_leave_at', { mode: 'timestamp_ms' }),
    minutesConnected: integer('minutes_connected').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestampNow('updated_at').$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex('attendance_session_participant_idx').on(t.sessionId, t.participantId),
    index('attendance_participant_idx').on(t.participantId),
  ],
);

/**
 * Each stretch of time a participant's device was in the call. Open stretches are touched every
 * minute (lastSeenAt), so a server that stops mid-session closes them at start-up without inventing time.
 */
export const callConnections = sqliteTable(
  'call_connections',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
    /** The node whose call it is (KAYOI_NODE_ID; 'local' on a server alone): its heartbeat, its leftovers. */
    nodeId: text('node_id').notNull().default('local'),
  },
  (t) => [index('call_connections_session_participant_idx').on(t.sessionId, t.participantId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt(),
    organisationId: text('organisation_id').references(() => organisations.id),
    actorUserId: text('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [index('audit_log_org_at_idx').on(t.organisationId, t.at)],
);

/**
 * Wellbeing check-ins: one row per participant per session (a second answer replaces the first). Health
 * information: kept only with the participant's consent and deleted when it is withdrawn.
 */
export const checkins = sqliteTable(
  'checkins',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    /** Every question of the organisation's set: an answer key, or 'skipped'. */
    answers: text('answers', { mode: 'json' }).$type<CheckinAnswers>().notNull(),
    /** 「困りごとがある」: the participant asked the host to talk to them. */
    trouble: integer('trouble', { mode: 'boolean' }).notNull().default(false),
    troubleHandledAt: integer('trouble_handled_at', { mode: 'timestamp_ms' }),
    troubleHandledBy: text('trouble_handled_by').references(() => users.id),
    /** Null: the participant answered on their own screen; else the host who recorded the answers. */
    recordedByUserId: text('recorded_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampNow('updated_at').$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex('checkins_session_participant_idx').on(t.sessionId, t.participantId),
    index('checkins_participant_idx').on(t.participantId),
  ],
);

/** The 15-item 後期高齢者の質問票, at most once every six months per participant. Deleted with consent. */
export const questionnaireResponses = sqliteTable(
  'questionnaire_responses',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null: the participant filled it in themselves; else the host who did it with them. */
    completedByUserId: text('completed_by_user_id').references(() => users.id),
    /** Item number → the chosen option, as in FRAILTY_ITEMS. */
    answers: text('answers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** Item numbers answered with a risk answer, computed by assessFrailty when stored. */
    flaggedItems: text('flagged_items', { mode: 'json' }).$type<number[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('questionnaire_participant_completed_idx').on(t.participantId, t.completedAt)],
);

/** A watch-over reason someone dealt with: it leaves the list and stays here as history. */
export const watchHandled = sqliteTable(
  'watch_handled',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    /** The reason's stable key, e.g. `absence:<last missed session id>`. */
    reasonKey: text('reason_key').notNull(),
    handledAt: timestampNow('handled_at'),
    handledBy: text('handled_by')
      .notNull()
      .references(() => users.id),
    contactedBy: text('contacted_by').notNull(),
    contactedAt: integer('contacted_at', { mode: 'timestamp_ms' }).notNull(),
    outcome: text('outcome').notNull(),
  },
  (t) => [uniqueIndex('watch_handled_participant_reason_idx').on(t.participantId, t.reasonKey)],
);

/** A session's own program (ordered segments with stable ids), saved by its host or an organiser. */
export const sessionPrograms = sqliteTable('session_programs', {
  sessionId: sessionRef().primaryKey(),
  segments: text('segments', { mode: 'json' }).$type<Segment[]>().notNull(),
  updatedAt: timestampNow('updated_at'),
  updatedBy: text('updated_by').references(() => users.id),
});

/** A venue's last saved program: where next week's session starts from. */
export const venueProgramTemplates = sqliteTable('venue_program_templates', {
  venueId: text('venue_id')
    .primaryKey()
    .references(() => venues.id),
  segments: text('segments', { mode: 'json' }).$type<Segment[]>().notNull(),
  updatedAt: timestampNow('updated_at'),
  updatedBy: text('updated_by').references(() => users.id),
});

/** An organisation's exercise video; the file lives in the video folder as `fileName`. Deleting removes both. */
export const exerciseVideos = sqliteTable(
  'exercise_videos',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    mimeType: text('mime_type', { enum: VIDEO_MIME_TYPES }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    fileName: text('file_name').notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('exercise_videos_org_idx').on(t.organisationId, t.createdAt)],
);

/** A venue's own quiz questions (the built-in ones live in shared/). */
export const quizQuestions = sqliteTable(
  'quiz_questions',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    prompt: text('prompt').notNull(),
    choices: text('choices', { mode: 'json' }).$type<string[]>().notNull(),
    /** The right choice, or null when every answer counts. */
    answerIndex: integer('answer_index'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('quiz_questions_venue_idx').on(t.venueId, t.createdAt)],
);

/**
 * One-time links with which a staff member sets their password (first start, a new account, reset access):
 * the link holds a random token, the table only its SHA-256. Valid until `expiresAt`, once (`usedAt`); a newer
 * link of the same account replaces it.
 */
export const accessLinks = sqliteTable(
  'access_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('access_links_user_idx').on(t.userId)],
);

/**
 * A participant's pause (入院, 療養 …): from `startedAt` until the end of the Japan date `until` (inclusive) or
 * until `endedAt` (they came back), whichever comes first; open-ended when both are null. Sessions held during a
 * pause never count as absences.
 */
export const participantPauses = sqliteTable(
  'participant_pauses',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** The last Japan date of the pause (YYYY-MM-DD), if known. */
    until: text('until'),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('participant_pauses_participant_idx').on(t.participantId, t.startedAt)],
);

/**
 * A participant's telephone numbers (issue #14), E.164 (+81…): a call from one of them is theirs (caller ID). Personal
 * data: only organisers and the hosts of the participant's venues see them, every read of a list and every change is
 * audited, and they are never exported. Two people may share a number (a household's 自宅); such calls ask for the
 * keypad number.
 */
export const participantPhoneNumbers = sqliteTable(
  'participant_phone_numbers',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    number: text('number').notNull(),
    label: text('label', { enum: PHONE_NUMBER_LABELS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('participant_phone_numbers_participant_number_idx').on(t.participantId, t.number),
    index('participant_phone_numbers_org_number_idx').on(t.organisationId, t.number),
  ],
);

/**
 * A participant's 電話番号用の番号: six random digits, unique within the organisation, printed on their invite card.
 * Kept in plain text on purpose: it is printed on paper anyway, a hash of one of a million values protects nothing,
 * and the call must find the person by it; the guard is the attempt limit per caller and per line, and least access.
 */
export const phoneKeypadNumbers = sqliteTable(
  'phone_keypad_numbers',
  {
    participantId: participantRef().primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    keypadNumber: text('keypad_number').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('phone_keypad_numbers_org_number_idx').on(t.organisationId, t.keypadNumber)],
);

/**
 * The telephone numbers people dial (DIDs from the SIP provider), E.164. Each belongs to one organisation, so a call
 * never reaches another organisation's session. With a venue: that venue's gatherings; without (one number for the
 * organisation): the keypad number says who calls, and their venue gives today's gathering.
 */
export const phoneLines = sqliteTable(
  'phone_lines',
  {
    number: text('number').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    venueId: text('venue_id').references(() => venues.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('phone_lines_venue_idx').on(t.venueId)],
);

/** A recorded video message (ビデオレター), with the consent its author agreed to; files in the letters folder. */
export const letterMessages = sqliteTable(
  'letter_messages',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    /** The home participant who recorded it; null when the venue's host did. */
    participantId: text('participant_id').references(() => participants.id),
    authorUserId: text('author_user_id').references(() => users.id),
    consentText: text('consent_text').notNull(),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }).notNull(),
    mimeType: text('mime_type', { enum: LETTER_MIME_TYPES }).notNull(),
    fileName: text('file_name').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('letter_messages_venue_idx').on(t.venueId, t.createdAt), index('letter_messages_participant_idx').on(t.participantId)],
);

/** A letter: its parts in order, its render state and the rendered MP4. */
export const letters = sqliteTable(
  'letters',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    title: text('title').notNull(),
    parts: text('parts', { mode: 'json' }).$type<LetterPart[]>().notNull(),
    status: text('status', { enum: LETTER_STATUSES }).notNull(),
    progress: integer('progress_permille').notNull().default(0),
    error: text('error'),
    fileName: text('file_name'),
    durationMs: integer('duration_ms'),
    sizeBytes: integer('size_bytes'),
    views: integer('views').notNull().default(0),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    renderedAt: integer('rendered_at', { mode: 'timestamp_ms' }),
    /** While queued or rendering: the node whose render queue has it (a dead node's renders are failed). */
    renderNodeId: text('render_node_id'),
  },
  (t) => [index('letters_venue_idx').on(t.venueId, t.createdAt)],
);

/** A letter's link: one person of the venue (or the venue's own screen when participantId is null); it expires. */
export const letterLinks = sqliteTable(
  'letter_links',
  {
    token: text('token').primaryKey(),
    letterId: text('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').references(() => participants.id),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('letter_links_letter_idx').on(t.letterId), index('letter_links_participant_idx').on(t.participantId)],
);

/**
 * A caption writer's link (issue #16, 要約筆記): opens the writer's page for one venue's gatherings until it expires or
 * is stopped. The token is kept only as its SHA-256 hash.
 */
export const captionLinks = sqliteTable(
  'caption_links',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('caption_links_token_idx').on(t.tokenHash), index('caption_links_venue_idx').on(t.venueId)],
);

/** 「記録を残す」: the host keeps this session's caption lines (a row here means on). Deleted with its session. */
export const captionTranscripts = sqliteTable('caption_transcripts', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  keptSince: createdAt(),
});

/** A session's caption lines, stored only while its transcript is kept; deleted with the session. */
export const captionLines = sqliteTable(
  'caption_lines',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    source: text('source', { enum: ['typed', 'auto'] }).notNull(),
    corrected: integer('corrected', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('caption_lines_session_idx').on(t.sessionId, t.createdAt)],
);
