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
    async opened(sessionId: string, participantId: string, at: Date): Promise<string> {
      const connectionId = newId('con');
      await writer.writeAll([{ kind: 'opened', connectionId, sessionId, participantId, at }]);
      return connectionId;
    },
    async closed(connectionId: string, at: Date): Promise<void> {
      await writer.writeAll([{ kind: 'closed', connectionId, at }]);
    },
  };
}
