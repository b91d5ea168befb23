/**
 * The tables services use (`import { venues } from '../db/schema'`), of the database this process runs on: the SQLite
 * tables of schema.sqlite.ts (which documents every table and column) or, when KAYOI_DATABASE_URL names a PostgreSQL,
 * their twins of schema.pg.ts, typed as the SQLite ones. The choice is made once, when this module loads
 * (DIALECT, ./dialect.ts); the two schemas give services the same row and insert types and the same values
 * (tests/unit/db/schemaParity.test.ts), and the PostgreSQL database object is typed as `Db` too (./client.ts).
 */
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema.sqlite';
import { DIALECT } from './dialect';

/** The tables of one dialect under the SQLite tables' types (the two schemas' parity makes the view honest). */
export const tablesOf = (dialect: 'sqlite' | 'postgres'): typeof sqliteSchema =>
  dialect === 'postgres' ? (pgSchema as unknown as typeof sqliteSchema) : sqliteSchema;

const tables = tablesOf(DIALECT);

export const {
  organisations,
  venues,
  participants,
  venueMembers,
  sessions,
  invites,
  users,
  hostVenues,
  authSessions,
  schedules,
  attendance,
  callConnections,
  auditLog,
  checkins,
  questionnaireResponses,
  watchHandled,
  sessionPrograms,
  venueProgramTemplates,
  exerciseVideos,
  quizQuestions,
  accessLinks,
  participantPauses,
  participantPhoneNumbers,
  phoneKeypadNumbers,
  phoneLines,
  letterMessages,
  letters,
  letterLinks,
  captionLinks,
  captionTranscripts,
  captionLines,
} = tables;
