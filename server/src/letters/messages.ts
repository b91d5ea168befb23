import fs from 'node:fs';
import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { LetterMessage } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { inTransaction } from '../db/transaction';
import { invites, letterMessages, participants, venues } from '../db/schema';
import { probeMedia } from './ffmpeg';
import { deleteMessages } from './retention';
import type { LetterStorage } from './storage';

type MessageRow = typeof letterMessages.$inferSelect;

/** Who records: a home participant by their invite link, or the venue's host signed in. */
export type Recorder = { invite: string } | { user: AuthUser; venueId: string };

/** Messages a home participant may send in a day (a rate limit against a flood through one link). */
const MESSAGES_PER_PARTICIPANT_PER_DAY = 10;

export interface MessageLimits {
  maxBytes: number;
  maxSeconds: number;
}

/**
 * Recorded messages: bounded uploads (bytes while streaming, then the container and the length from the content
 * with ffprobe), with the consent text stored; staff of the venue list, preview and delete them.
 */
export class LetterMessageService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly storage: LetterStorage,
    private readonly limits: MessageLimits = { maxBytes: LETTER_LIMITS.maxMessageBytes, maxSeconds: LETTER_LIMITS.maxMessageSeconds },
  ) {}

  async record(by: Recorder, contentLength: number | undefined, body: NodeJS.ReadableStream, now = new Date()): Promise<LetterMessage> {
    const author = await this.authorOf(by, now);
    if (contentLength !== undefined && contentLength > this.limits.maxBytes)
      throw new AppError('TOO_LARGE', `The recording is larger than ${Math.floor(this.limits.maxBytes / (1024 * 1024))} MB`, 'body');
    const { temp, sizeBytes } = await this.storage.receive(body, this.limits.maxBytes);
    let fileName: string | undefined;
    try {
      const probe = await probeMedia(temp);
      if (probe.durationMs > (this.limits.maxSeconds + LETTER_LIMITS.messageSlackSeconds) * 1000)
        throw new AppError('TOO_LARGE', `The recording is longer than ${this.limits.maxSeconds} seconds`, 'duration');
      fileName = this.storage.keep(temp, probe.mimeType === 'video/mp4' ? '.mp4' : '.webm');
      const row: MessageRow = {
        id: newId('msg'),
        organisationId: author.organisationId,
        venueId: author.venueId,
        participantId: author.participantId,
        authorUserId: author.userId,
        consentText: LETTER_LIMITS.consentText,
        consentAt: now,
        mimeType: probe.mimeType,
        fileName,
        sizeBytes,
        durationMs: probe.durationMs,
        createdAt: now,
      };
      await inTransaction(this.db, async (tx) => {
        await tx.insert(letterMessages).values(row);
        await writeAudit(tx, {
          organisationId: author.organisationId,
          actorUserId: author.userId,
          action: 'letter.message.record',
          entityType: 'letterMessage',
          entityId: row.id,
          after: { venueId: row.venueId, participantId: row.participantId, durationMs: row.durationMs, consentAt: now.toISOString() },
        });
      });
      return toMessage(row, author.name);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      this.storage.remove(fileName ?? null);
      throw error;
    }
  }

  async list(user: AuthUser, venueId: string): Promise<LetterMessage[]> {
    this.permissions.assertVenue(user, venueId);
    const rows = await this.db
      .select({ message: letterMessages, name: participants.displayName })
      .from(letterMessages)
      .leftJoin(participants, eq(participants.id, letterMessages.participantId))
      .where(eq(letterMessages.venueId, venueId))
      .orderBy(desc(letterMessages.createdAt));
    return rows.map(({ message, name }) => toMessage(message, name ?? VENUE_AUTHOR));
  }

  /** The file of a message the user may see (the staff page's preview). */
  async fileOf(user: AuthUser, messageId: string): Promise<{ path: string; mimeType: MessageRow['mimeType'] }> {
    const row = await this.visible(user, messageId);
    return { path: this.storage.pathOf(row.fileName), mimeType: row.mimeType };
  }

  async remove(user: AuthUser, messageId: string): Promise<void> {
    const row = await this.visible(user, messageId);
    const files: (string | null)[] = [];
    await inTransaction(this.db, async (tx) => {
      files.push(...(await deleteMessages(tx, [row])));
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: user.id,
        action: 'letter.message.delete',
        entityType: 'letterMessage',
        entityId: messageId,
      });
    });
    for (const file of files) this.storage.remove(file);
  }

  private async visible(user: AuthUser, messageId: string): Promise<MessageRow> {
    const [row] = await this.db.select().from(letterMessages).where(eq(letterMessages.id, messageId)).limit(1);
    if (!row || !user.venueIds.includes(row.venueId)) throw new AppError('NOT_FOUND', 'No message with this id');
    return row;
  }

  private async authorOf(by: Recorder, now: Date) {
    if ('user' in by) {
      this.permissions.assertVenue(by.user, by.venueId);
      await this.assertVenueRoom(by.venueId);
      return { organisationId: by.user.organisationId, venueId: by.venueId, participantId: null, userId: by.user.id, name: VENUE_AUTHOR };
    }
    const [invite] = await this.db
      .select({ participant: participants, venueId: invites.venueId, revokedAt: invites.revokedAt })
      .from(invites)
      .innerJoin(participants, eq(participants.id, invites.participantId))
      .where(eq(invites.token, by.invite))
      .limit(1);
    if (!invite || invite.revokedAt || invite.participant.leftAt || invite.participant.erasedAt)
      throw new AppError('INVALID_TOKEN', 'This invite link is unknown or no longer valid', 'invite');
    await this.assertVenueRoom(invite.venueId);
    const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
    const [{ n: today } = { n: 0 }] = await this.db
      .select({ n: count() })
      .from(letterMessages)
      .where(and(eq(letterMessages.participantId, invite.participant.id), gte(letterMessages.createdAt, dayAgo)));
    if (today >= MESSAGES_PER_PARTICIPANT_PER_DAY)
      throw new AppError('RATE_LIMITED', `At most ${MESSAGES_PER_PARTICIPANT_PER_DAY} messages a day; try again tomorrow`);
    return {
      organisationId: invite.participant.organisationId,
      venueId: invite.venueId,
      participantId: invite.participant.id,
      userId: null,
      name: invite.participant.displayName,
    };
  }

  private async assertVenueRoom(venueId: string): Promise<void> {
    const [venue] = await this.db.select({ archivedAt: venues.archivedAt }).from(venues).where(eq(venues.id, venueId)).limit(1);
    if (!venue || venue.archivedAt) throw new AppError('NOT_FOUND', 'No venue with this id');
    const [{ n: held } = { n: 0 }] = await this.db.select({ n: count() }).from(letterMessages).where(eq(letterMessages.venueId, venueId));
    if (held >= LETTER_LIMITS.maxMessagesPerVenue)
      throw new AppError('RATE_LIMITED', `The venue holds ${LETTER_LIMITS.maxMessagesPerVenue} messages already; delete some first`);
  }
}

/** How a message the host recorded for the venue is named. */
export const VENUE_AUTHOR = '会場から';

function toMessage(row: MessageRow, authorName: string): LetterMessage {
  return {
    id: row.id,
    venueId: row.venueId,
    participantId: row.participantId,
    authorName,
    durationMs: row.durationMs,
    sizeBytes: row.sizeBytes,
    mimeType: row.mimeType,
    consentText: row.consentText,
    consentAt: row.consentAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
