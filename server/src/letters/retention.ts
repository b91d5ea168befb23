import { and, eq, inArray, lt } from 'drizzle-orm';
import type { LetterPart, LetterRetention } from '@shared/letters/schemas';
import { writeAudit } from '../audit/service';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { letterLinks, letterMessages, letters, organisations } from '../db/schema';
import { inTransaction } from '../db/transaction';
import type { LetterStorage } from './storage';

/** How often the pruning runs (server.ts). */
export const LETTER_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** What a person's erasure asks of the letters (ParticipantLifecycle). */
export type LetterErasure = Pick<LetterRetentionService, 'eraseParticipant'>;

/**
 * How long messages and letters are kept (the organiser's choice), the hourly pruning of older ones, and a person's
 * erasure: their messages, and their letter links. A letter that held a deleted message loses that part and its
 * rendered file (it is made again without them).
 */
export class LetterRetentionService {
  constructor(
    private readonly db: Db,
    private readonly storage: LetterStorage,
  ) {}

  async get(user: AuthUser, organisationId: string): Promise<LetterRetention> {
    assertOwn(user, organisationId);
    const [row] = await this.db
      .select({ days: organisations.letterRetentionDays })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .limit(1);
    return { days: row!.days };
  }

  async save(user: AuthUser, organisationId: string, input: LetterRetention): Promise<LetterRetention> {
    assertOwn(user, organisationId);
    const before = await this.get(user, organisationId);
    await inTransaction(this.db, async (tx) => {
      await tx.update(organisations).set({ letterRetentionDays: input.days }).where(eq(organisations.id, organisationId));
      await writeAudit(tx, {
        organisationId,
        actorUserId: user.id,
        action: 'letter.retention',
        entityType: 'organisation',
        entityId: organisationId,
        before,
        after: input,
      });
    });
    return { days: input.days };
  }

  /** Deletes messages and letters older than their organisation's retention period; answers how many. */
  async prune(now = new Date()): Promise<{ messages: number; letters: number }> {
    const dayMs = 24 * 60 * 60 * 1000;
    const files: (string | null)[] = [];
    let messageCount = 0;
    let letterCount = 0;
    const orgs = await this.db.select({ id: organisations.id, days: organisations.letterRetentionDays }).from(organisations);
    for (const org of orgs) {
      const before = new Date(now.getTime() - org.days * dayMs);
      await inTransaction(this.db, async (tx) => {
        const oldLetters = await tx
          .select({ id: letters.id, fileName: letters.fileName })
          .from(letters)
          .where(and(eq(letters.organisationId, org.id), lt(letters.createdAt, before)));
        if (oldLetters.length > 0) {
          await tx.delete(letters).where(
            inArray(
              letters.id,
              oldLetters.map((l) => l.id),
            ),
          );
          files.push(...oldLetters.map((l) => l.fileName));
        }
        const oldMessages = await tx
          .select({ id: letterMessages.id, fileName: letterMessages.fileName })
          .from(letterMessages)
          .where(and(eq(letterMessages.organisationId, org.id), lt(letterMessages.createdAt, before)));
        files.push(...(await deleteMessages(tx, oldMessages)));
        messageCount += oldMessages.length;
        letterCount += oldLetters.length;
      });
    }
    for (const file of files) this.storage.remove(file);
    return { messages: messageCount, letters: letterCount };
  }

  /**
   * A person's erasure, inside its transaction: their messages and their letter links are deleted. Answers what
   * to do after the commit (remove the files).
   */
  async eraseParticipant(tx: Db, participantId: string): Promise<{ count: number; removeFiles: () => void }> {
    await tx.delete(letterLinks).where(eq(letterLinks.participantId, participantId));
    const messages = await tx
      .select({ id: letterMessages.id, fileName: letterMessages.fileName })
      .from(letterMessages)
      .where(eq(letterMessages.participantId, participantId));
    const files = await deleteMessages(tx, messages);
    return {
      count: messages.length,
      removeFiles: () => {
        for (const file of files) this.storage.remove(file);
      },
    };
  }
}

/** Deletes messages; letters that held them lose those parts and their rendered file. Answers the files to remove. */
export async function deleteMessages(tx: Db, messages: { id: string; fileName: string }[]): Promise<(string | null)[]> {
  if (messages.length === 0) return [];
  const gone = new Set(messages.map((m) => m.id));
  const files: (string | null)[] = messages.map((m) => m.fileName);
  for (const letter of await lettersHolding(tx, gone)) {
    const parts = letter.parts.filter((p: LetterPart) => p.kind !== 'message' || !gone.has(p.messageId));
    await tx
      .update(letters)
      .set({ parts, status: letter.status === 'rendering' || letter.status === 'queued' ? 'failed' : 'draft', fileName: null, progress: 0 })
      .where(eq(letters.id, letter.id));
    files.push(letter.fileName);
  }
  await tx.delete(letterMessages).where(inArray(letterMessages.id, [...gone]));
  return files;
}

/**
 * The letters with one of these messages among their parts. A letter only holds messages of its own venue, so the
 * letters of those venues are read and their parts looked at here (the same on SQLite and PostgreSQL, no JSON SQL).
 */
async function lettersHolding(tx: Db, messageIds: Set<string>) {
  const venueIds = await tx
    .selectDistinct({ venueId: letterMessages.venueId })
    .from(letterMessages)
    .where(inArray(letterMessages.id, [...messageIds]));
  if (venueIds.length === 0) return [];
  const candidates = await tx
    .select({ id: letters.id, parts: letters.parts, status: letters.status, fileName: letters.fileName })
    .from(letters)
    .where(
      inArray(
        letters.venueId,
        venueIds.map((v) => v.venueId),
      ),
    );
  return candidates.filter((letter) => letter.parts.some((p: LetterPart) => p.kind === 'message' && messageIds.has(p.messageId)));
}

function assertOwn(user: AuthUser, organisationId: string): void {
  if (user.organisationId !== organisationId) throw new AppError('NOT_FOUND', 'No organisation with this id');
}
