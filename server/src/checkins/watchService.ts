import { inTransaction } from '../db/transaction';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { epochMsOf, inList, rows as rawRows } from '../db/dialect';
import type { z } from 'zod';
import type { CheckinAnswers, HandleWatchReason, WatchEntry, WatchHandledEntry, WatchReason } from '@shared/checkins/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import {
  attendance,
  checkins,
  participants,
  questionnaireResponses,
  sessions,
  users,
  venueMembers,
  venues,
  watchHandled,
} from '../db/schema';
import { AppError } from '../core/errors';
import { heldBefore } from './held';
import { duringPause, pausesOf } from './pauses';
import type { CheckinService } from './service';
import { absenceReason, byUrgency, frailtyReason, kindOfKey, repeatedConcernReasons, troubleReason, type HeldSession } from './watchRules';

interface CheckinFactRow {
  id: string;
  participantId: string;
  sessionId: string;
  answers: string;
  trouble: number;
  troubleHandledAt: number | null;
  updatedAt: number;
  startsAt: number;
  /** 1 for the participant's latest check-in (by session date), 2 for the one before, … */
  n: number;
}

/**
 * The watch-over list (見守り): per venue, the members who need attention and why, computed from stored rows
 * by the rules in watchRules.ts each time it is asked for; every view is audited. Reasons about a session's
 * venue (absences) are listed under that venue; reasons about the person (check-ins, questionnaire) under each
 * of their venues in view. A handled reason key leaves the list and stays in the person's history.
 */
export class WatchService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly checkins: CheckinService,
  ) {}

  async list(user: AuthUser, query: { venueId?: string; absences: number }, now = new Date()): Promise<WatchEntry[]> {
    const venueIds = this.permissions.scopeVenues(user, query.venueId ? [query.venueId] : undefined);
    const entries = await this.entries(user.organisationId, venueIds, query.absences, undefined, now);
    await writeAudit(this.db, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'watch.view',
      entityType: 'watch',
      entityId: query.venueId ?? 'all',
      after: { venueIds, absences: query.absences, participantIds: [...new Set(entries.map((e) => e.participantId))] },
    });
    return entries;
  }

  /** Marks one reason handled, with who contacted the person, when and how it went. */
  async handle(user: AuthUser, participantId: string, input: z.output<typeof HandleWatchReason>, now = new Date()): Promise<void> {
    await this.permissions.assertParticipant(user, participantId);
    // Checked against every reason the person could be listed for (any streak length).
    const current = (await this.entries(user.organisationId, user.venueIds, 1, participantId, now)).flatMap((e) => e.reasons);
    const reason = current.find((r) => r.key === input.reasonKey);
    await inTransaction(this.db, async (tx) => {
      const done = (
        await tx
          .select({ id: watchHandled.id })
          .from(watchHandled)
          .where(and(eq(watchHandled.participantId, participantId), eq(watchHandled.reasonKey, input.reasonKey)))
          .limit(1)
      )[0];
      if (done) throw new AppError('CONFLICT', 'This has already been marked handled');
      if (!reason) throw new AppError('INVALID_PAYLOAD', 'This person has no watch-over reason with this key', 'reasonKey');
      const id = newId('wat');
      const inserted = await tx
        .insert(watchHandled)
        .values({
          id,
          participantId,
          reasonKey: reason.key,
          handledAt: now,
          handledBy: user.id,
          contactedBy: input.contactedBy,
          contactedAt: new Date(input.contactedAt),
          outcome: input.outcome,
        })
        .onConflictDoNothing()
        .returning({ id: watchHandled.id });
      // On PostgreSQL two staff marking it at once both pass the check above: the one whose insert finds the other's row is told so.
      if (inserted.length === 0) throw new AppError('CONFLICT', 'This has already been marked handled');
      if (reason.kind === 'trouble') {
        const checkinId = reason.key.slice('trouble:'.length);
        await tx
          .update(checkins)
          .set({ troubleHandledAt: now, troubleHandledBy: user.id })
          .where(and(eq(checkins.id, checkinId), isNull(checkins.troubleHandledAt)));
      }
      // The outcome note stays out of the audit log: it may describe the person's health.
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'watch.handle',
        entityType: 'participant',
        entityId: participantId,
        after: { reasonKey: reason.key, handledId: id },
      });
    });
  }

  async history(user: AuthUser, participantId: string): Promise<WatchHandledEntry[]> {
    await this.permissions.assertParticipant(user, participantId);
    const rows = await this.db
      .select({ row: watchHandled, handlerName: users.displayName })
      .from(watchHandled)
      .innerJoin(users, eq(users.id, watchHandled.handledBy))
      .where(eq(watchHandled.participantId, participantId))
      .orderBy(desc(watchHandled.handledAt), desc(watchHandled.id));
    return rows.map(({ row, handlerName }) => ({
      id: row.id,
      participantId: row.participantId,
      reasonKey: row.reasonKey,
      kind: kindOfKey(row.reasonKey)!,
      handledAt: row.handledAt.toISOString(),
      handledBy: { userId: row.handledBy, displayName: handlerName },
      contactedBy: row.contactedBy,
      contactedAt: row.contactedAt.toISOString(),
      outcome: row.outcome,
    }));
  }

  /** The entries of the venues' members (or of one participant), venues by name, people by kana. */
  private async entries(
    organisationId: string,
    venueIds: string[],
    absences: number,
    onlyParticipant: string | undefined,
    now: Date,
  ): Promise<WatchEntry[]> {
    if (venueIds.length === 0) return [];
    const members = await this.db
      .select({
        participantId: participants.id,
        displayName: participants.displayName,
        kana: participants.kana,
        venueId: venues.id,
        venueName: venues.name,
      })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .innerJoin(venues, eq(venues.id, venueMembers.venueId))
      .where(
        and(
          inList(venueMembers.venueId, venueIds),
          isNull(participants.leftAt),
          onlyParticipant ? eq(venueMembers.participantId, onlyParticipant) : undefined,
        ),
      )
      .orderBy(asc(venues.name), asc(venues.id), asc(participants.kana), asc(participants.id));
    const participantIds = [...new Set(members.map((m) => m.participantId))];
    if (participantIds.length === 0) return [];
    const held = await this.heldSessions(venueIds, now);
    const attended = await this.attendanceOf(venueIds, onlyParticipant);
    const personal = await this.personalReasons(organisationId, participantIds);
    const handled = await this.handledKeys(participantIds);
    const pauses = await pausesOf(this.db, participantIds);
    const entries: WatchEntry[] = [];
    for (const member of members) {
      // Paused (入院 …): off the absence rule; afterwards, sessions held during the pause count neither way.
      const own = pauses.get(member.participantId) ?? [];
      const absence = duringPause(own, now)
        ? null
        : absenceReason(
            (held.get(member.venueId) ?? []).filter((s) => !duringPause(own, s.startsAt)),
            (sessionId) => attended.has(`${sessionId} ${member.participantId}`),
            absences,
          );
      const reasons = [...(absence ? [absence] : []), ...(personal.get(member.participantId) ?? [])]
        .filter((r) => !handled.has(`${member.participantId} ${r.key}`))
        .sort(byUrgency);
      if (reasons.length > 0) entries.push({ ...member, reasons });
    }
    return entries;
  }

  /** Each venue's held sessions, newest first. */
  private async heldSessions(venueIds: string[], now: Date): Promise<Map<string, HeldSession[]>> {
    const rows = await this.db
      .select({ id: sessions.id, venueId: sessions.venueId, startsAt: sessions.startsAt })
      .from(sessions)
      .where(and(inList(sessions.venueId, venueIds), heldBefore(now)))
      .orderBy(desc(sessions.startsAt), desc(sessions.id));
    return groupBy(rows, (r) => r.venueId);
  }

  /**
   * `<session id> <participant id>` of the attendance at these venues (of one person, or of everybody: walking
   * the venues' sessions through the covering index is faster than filtering by a long list of people).
   */
  private async attendanceOf(venueIds: string[], onlyParticipant: string | undefined): Promise<Set<string>> {
    const rows = await this.db
      .select({ sessionId: attendance.sessionId, participantId: attendance.participantId })
      .from(sessions)
      .innerJoin(attendance, eq(attendance.sessionId, sessions.id))
      .where(and(inList(sessions.venueId, venueIds), onlyParticipant ? eq(attendance.participantId, onlyParticipant) : undefined));
    return new Set(rows.map((r) => `${r.sessionId} ${r.participantId}`));
  }

  /** Reasons about the person: repeated concerns, unhandled 困りごと, questionnaire flags. */
  private async personalReasons(organisationId: string, participantIds: string[]): Promise<Map<string, WatchReason[]>> {
    const questions = await this.checkins.questionsOf(organisationId);
    const facts = groupBy(await this.checkinFacts(participantIds), (r) => r.participantId);
    const questionnaires = await this.db
      .select({
        id: questionnaireResponses.id,
        participantId: questionnaireResponses.participantId,
        completedAt: questionnaireResponses.completedAt,
        flaggedItems: questionnaireResponses.flaggedItems,
      })
      .from(questionnaireResponses)
      .where(inList(questionnaireResponses.participantId, participantIds))
      .orderBy(desc(questionnaireResponses.completedAt));
    const latestQuestionnaire = groupBy(questionnaires, (q) => q.participantId);
    const reasons = new Map<string, WatchReason[]>();
    for (const participantId of participantIds) {
      const rows = facts.get(participantId) ?? [];
      const lastTwo = rows
        .filter((r) => r.n <= 2)
        .map((r) => ({ id: r.id, answers: JSON.parse(r.answers) as CheckinAnswers, at: new Date(r.startsAt) }));
      const troubles = rows.filter((r) => r.trouble && r.troubleHandledAt === null);
      const frailty = frailtyReason(latestQuestionnaire.get(participantId)?.[0]);
      reasons.set(participantId, [
        ...repeatedConcernReasons(lastTwo, questions),
        ...troubles.map((r) => troubleReason({ id: r.id, sessionId: r.sessionId, requestedAt: new Date(r.updatedAt) })),
        ...(frailty ? [frailty] : []),
      ]);
    }
    return reasons;
  }

  /** Each person's last two check-ins (newest first) and any with an unhandled 困りごと. */
  private async checkinFacts(participantIds: string[]): Promise<CheckinFactRow[]> {
    // Quoted aliases keep their case on PostgreSQL; the flag and the times are read as numbers on both databases.
    return await rawRows<CheckinFactRow>(
      this.db,
      sql`
      select "id", "participantId", "sessionId", "answers", "trouble", "troubleHandledAt", "updatedAt", "startsAt", "n" from (
        select c.id as "id", c.participant_id as "participantId", c.session_id as "sessionId", cast(c.answers as text) as "answers",
          case when c.trouble then 1 else 0 end as "trouble",
          ${epochMsOf(sql`c.trouble_handled_at`)} as "troubleHandledAt", ${epochMsOf(sql`c.updated_at`)} as "updatedAt",
          ${epochMsOf(sql`s.starts_at`)} as "startsAt",
          row_number() over (partition by c.participant_id order by s.starts_at desc, c.id desc) as "n"
        from checkins c join sessions s on s.id = c.session_id
        where ${inList(sql`c.participant_id`, participantIds)}
      ) facts where "n" <= 2 or ("trouble" = 1 and "troubleHandledAt" is null)
      order by "participantId", "n"`,
    );
  }

  private async handledKeys(participantIds: string[]): Promise<Set<string>> {
    const rows = await this.db
      .select({ participantId: watchHandled.participantId, reasonKey: watchHandled.reasonKey })
      .from(watchHandled)
      .where(inList(watchHandled.participantId, participantIds));
    return new Set(rows.map((r) => `${r.participantId} ${r.reasonKey}`));
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
