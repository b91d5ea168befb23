import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const venues = sqliteTable('venues', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .references(() => organisations.id),
  displayName: text('display_name').notNull(),
  kana: text('kana').notNull(),
  createdAt: createdAt(),
});

export const venueMembers = sqliteTable(
  'venue_members',
  {
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    participantId: text('participant_id')
      .notNull()
      .references(() => participants.id),
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
    status: text('status', { enum: ['planned', 'live', 'ended'] })
      .notNull()
      .default('planned'),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_venue_starts_idx').on(t.venueId, t.startsAt)],
);

/** A participant's personal link. Revoked tokens stay so that an old card explains itself. */
export const invites = sqliteTable(
  'invites',
  {
    token: text('token').primaryKey(),
    participantId: text('participant_id')
      .notNull()
      .references(() => participants.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    createdAt: createdAt(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invites_participant_idx').on(t.participantId)],
);
