/**
 * The PostgreSQL schema (issue #17): the same tables, columns, keys, indexes, foreign keys, defaults and enums as the
 * SQLite schema in schema.sqlite.ts, which stays the one that documents what each table and column means. db/schema.ts
 * hands these tables to services when the process runs on PostgreSQL (KAYOI_DATABASE_URL);
 * tests/unit/db/schemaParity.test.ts keeps the two in step and migrations/postgres/ is generated from this file.
 *
 * Mapping rules (each chosen so that drizzle hands services the same JavaScript values on both):
 * - text → text; an enum stays a `text` column with the same `enum` list (checked by TypeScript, not the database,
 *   exactly as in SQLite, so adding a value in shared/ needs no migration on either side).
 * - integer → integer (int4): every integer column is bounded by shared/src/limits.ts far below 2^31 (the largest,
 *   a letter's size in bytes, is at most 1 GiB). The audit log's autoincrement key → an identity column.
 * - integer { mode: 'timestamp_ms' } (milliseconds since the epoch, a `Date` in services) → timestamp(3) with time
 *   zone, mode 'date': the same `Date`, to the millisecond. The default "now in ms" → now().
 * - integer { mode: 'boolean' } (0/1) → boolean.
 * - text { mode: 'json' } → jsonb (drizzle parses both into the same value); the default '[]' → '[]'::jsonb.
 * - Table, column, index and primary-key layout, foreign keys and their ON DELETE are the same, with the same names.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
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

const timestampMs = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
const timestampNow = (name: string) => timestampMs(name).notNull().defaultNow();
const createdAt = () => timestampNow('created_at');

const participantRef = () =>
  text('participant_id')
    .notNull()
    .references((): AnyPgColumn => participants.id);
const sessionRef = () =>
  text('session_id')
    .notNull()
    .references((): AnyPgColumn => sessions.id);

export const organisations = pgTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  checkinQuestions: jsonb('checkin_questions').$type<CheckinQuestion[]>(),
  createdAt: createdAt(),
  letterRetentionDays: integer('letter_retention_days').notNull().default(LETTER_LIMITS.defaultRetentionDays),
});

export const venues = pgTable('venues', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  name: text('name').notNull(),
  checkinTiming: text('checkin_timing', { enum: CHECKIN_TIMINGS }).notNull().default('after-join'),
  createdAt: createdAt(),
  archivedAt: timestampMs('archived_at'),
  meetsOnHolidays: boolean('meets_on_holidays').notNull().default(false),
  surveyOperator: text('survey_operator', { enum: VENUE_OPERATORS }),
  surveyPlace: text('survey_place', { enum: VENUE_PLACES }),
  surveyActivities: jsonb('survey_activities')
    .$type<VenueActivity[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  surveyMainActivity: text('survey_main_activity', { enum: VENUE_ACTIVITIES }),
});

export const participants = pgTable('participants', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  displayName: text('display_name').notNull(),
  kana: text('kana').notNull(),
  contact: text('contact'),
  notes: text('notes'),
  wellbeingConsentAt: timestampMs('wellbeing_consent_at'),
  createdAt: createdAt(),
  leftAt: timestampMs('left_at'),
  erasedAt: timestampMs('erased_at'),
  sex: text('sex', { enum: PARTICIPANT_SEXES }),
  birthYear: integer('birth_year'),
});

export const venueMembers = pgTable(
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

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    title: text('title').notNull(),
    startsAt: timestampMs('starts_at').notNull(),
    endsAt: timestampMs('ends_at').notNull(),
    scheduleId: text('schedule_id').references(() => schedules.id),
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('planned'),
    endedAt: timestampMs('ended_at'),
    createdAt: createdAt(),
    cancelledAt: timestampMs('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('sessions_venue_starts_idx').on(t.venueId, t.startsAt),
    uniqueIndex('sessions_schedule_starts_idx').on(t.scheduleId, t.startsAt),
  ],
);

export const invites = pgTable(
  'invites',
  {
    token: text('token').primaryKey(),
    participantId: participantRef(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    createdAt: createdAt(),
    revokedAt: timestampMs('revoked_at'),
  },
  (t) => [index('invites_participant_idx').on(t.participantId)],
);

export const users = pgTable(
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
    failedLogins: integer('failed_logins').notNull().default(0),
    failedLoginsSince: timestampMs('failed_logins_since'),
    lockedUntil: timestampMs('locked_until'),
    disabledAt: timestampMs('disabled_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

export const hostVenues = pgTable(
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

export const authSessions = pgTable(
  'auth_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestampMs('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const schedules = pgTable('schedules', {
  id: text('id').primaryKey(),
  venueId: text('venue_id')
    .notNull()
    .references(() => venues.id),
  weekday: integer('weekday').notNull(),
  startTime: text('start_time').notNull(),
  endTime: text('end_time').notNull(),
  title: text('title').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  endedAt: timestampMs('ended_at'),
});

export const attendance = pgTable(
  'attendance',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    mode: text('mode', { enum: ATTENDANCE_MODES }).notNull(),
    firstJoinAt: timestampMs('first_join_at'),
    lastLeaveAt: timestampMs('last_leave_at'),
    minutesConnected: integer('minutes_connected').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestampNow('updated_at').$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex('attendance_session_participant_idx').on(t.sessionId, t.participantId),
    index('attendance_participant_idx').on(t.participantId),
  ],
);

export const callConnections = pgTable(
  'call_connections',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    joinedAt: timestampMs('joined_at').notNull(),
    lastSeenAt: timestampMs('last_seen_at').notNull(),
    leftAt: timestampMs('left_at'),
    /** The node whose call it is (KAYOI_NODE_ID; 'local' on a server alone): its heartbeat, its leftovers. */
    nodeId: text('node_id').notNull().default('local'),
  },
  (t) => [index('call_connections_session_participant_idx').on(t.sessionId, t.participantId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: createdAt(),
    organisationId: text('organisation_id').references(() => organisations.id),
    actorUserId: text('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_org_at_idx').on(t.organisationId, t.at)],
);

export const checkins = pgTable(
  'checkins',
  {
    id: text('id').primaryKey(),
    sessionId: sessionRef(),
    participantId: participantRef(),
    answers: jsonb('answers').$type<CheckinAnswers>().notNull(),
    trouble: boolean('trouble').notNull().default(false),
    troubleHandledAt: timestampMs('trouble_handled_at'),
    troubleHandledBy: text('trouble_handled_by').references(() => users.id),
    recordedByUserId: text('recorded_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampNow('updated_at').$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex('checkins_session_participant_idx').on(t.sessionId, t.participantId),
    index('checkins_participant_idx').on(t.participantId),
  ],
);

export const questionnaireResponses = pgTable(
  'questionnaire_responses',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    completedAt: timestampMs('completed_at').notNull(),
    completedByUserId: text('completed_by_user_id').references(() => users.id),
    answers: jsonb('answers').$type<Record<string, string>>().notNull(),
    flaggedItems: jsonb('flagged_items').$type<number[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('questionnaire_participant_completed_idx').on(t.participantId, t.completedAt)],
);

export const watchHandled = pgTable(
  'watch_handled',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    reasonKey: text('reason_key').notNull(),
    handledAt: timestampNow('handled_at'),
    handledBy: text('handled_by')
      .notNull()
      .references(() => users.id),
    contactedBy: text('contacted_by').notNull(),
    contactedAt: timestampMs('contacted_at').notNull(),
    outcome: text('outcome').notNull(),
  },
  (t) => [uniqueIndex('watch_handled_participant_reason_idx').on(t.participantId, t.reasonKey)],
);

export const sessionPrograms = pgTable('session_programs', {
  sessionId: sessionRef().primaryKey(),
  segments: jsonb('segments').$type<Segment[]>().notNull(),
  updatedAt: timestampNow('updated_at'),
  updatedBy: text('updated_by').references(() => users.id),
});

export const venueProgramTemplates = pgTable('venue_program_templates', {
  venueId: text('venue_id')
    .primaryKey()
    .references(() => venues.id),
  segments: jsonb('segments').$type<Segment[]>().notNull(),
  updatedAt: timestampNow('updated_at'),
  updatedBy: text('updated_by').references(() => users.id),
});

export const exerciseVideos = pgTable(
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

export const quizQuestions = pgTable(
  'quiz_questions',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    prompt: text('prompt').notNull(),
    choices: jsonb('choices').$type<string[]>().notNull(),
    answerIndex: integer('answer_index'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('quiz_questions_venue_idx').on(t.venueId, t.createdAt)],
);

export const accessLinks = pgTable(
  'access_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestampMs('expires_at').notNull(),
    usedAt: timestampMs('used_at'),
  },
  (t) => [index('access_links_user_idx').on(t.userId)],
);

export const participantPauses = pgTable(
  'participant_pauses',
  {
    id: text('id').primaryKey(),
    participantId: participantRef(),
    startedAt: timestampMs('started_at').notNull(),
    until: text('until'),
    endedAt: timestampMs('ended_at'),
  },
  (t) => [index('participant_pauses_participant_idx').on(t.participantId, t.startedAt)],
);

export const participantPhoneNumbers = pgTable(
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

export const phoneKeypadNumbers = pgTable(
  'phone_keypad_numbers',
  {
    participantId: participantRef().primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    keypadNumber: text('keypad_number').notNull(),
    issuedAt: timestampMs('issued_at').notNull(),
  },
  (t) => [uniqueIndex('phone_keypad_numbers_org_number_idx').on(t.organisationId, t.keypadNumber)],
);

export const phoneLines = pgTable(
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

export const letterMessages = pgTable(
  'letter_messages',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    participantId: text('participant_id').references(() => participants.id),
    authorUserId: text('author_user_id').references(() => users.id),
    consentText: text('consent_text').notNull(),
    consentAt: timestampMs('consent_at').notNull(),
    mimeType: text('mime_type', { enum: LETTER_MIME_TYPES }).notNull(),
    fileName: text('file_name').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('letter_messages_venue_idx').on(t.venueId, t.createdAt), index('letter_messages_participant_idx').on(t.participantId)],
);

export const letters = pgTable(
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
    parts: jsonb('parts').$type<LetterPart[]>().notNull(),
    status: text('status', { enum: LETTER_STATUSES }).notNull(),
    progress: integer('progress_permille').notNull().default(0),
    error: text('error'),
    fileName: text('file_name'),
    durationMs: integer('duration_ms'),
    sizeBytes: integer('size_bytes'),
    views: integer('views').notNull().default(0),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    renderedAt: timestampMs('rendered_at'),
    /** While queued or rendering: the node whose render queue has it (a dead node's renders are failed). */
    renderNodeId: text('render_node_id'),
  },
  (t) => [index('letters_venue_idx').on(t.venueId, t.createdAt)],
);

export const letterLinks = pgTable(
  'letter_links',
  {
    token: text('token').primaryKey(),
    letterId: text('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').references(() => participants.id),
    expiresAt: timestampMs('expires_at').notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('letter_links_letter_idx').on(t.letterId), index('letter_links_participant_idx').on(t.participantId)],
);

export const captionLinks = pgTable(
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
    expiresAt: timestampMs('expires_at').notNull(),
    revokedAt: timestampMs('revoked_at'),
  },
  (t) => [uniqueIndex('caption_links_token_idx').on(t.tokenHash), index('caption_links_venue_idx').on(t.venueId)],
);

export const captionTranscripts = pgTable('caption_transcripts', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  keptSince: createdAt(),
});

export const captionLines = pgTable(
  'caption_lines',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    source: text('source', { enum: ['typed', 'auto'] }).notNull(),
    corrected: boolean('corrected').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('caption_lines_session_idx').on(t.sessionId, t.createdAt)],
);
