import type { RoomRegistry } from '../call/RoomRegistry';
import { newId } from '../db/ids';
import type { Logger } from '../core/logger';
import { CallFactQueue, DEFAULT_BATCH, type BatchOptions } from './callFactQueue';
import type { AttendanceService } from './service';

const HEARTBEAT_MS = 30_000;

/**
 * Records online attendance from the call itself: every peer of a participant that joins opens a
 * connection stretch, and its leaving closes it. Reconnects add stretches to the same row.
 * The facts keep the moment they happened but are written in batches, after the join has been answered.
 */
export class AttendanceRecorder {
  private readonly timer: NodeJS.Timeout;
  private readonly queue: CallFactQueue;

  constructor(rooms: RoomRegistry, attendance: AttendanceService, logger: Logger, batch: BatchOptions = DEFAULT_BATCH) {
    const closed = attendance.closeStaleConnections();
    if (closed > 0) logger.info({ closed }, 'closed call connections left open by the previous run');
    this.queue = new CallFactQueue(attendance.callFacts, logger, batch);
    attendance.flushBeforeHostChanges(this.queue);
    rooms.on('roomCreated', (room) => {
      const openConnections = new Map<object, string>();
      room.on('peerJoined', (peer) => {
        if (!peer.participantId) return;
        const connectionId = newId('con');
        openConnections.set(peer, connectionId);
        this.queue.push({ kind: 'opened', connectionId, sessionId: room.sessionId, participantId: peer.participantId, at: peer.joinedAt });
      });
      room.on('peerLeft', (peer) => {
        const connectionId = openConnections.get(peer);
        if (!connectionId) return;
        openConnections.delete(peer);
        this.queue.push({ kind: 'closed', connectionId, at: new Date() });
      });
    });
    this.timer = setInterval(() => this.queue.push({ kind: 'seen', at: new Date() }), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Writes what is queued; leaves that still arrive while rooms close are written one by one. */
  stop(): void {
    clearInterval(this.timer);
    this.queue.stop();
  }
}
