import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { msAsTime } from '../db/dialect';
import { newId } from '../db/ids';
import { LOCAL_NODE_ID, type NodeFilter, nodeCondition } from '../db/nodes';
import { attendance, callConnections } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { coveredMinutes } from './minutes';

/** What the call says about a participant's presence, with the moment it happened. */
export type CallFact =
  /** A connection opened: from the web page (`online`) or through the telephone bridge (`phone`). */
  | { kind: 'opened'; connectionId: string; sessionId: string; participantId: string; at: Date; mode?: 'online' | 'phone' }
  | { kind: 'closed'; connectionId: string; at: Date }
  /** Heartbeat: every stretch this node has open was still alive at `at`. */
  | { kind: 'seen'; at: Date };

const p = (name: string) => sql.placeholder(name);
/** drizzle's types take no placeholder in update().set(): these go in raw, as milliseconds (msAsTime for both databases). */
const time = (name: string) => msAsTime(sql.placeholder(name));
const raw = (name: string) => sql`${sql.placeholder(name)}`;

/** The writer's statements, prepared on one database handle (drizzle's `.prepare()`, run with `await execute()`). */
function prepareStatements(db: Db) {
  return {
    insertConnection: db
      .insert(callConnections)
      .values({
        id: p('id'),
        sessionId: p('sessionId'),
        participantId: p('participantId'),
        joinedAt: p('at'),
        lastSeenAt: p('at'),
        nodeId: p('nodeId'),
      })
      .prepare(),
    findConnection: db
      .select()
      .from(callConnections)
      .where(eq(callConnections.id, p('id')))
      .prepare(),
    closeConnection: db
      .update(callConnections)
      .set({ leftAt: time('leftAtMs'), lastSeenAt: time('lastSeenAtMs') })
      .where(eq(callConnections.id, p('id')))
      .prepare(),
    touchOpen: db
      .update(callConnections)
      .set({ lastSeenAt: time('atMs') })
      .where(and(isNull(callConnections.leftAt), eq(callConnections.nodeId, p('nodeId'))))
      .prepare(),
    stretchesOf: db
      .select({ joinedAt: callConnections.joinedAt, lastSeenAt: callConnections.lastSeenAt, leftAt: callConnections.leftAt })
      .from(callConnections)
      .where(and(eq(callConnections.sessionId, p('sessionId')), eq(callConnections.participantId, p('participantId'))))
      .prepare(),
    findAttendance: db
      .select({ id: attendance.id, firstJoinAt: attendance.firstJoinAt })
      .from(attendance)
      .where(and(eq(attendance.sessionId, p('sessionId')), eq(attendance.participantId, p('participantId'))))
      .prepare(),
    insertJoined: db
      .insert(attendance)
      .values({ id: p('id'), sessionId: p('sessionId'), participantId: p('participantId'), mode: p('mode'), firstJoinAt: p('at') })
      .prepare(),
    // updatedAt is set explicitly: drizzle would otherwise freeze its $onUpdate value into the prepared statement.
    setFirstJoin: db
      .update(attendance)
      .set({ firstJoinAt: time('atMs'), updatedAt: time('nowMs') })
      .where(eq(attendance.id, p('id')))
      .prepare(),
    setOnlineTimes: db
      .update(attendance)
      .set({ lastLeaveAt: time('lastLeaveAtMs'), minutesConnected: raw('minutesConnected'), updatedAt: time('nowMs') })
      .where(and(eq(attendance.sessionId, p('sessionId')), eq(attendance.participantId, p('participantId'))))
      .prepare(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Writes call facts to call_connections and attendance with prepared statements (building and preparing SQL on every
 * join was a large share of a burst). A batch of facts costs one transaction, one commit.
 *
 * SQLite's transaction runs on the one connection (inTransaction hands out `db` itself), so the statements prepared
 * once serve every batch. PostgreSQL's runs on a pooled connection of its own (`tx`): a statement prepared on the
 * pool would run outside it, so each transaction prepares its own (one network round trip per statement dominates).
 */
export class CallFactWriter {
  private readonly prepared: Statements;

  /** nodeId: the node whose stretches this writer opens and its heartbeat touches ('local' on a server alone). */
  constructor(
    private readonly db: Db,
    readonly nodeId = LOCAL_NODE_ID,
  ) {
    this.prepared = prepareStatements(db);
  }

  /** Writes the facts in order in one transaction; if one cannot be written, none is (see writeEach). */
  async writeAll(facts: readonly CallFact[]): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const statements = this.statementsOf(tx);
      for (const fact of facts) await this.write(statements, fact);
    });
  }

  /** One transaction per fact: the facts that can be written are, and the others are returned with their error. */
  async writeEach(facts: readonly CallFact[]): Promise<{ fact: CallFact; error: unknown }[]> {
    const failed: { fact: CallFact; error: unknown }[] = [];
    for (const fact of facts) {
      try {
        await inTransaction(this.db, (tx) => this.write(this.statementsOf(tx), fact));
      } catch (error) {
        failed.push({ fact, error });
      }
    }
    return failed;
  }

  /**
   * Stretches nobody keeps alive any more (their node restarted or died) are closed at the moment they were last seen
   * alive: `of` the given nodes, or of every node `except` the live ones; neither: every open stretch (a server alone).
   */
  async closeStaleConnections(nodes: NodeFilter = {}): Promise<number> {
    return await inTransaction(this.db, async (tx) => {
      const statements = this.statementsOf(tx);
      const open = await tx
        .select()
        .from(callConnections)
        .where(and(isNull(callConnections.leftAt), nodeCondition(callConnections.nodeId, nodes)));
      for (const connection of open) {
        const lastSeenMs = connection.lastSeenAt.getTime();
        await statements.closeConnection.execute({ id: connection.id, leftAtMs: lastSeenMs, lastSeenAtMs: lastSeenMs });
      }
      const affected = new Map(open.map((c) => [`${c.sessionId}|${c.participantId}`, c]));
      for (const c of affected.values()) await this.recomputeOnlineTimes(statements, c.sessionId, c.participantId);
      return open.length;
    });
  }

  private statementsOf(tx: Db): Statements {
    return tx === this.db ? this.prepared : prepareStatements(tx);
  }

  private async write(statements: Statements, fact: CallFact): Promise<void> {
    if (fact.kind === 'opened') await this.opened(statements, fact);
    else if (fact.kind === 'closed') await this.closed(statements, fact.connectionId, fact.at);
    else await statements.touchOpen.execute({ atMs: fact.at.getTime(), nodeId: this.nodeId });
  }

  /** A stretch opens and the attendance row exists (online or phone as it came, unless the host marked it otherwise). */
  private async opened(
    statements: Statements,
    { connectionId, sessionId, participantId, at, mode = 'online' }: Extract<CallFact, { kind: 'opened' }>,
  ): Promise<void> {
    await statements.insertConnection.execute({ id: connectionId, sessionId, participantId, at, nodeId: this.nodeId });
    const [row] = await statements.findAttendance.execute({ sessionId, participantId });
    if (!row) await statements.insertJoined.execute({ id: newId('att'), sessionId, participantId, at, mode });
    else if (!row.firstJoinAt || row.firstJoinAt > at)
      await statements.setFirstJoin.execute({ id: row.id, atMs: at.getTime(), nowMs: Date.now() });
  }

  private async closed(statements: Statements, connectionId: string, at: Date): Promise<void> {
    const [connection] = await statements.findConnection.execute({ id: connectionId });
    if (!connection || connection.leftAt) return;
    await statements.closeConnection.execute({ id: connectionId, leftAtMs: at.getTime(), lastSeenAtMs: at.getTime() });
    await this.recomputeOnlineTimes(statements, connection.sessionId, connection.participantId);
  }

  /** lastLeaveAt and minutes from all of the participant's stretches: reconnects and overlaps count once. */
  private async recomputeOnlineTimes(statements: Statements, sessionId: string, participantId: string): Promise<void> {
    const stretches = await statements.stretchesOf.execute({ sessionId, participantId });
    const lastLeaveAt = stretches.reduce<Date | null>(
      (latest, s) => (s.leftAt && (!latest || s.leftAt > latest) ? s.leftAt : latest),
      null,
    );
    const minutesConnected = coveredMinutes(
      stretches.map((s) => ({ start: s.joinedAt.getTime(), end: (s.leftAt ?? s.lastSeenAt).getTime() })),
    );
    await statements.setOnlineTimes.execute({
      sessionId,
      participantId,
      lastLeaveAtMs: lastLeaveAt?.getTime() ?? null,
      minutesConnected,
      nowMs: Date.now(),
    });
  }
}
