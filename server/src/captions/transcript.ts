import { asc, eq } from 'drizzle-orm';
import type { CaptionLine, CaptionTranscript } from '@shared/captions/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { captionLines, captionTranscripts, sessions } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { CSV_BOM, csvLine } from '../reports/csv';
import { japanDate } from '@shared/japanTime';

const TIME_OF_DAY = new Intl.DateTimeFormat('ja-JP', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Tokyo',
});
const SOURCE_WORDS = { typed: '入力', auto: '自動字幕', corrected: '自動字幕を直した' } as const;

/**
 * A session's stored caption lines: only while the host keeps a transcript (「記録を残す」). The rows belong to the
 * session (deleted with it, by the foreign keys' cascade); staff read them (the export) and can delete them.
 */
export class CaptionTranscripts {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  async isKept(sessionId: string): Promise<boolean> {
    const [row] = await this.db.select().from(captionTranscripts).where(eq(captionTranscripts.sessionId, sessionId)).limit(1);
    return row !== undefined;
  }

  async setKept(sessionId: string, keep: boolean): Promise<void> {
    if (keep) await this.db.insert(captionTranscripts).values({ sessionId }).onConflictDoNothing();
    else await this.db.delete(captionTranscripts).where(eq(captionTranscripts.sessionId, sessionId));
  }

  /** Stores a new line, or a correction of a stored one (a line not stored, from before keeping began, is added). */
  async store(sessionId: string, line: CaptionLine): Promise<void> {
    const values = { text: line.text, source: line.source, corrected: line.corrected };
    await this.db
      .insert(captionLines)
      .values({ id: line.id, sessionId, createdAt: new Date(line.at), ...values })
      .onConflictDoUpdate({ target: captionLines.id, set: values });
  }

  /** The export: every stored line, oldest first. */
  async read(user: AuthUser, sessionId: string): Promise<CaptionTranscript> {
    await this.permissions.assertSession(user, sessionId);
    const rows = await this.db
      .select()
      .from(captionLines)
      .where(eq(captionLines.sessionId, sessionId))
      .orderBy(asc(captionLines.createdAt));
    return {
      sessionId,
      keepTranscript: await this.isKept(sessionId),
      lines: rows.map((r) => ({ id: r.id, text: r.text, source: r.source, corrected: r.corrected, at: r.createdAt.toISOString() })),
    };
  }

  /** The export as Excel opens it: one row a line (Japan time, the words, how it was written); audited. */
  async csv(user: AuthUser, sessionId: string): Promise<{ filename: string; text: string }> {
    const transcript = await this.read(user, sessionId);
    const [session] = await this.db.select({ startsAt: sessions.startsAt }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    const date = session ? japanDate(session.startsAt) : 'session';
    await writeAudit(this.db, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'captionTranscript.export',
      entityType: 'session',
      entityId: sessionId,
      after: { lines: transcript.lines.length },
    });
    let text = CSV_BOM + csvLine(['時刻', '字幕', '種類']);
    for (const line of transcript.lines) {
      const source = line.corrected ? SOURCE_WORDS.corrected : SOURCE_WORDS[line.source];
      text += csvLine([TIME_OF_DAY.format(new Date(line.at)), line.text, source]);
    }
    return { filename: `字幕_${date}.csv`, text };
  }

  /** Deletes the stored lines and stops keeping new ones. */
  async delete(user: AuthUser, sessionId: string): Promise<CaptionTranscript> {
    await this.permissions.assertSession(user, sessionId);
    await inTransaction(this.db, async (tx) => {
      const deleted = (await tx.delete(captionLines).where(eq(captionLines.sessionId, sessionId)).returning({ id: captionLines.id }))
        .length;
      await tx.delete(captionTranscripts).where(eq(captionTranscripts.sessionId, sessionId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'captionTranscript.delete',
        entityType: 'session',
        entityId: sessionId,
        after: { lines: deleted },
      });
    });
    return { sessionId, keepTranscript: false, lines: [] };
  }
}
