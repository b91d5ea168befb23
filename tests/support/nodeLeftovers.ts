import { eq } from 'drizzle-orm';
import { CallFactWriter } from '../../server/src/attendance/callFacts';
import type { Db } from '../../server/src/db/client';
import { newId } from '../../server/src/db/ids';
import { attendance, callConnections, letters } from '../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { addParticipant } from './fixtures';

/**
 * What nodes leave in the database while they run (issue #17): call stretches opened by a node's writer and kept
 * alive by its heartbeats, and letters in its render queue; and what became of them after a clean-up.
 */
export function nodeRows(db: Db, sessionId: string) {
  return {
    /** A person of the demo organisation in a call on `nodeId` from `joinedAt`, last seen alive by its heartbeat at `lastSeenAt`. */
    async stretch(nodeId: string, joinedAt: Date, lastSeenAt: Date): Promise<{ participantId: string; connectionId: string }> {
      const participantId = await addParticipant(db, DEMO_ORGANISATION_ID, { displayName: `${nodeId}の人`, venueIds: [DEMO_VENUE_ID] });
      const connectionId = newId('con');
      await new CallFactWriter(db, nodeId).writeAll([
        { kind: 'opened', connectionId, sessionId, participantId, at: joinedAt },
        { kind: 'seen', at: lastSeenAt },
      ]);
      return { participantId, connectionId };
    },
    /** A letter of the demo venue queued or rendering on `nodeId` (null: written before letters named their node). */
    async letter(nodeId: string | null, status: 'queued' | 'rendering' = 'rendering'): Promise<string> {
      const id = newId('ltr');
      await db.insert(letters).values({
        id,
        organisationId: DEMO_ORGANISATION_ID,
        venueId: DEMO_VENUE_ID,
        title: `${nodeId ?? 'どこか'}の手紙`,
        parts: [],
        status,
        renderNodeId: nodeId,
      });
      return id;
    },
    async connection(connectionId: string) {
      const [row] = await db.select().from(callConnections).where(eq(callConnections.id, connectionId));
      return row!;
    },
    async attendanceOf(participantId: string) {
      const [row] = await db.select().from(attendance).where(eq(attendance.participantId, participantId));
      return row!;
    },
    async letterStatus(letterId: string): Promise<string> {
      const [row] = await db.select({ status: letters.status }).from(letters).where(eq(letters.id, letterId));
      return row!.status;
    },
  };
}
