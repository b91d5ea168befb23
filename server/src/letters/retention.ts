import { inTransaction } from '../db/transaction';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { LetterPart, LetterRetention } from '@shared/letters/schemas';
import { writeAudit } from '../audit/service';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { letterLinks, letterMessages, letters, organisations } from '../db/schema';
import type { LetterStorage } from './storage';

type Tx = Db;

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

  get(user: AuthUser, organisationId: string): LetterRetention {
    assertOwn(user, organisationId);
    const row = this.db
      .select({ days: organisations.letterRetentionDays })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .get()!;
    return { days: row.days };
  }

  async save(user: AuthUser, organisationId: string, input: LetterRetention): Promise<LetterRetention> {
    assertOwn(user, organisationId);
    const before = this.get(user, organisationId);
    await inTransaction(this.db, async (tx) => {
      tx.update(organisations).set({ letterRetentionDays: input.days }).where(eq(organisations.id, organisationId)).run();
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
  prune(now = new Date()): { messages: number; letters: number } {
    const dayMs = 24 * 60 * 60 * 1000;
    const files: (string | null)[] = [];
    let messageCount = 0;
    let letterCount = 0;
    for (const org of this.db.select({ id: organisations.id, days: organisations.letterRetentionDays }).from(organisations).all()) {
      const before = new Date(now.getTime() - org.days * dayMs);
      this.db.transaction((tx) => {
        const oldLetters = tx
          .select({ id: letters.id, fileName: letters.fileName })
          .from(letters)
          .where(and(eq(letters.organisationId, org.id), lt(letters.createdAt, before)))
          .all();
        if (oldLetters.length > 0) {
          tx.delete(letters)
            .where(
              inArray(
                letters.id,
                oldLetters.map((l) => l.id),
              ),
            )
            .run();
          files.push(...oldLetters.map((l) => l.fileName));
        }
        const oldMessages = tx
          .select({ id: letterMessages.id, fileName: letterMessages.fileName })
          .from(letterMessages)
          .where(and(eq(letterMessages.organisationId, org.id), lt(letterMessages.createdAt, before)))
          .all();
        files.push(...deleteMessages(tx, oldMessages));
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
  eraseParticipant(tx: Tx, participantId: string): { count: number; removeFiles: () => void } {
    tx.delete(letterLinks).where(eq(letterLinks.participantId, participantId)).run();
    const messages = tx
      .select({ id: letterMessages.id, fileName: letterMessages.fileName })
      .from(letterMessages)
      .where(eq(letterMessages.participantId, participantId))
      .all();
    const files = deleteMessages(tx, messages);
    return {
      count: messages.length,
      removeFiles: () => {
        for (const file of files) this.storage.remove(file);
      },
    };
  }
}

/** Deletes messages; letters that held them lose those parts and their rendered file. Answers the files to remove. */
export function deleteMessages(tx: Tx, messages: { id: string; fileName: string }[]): (string | null)[] {
  if (messages.length === 0) return [];
  const gone = new Set(messages.map((m) => m.id));
  const files: (string | null)[] = messages.map((m) => m.fileName);
  const holding = tx
    .select()
    .from(letters)
    .where(sql`exists (select 1 from json_each(${letters.parts}) where json_extract(value, '$.messageId') in ${[...gone]})`)
    .all();
  for (const letter of holding) {
    const parts = letter.parts.filter((p: LetterPart) => p.kind !== 'message' || !gone.has(p.messageId));
    tx.update(letters)
      .set({ parts, status: letter.status === 'rendering' || letter.status === 'queued' ? 'failed' : 'draft', fileName: null, progress: 0 })
      .where(eq(letters.id, letter.id))
      .run();
    files.push(letter.fileName);
  }
  tx.delete(letterMessages)
    .where(
      inArray(
        letterMessages.id,
        messages.map((m) => m.id),
      ),
    )
    .run();
  return files;
}

function assertOwn(user: AuthUser, organisationId: string): void {
  if (user.organisationId !== organisationId) throw new AppError('NOT_FOUND', 'No organisation with this id');
}
