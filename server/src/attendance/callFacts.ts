import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { attendance, callConnections } from '../db/schema';
import { coveredMinutes } from './minutes';

/** What the call says about a participant's presence, with the moment it happened. */
export type CallFact =
  /** A connection opened: from the web page (`online`) or through the telephone bridge (`phone`). */
  | { kind: 'opened'; connectionId: string; sessionId: string; participantId: string; at: Date; mode?: 'online' | 'phone' }
  | { kind: 'closed'; connectionId: string; at: Date }
  /** Heartbeat: every open stretch was still alive at `at`. */
  | { kind: 'seen'; at: Date };

const p = (name: string) => sql.placeholder(name);
/** drizzle's types take no placeholder in update().set(): these go in raw, timestamps as milliseconds. */
const raw = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * Writes call facts to call_connections and attendance with statements prepared once (building and preparing
 * SQL on every join was a large share of a burst). A batch of facts costs one transaction, one commit.
 */
export class CallFactWriter {
  private readonly insertConnection;
  private readonly findConnection;
  private readonly closeConnection;
  private readonly touchOpen;
  private readonly stretchesOf;
  private readonly findAttendance;
  private readonly insertJoined;
  private readonly setFirstJoin;
  private readonly setOnlineTimes;

  constructor(private readonly db: Db) {
    this.insertConnection = db
      .insert(callConnections)
      .values({ id: p('id'), sessionId: p('sessionId'), participantId: p('participantId'), joinedAt: p('at'), lastSeenAt: p('at') })
      .prepare();
    this.findConnection = db
      .select()
      .from(callConnections)
      .where(eq(callConnections.id, p('id')))
      .prepare();
    this.closeConnection = db
      .update(callConnections)
      .set({ leftAt: raw('leftAtMs'), lastSeenAt: raw('lastSeenAtMs') })
      .where(eq(callConnections.id, p('id')))
      .prepare();
    this.touchOpen = db
      .update(callConnections)
      .set({ lastSeenAt: raw('atMs') })
      .where(isNull(callConnections.leftAt))
      .prepare();
    this.stretchesOf = db
      .select({ joinedAt: callConnections.joinedAt, lastSeenAt: callConnections.lastSeenAt, leftAt: callConnections.leftAt })
      .from(callConnections)
      .where(and(eq(callConnections.sessionId, p('sessionId')), eq(callConnections.participantId, p('participantId'))))
      .prepare();
    this.findAttendance = db
      .select({ id: attendance.id, firstJoinAt: attendance.firstJoinAt })
      .from(attendance)
      .where(and(eq(attendance.sessionId, p('sessionId')), eq(attendance.participantId, p('participantId'))))
      .prepare();
    this.insertJoined = db
      .insert(attendance)
      .values({ id: p('id'), sessionId: p('sessionId'), participantId: p('participantId'), mode: p('mode'), firstJoinAt: p('at') })
      .prepare();
    // updatedAt is set explicitly: drizzle would otherwise freeze its $onUpdate value into the prepared statement.
    this.setFirstJoin = db
      .update(attendance)
      .set({ firstJoinAt: raw('atMs'), updatedAt: raw('nowMs') })
      .where(eq(attendance.id, p('id')))
      .prepare();
    this.setOnlineTimes = db
      .update(attendance)
      .set({ lastLeaveAt: raw('lastLeaveAtMs'), minutesConnected: raw('minutesConnected'), updatedAt: raw('nowMs') })
      .where(and(eq(attendance.sessionId, p('sessionId')), eq(attendance.participantId, p('participantId'))))
      .prepare();
  }

  /** Writes the facts in order in one transaction; if one cannot be written, none is (see writeEach). */
  writeAll(facts: readonly CallFact[]): void {
    this.db.transaction(() => {
      for (const fact of facts) this.write(fact);
    });
  }

  /** One transaction per fact: the facts that can be written are, and the others are returned with their error. */
  writeEach(facts: readonly CallFact[]): { fact: CallFact; error: unknown }[] {
    const failed: { fact: CallFact; error: unknown }[] = [];
    for (const fact of facts) {
      try {
        this.db.transaction(() => this.write(fact));
      } catch (error) {
        failed.push({ fact, error });
      }
    }
    return failed;
  }

  /** Call inside a transaction. */
  write(fact: CallFact): void {
    if (fact.kind === 'opened') this.opened(fact);
    else if (fact.kind === 'closed') this.closed(fact.connectionId, fact.at);
    else this.touchOpen.run({ atMs: fact.at.getTime() });
  }

  /** A stretch opens and the attendance row exists (online or phone as it came, unless the host marked it otherwise). */
  private opened({ connectionId, sessionId, participantId, at, mode = 'online' }: Extract<CallFact, { kind: 'opened' }>): void {
    this.insertConnection.run({ id: connectionId, sessionId, participantId, at });
    const row = this.findAttendance.get({ sessionId, participantId });
    if (!row) this.insertJoined.run({ id: newId('att'), sessionId, participantId, at, mode });
    else if (!row.firstJoinAt || row.firstJoinAt > at) this.setFirstJoin.run({ id: row.id, atMs: at.getTime(), nowMs: Date.now() });
  }

  private closed(connectionId: string, at: Date): void {
    const connection = this.findConnection.get({ id: connectionId });
    if (!connection || connection.leftAt) return;
    this.closeConnection.run({ id: connectionId, leftAtMs: at.getTime(), lastSeenAtMs: at.getTime() });
    this.recomputeOnlineTimes(connection.sessionId, connection.participantId);
  }

  /** After a restart nobody is connected: close stretches left open at the last moment they were seen alive. */
  closeStaleConnections(): number {
    return this.db.transaction((tx) => {
      const open = tx.select().from(callConnections).where(isNull(callConnections.leftAt)).all();
      for (const connection of open) this.closeAtLastSeen(connection);
      const affected = new Map(open.map((c) => [`${c.sessionId}|${c.participantId}`, c]));
      for (const c of affected.values()) this.recomputeOnlineTimes(c.sessionId, c.participantId);
      return open.length;
    });
  }

  /** Closes a stretch left open by a previous run at the last moment it was seen alive (call inside a transaction). */
  private closeAtLastSeen(connection: { id: string; lastSeenAt: Date }): void {
    const lastSeenMs = connection.lastSeenAt.getTime();
    this.closeConnection.run({ id: connection.id, leftAtMs: lastSeenMs, lastSeenAtMs: lastSeenMs });
  }

  /** lastLeaveAt and minutes from all of the participant's stretches: reconnects and overlaps count once. */
  private recomputeOnlineTimes(sessionId: string, participantId: string): void {
    const stretches = this.stretchesOf.all({ sessionId, participantId });
    const lastLeaveAt = stretches.reduce<Date | null>(
      (latest, s) => (s.leftAt && (!latest || s.leftAt > latest) ? s.leftAt : latest),
      null,
    );
    const minutesConnected = coveredMinutes(
      stretches.map((s) => ({ start: s.joinedAt.getTime(), end: (s.leftAt ?? s.lastSeenAt).getTime() })),
    );
    this.setOnlineTimes.run({
      sessionId,
      participantId,
      lastLeaveAtMs: lastLeaveAt?.getTime() ?? null,
      minutesConnected,
      nowMs: Date.now(),
    });
  }
}
