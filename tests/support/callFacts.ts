import { CallFactWriter } from '../../server/src/attendance/callFacts';
import type { Db } from '../../server/src/db/client';
import { newId } from '../../server/src/db/ids';

/**
 * Call stretches written at once through the server's own writer (what the recorder's queue writes in
 * batches), for tests and benchmarks that need stretches at chosen moments without a call.
 */
export function callStretches(db: Db) {
  const writer = new CallFactWriter(db);
  return {
    /** A participant's device entered the call: a stretch opens and the attendance row exists (online unless marked). */
    opened(sessionId: string, participantId: string, at: Date): string {
      const connectionId = newId('con');
      writer.writeAll([{ kind: 'opened', connectionId, sessionId, participantId, at }]);
      return connectionId;
    },
    closed(connectionId: string, at: Date): void {
      writer.writeAll([{ kind: 'closed', connectionId, at }]);
    },
  };
}
